"""Which tracked brands a mention is about, from each brand's keywords, hashtags and handles.

Share of voice counts a mention once for every brand it names, so a comparison post belongs to
both brands. Terms match whole words, case-insensitively: `northwind` finds "Northwind's new
blend" and "#northwind" but not "northwinds" or "#northwindcoffee" (list that as a hashtag).
All brands' terms are compiled into one pattern, so tagging costs one scan of the text.

Finnish inflects names, so a keyword also matches itself followed by a Finnish ending: a case
ending (Northwindin, Northwindille, Northwindista, Northwindiä, Northwindissa, Northwindiksi,
Northwinditta; Nokian, Nokiaan, Koneessa; plurals Northwindit, Northwindeissa, Valioiden), then
a possessive suffix (-ni, -si, -mme, -nne, -nsa/-nsä) and a clitic (-kin, -kaan/-kään,
-han/-hän, -ko/-kö, -pa/-pä). A consonant-final name takes the linking -i- (Northwind-i-n), a
vowel-final one the endings directly. Hyphen compounds ("Northwind-kahvilassa") and the colon
forms after acronyms and numbers ("IKEA:n", "H&M:ltä") match as the word itself, since `-` and
`:` end a word. Only Finnish endings are tried, so English derivations do not match ("Harbor"
does not find "harbored" or "harbors"). A keyword under five letters is often a common Finnish
word ("Kone" is a brand, "koneessa" means "in the machine"), so its inflected forms match only
when written with a capital first letter, as a name is ("Koneen osake", not "koneessa"); its
uninflected form matches in any case, as before. Stem changes (Nokia -> Nokioita) are not
followed: list such forms as keywords.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol


class BrandTerms(Protocol):
    """What the configuration says about one brand (`bot.config.Brand` has this shape)."""

    @property
    def name(self) -> str: ...
    @property
    def keywords(self) -> Sequence[str]: ...
    @property
    def hashtags(self) -> Sequence[str]: ...
    @property
    def handles(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class BrandTags:
    """The mention's main brand (None when it names none) and every brand it names."""

    brand: str | None
    brands: tuple[str, ...]


MIN_FREE_STEM = 5  # shorter keywords match inflected forms only with a capital first letter
_VOWELS = "aeiouyäöå"
_CASES = "n|a|ä|ta|tä|ssa|ssä|sta|stä|lla|llä|lta|ltä|lle|na|nä|ksi|tta|ttä|ne|neen"
_AFTER_CONSONANT = rf"i(?:{_CASES}|in|t|en|den|tten)?|e(?:ja|jä|i(?:{_CASES}|den|tten|hin)?)"
_AFTER_VOWEL = (
    rf"{_CASES}|[{_VOWELS}]n|h[{_VOWELS}]n|seen|[{_VOWELS}](?:{_CASES}|seen|t)"
    rf"|i(?:{_CASES}|den|tten|hin)"
)
_TAIL = r"(?:ni|si|mme|nne|nsa|nsä)?(?:kin|kaan|kään|han|hän|ko|kö|pa|pä)?"


def _term_key(term: str) -> str:
    return " ".join(term.lower().split())


def _inflected(term: str) -> str:
    """The regex of a keyword with its Finnish endings (hashtags and handles stay literal)."""
    body = r"\s+".join(map(re.escape, term.split(" ")))
    last = term[-1]
    if term[0] in "#@" or not last.isalpha():
        return body
    endings = _AFTER_VOWEL if last in _VOWELS else _AFTER_CONSONANT
    inflected = rf"(?:{endings})?{_TAIL}"
    if sum(c.isalpha() for c in term) >= MIN_FREE_STEM:
        return body + inflected
    capital = rf"(?-i:{re.escape(term[0].upper())})" + body[len(re.escape(term[0])) :]
    return rf"(?:{capital}{inflected}|{body})"


def _terms(brand: BrandTerms) -> Iterable[str]:
    yield from (_term_key(k) for k in brand.keywords if k.strip())
    yield from ("#" + _term_key(h).lstrip("#") for h in brand.hashtags if h.strip("# "))
    yield from ("@" + _term_key(h).lstrip("@") for h in brand.handles if h.strip("@ "))


class BrandMatcher:
    """Tags texts with the configured brands; built once per import."""

    def __init__(self, brands: Sequence[BrandTerms]) -> None:
        self._order = [brand.name for brand in brands]
        self._canonical = {name.lower(): name for name in self._order}
        self._owner: dict[str, str] = {}
        for brand in brands:
            for term in _terms(brand):
                self._owner.setdefault(term, brand.name)
        alternatives = sorted(self._owner, key=len, reverse=True)
        self._terms = [
            (re.compile(_inflected(term), re.IGNORECASE), self._owner[term])
            for term in alternatives
        ]
        body = "|".join(_inflected(term) for term in alternatives)
        # A whole word: "#" or "@" may precede it, but not as in an address (info@northwind).
        self._pattern = (
            re.compile(rf"(?<!\w)(?<!\w[@#])(?:{body})(?!\w)", re.IGNORECASE)
            if alternatives
            else None
        )
        self._found: dict[str, str] = {}  # matched text -> brand (few distinct forms)
        self._named: dict[tuple[str, ...], tuple[str, ...]] = {}  # matches -> brands, ordered

    @property
    def names(self) -> tuple[str, ...]:
        """The brands in configuration order."""
        return tuple(self._order)

    def _brand_of(self, matched: str) -> str:
        brand = self._found.get(matched)
        if brand is None:
            brand = next(b for regex, b in self._terms if regex.fullmatch(matched))
            if len(self._found) < 10_000:
                self._found[matched] = brand
        return brand

    def named(self, text: str) -> tuple[str, ...]:
        """The brands `text` names, in configuration order (the team's own brand first)."""
        if self._pattern is None:
            return ()
        matched = tuple(self._pattern.findall(text))
        if not matched:
            return ()
        named = self._named.get(matched)  # posts name a brand in a few ways, again and again
        if named is None:
            found = {self._brand_of(m) for m in matched}
            named = tuple(name for name in self._order if name in found)
            if len(self._named) < 10_000:
                self._named[matched] = named
        return named

    def tag(self, text: str, declared: str | None = None) -> BrandTags:
        """Tag one mention; a declared brand (the export's own column) is its main brand."""
        return self.tags_of(self.named(text), declared)

    def tags_of(self, named: tuple[str, ...], declared: str | None = None) -> BrandTags:
        """`tag` for brands already found by `named` (an import reads a repost's text once)."""
        if declared and declared.strip():
            main = self._canonical.get(declared.strip().lower(), declared.strip())
            return BrandTags(main, (main, *(name for name in named if name != main)))
        return BrandTags(named[0] if named else None, named)
