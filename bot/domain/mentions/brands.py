"""Which tracked brands a mention is about, from each brand's keywords, hashtags and handles.

Share of voice counts a mention once for every brand it names, so a comparison post belongs to
both brands. Terms match whole words, case-insensitively: `northwind` finds "Northwind's new
blend" and "#northwind" but not "northwinds" or "#northwindcoffee" (list that as a hashtag).
All brands' terms are compiled into one pattern, so tagging costs one scan of the text.
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


def _term_key(term: str) -> str:
    return " ".join(term.lower().split())


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
        body = "|".join(r"\s+".join(map(re.escape, term.split(" "))) for term in alternatives)
        # A whole word: "#" or "@" may precede it, but not as in an address (info@northwind).
        self._pattern = (
            re.compile(rf"(?<!\w)(?<!\w[@#])(?:{body})(?!\w)", re.IGNORECASE)
            if alternatives
            else None
        )

    def named(self, text: str) -> tuple[str, ...]:
        """The brands `text` names, in configuration order (the team's own brand first)."""
        if self._pattern is None:
            return ()
        found = {self._owner[_term_key(m)] for m in self._pattern.findall(text)}
        return tuple(name for name in self._order if name in found)

    def tag(self, text: str, declared: str | None = None) -> BrandTags:
        """Tag one mention; a declared brand (the export's own column) is its main brand."""
        named = self.named(text)
        if declared and declared.strip():
            main = self._canonical.get(declared.strip().lower(), declared.strip())
            return BrandTags(main, (main, *(name for name in named if name != main)))
        return BrandTags(named[0] if named else None, named)
