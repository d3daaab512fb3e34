"""English left in Finnish output: the message ids of the code, cut into phrases to look for.

Every person-facing string of the code is a message id (extracted with Babel as `pybabel
extract` does). A Finnish surface must contain none of their English phrases (two words or more,
outside placeholders and `code`), and no button, title or label may be a one-word English id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.extract import extract_from_dir

from bot.i18n import translator

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("bot", "handlers", "jobs")
_CODE = re.compile(r"`[^`]*`|<[^>|]*\|?|\{[^}]*\}")
_SPLIT = re.compile(r"[|*_·•\n()\[\]:;,.!?“”—–=+×%<>~/±…]")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_IDENTIFIER = re.compile(r"\b[A-Za-z]+(?:_[A-Za-z]+)+\b")  # command words such as new_followers


@cache
def extracted() -> tuple[tuple[str | tuple[str, ...], str | None], ...]:
    """(message id, context) of every marked string in the code, as `pybabel extract` finds them."""
    found: dict[tuple[str | tuple[str, ...], str | None], None] = {}
    for source in SOURCES:
        for _file, _line, message, _comments, context in extract_from_dir(
            ROOT / source, method_map=[("**.py", "python")]
        ):
            found[(message, context)] = None
    return tuple(found)


def _english_ids() -> Iterator[str]:
    """The English ids whose Finnish differs (a name shared by both languages is no leak)."""
    fi = translator("fi")
    for message, context in extracted():
        if isinstance(message, tuple):
            ids = [
                (m, fi.ngettext(message[0], message[1], n))
                for n, m in ((1, message[0]), (2, message[1]))
            ]
        elif context:
            ids = [(message, fi.pgettext(context, message))]
        else:
            ids = [(message, fi.gettext(message))]
        for english, finnish in ids:
            if english != finnish:
                yield english


def _phrases(message: str) -> Iterator[str]:
    for part in _SPLIT.split(_CODE.sub("|", message)):
        words = _WORD.findall(part)
        if len(words) >= 2:
            yield " ".join(words)


@cache
def english_phrases() -> frozenset[str]:
    """Phrases of two or more English words from the message ids."""
    return frozenset(p for m in _english_ids() for p in _phrases(m))


@cache
def english_words() -> frozenset[str]:
    """One-word English ids ("Acknowledge", "Resolve"): a button or title must not be one."""
    return frozenset(m for m in _english_ids() if len(_WORD.findall(m)) == 1 and " " not in m)


def texts(value: Any) -> Iterator[str]:
    """Every person-facing string of a Slack payload: the values under "text" keys."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "text" and isinstance(item, str):
                yield item
            else:
                yield from texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)


def english_in(text: str) -> list[str]:
    """The English phrases (and one-word ids standing alone) found in `text`."""
    flat = " ".join(_WORD.findall(_IDENTIFIER.sub(" ", text)))
    found = [p for p in english_phrases() if re.search(rf"\b{re.escape(p)}\b", flat)]
    alone = text.strip().strip("*").strip()
    if alone in english_words():
        found.append(alone)
    return found


# Words no Finnish sentence uses: they catch English that was never marked for translation.
_STOPWORDS = (
    "the a an and or of with this that these those is are was were be been has have not no "
    "by for from since until so far than then into at in to as its it their your you "
    "week weeks day days today yesterday month typical usual open done new data post posts "
    "mention mentions target reach share"
)
STOPWORDS = frozenset(_STOPWORDS.split(" "))
_OUTSIDE = re.compile(r"`[^`]*`|<[^>]*>|“[^”]*”|[@#][\w.-]+|https?://\S+|^> .*$", re.M)


def stopwords_in(text: str) -> list[str]:
    """English function words left in `text` once code, links, quotes and handles are cut."""
    cut = _IDENTIFIER.sub(" ", _OUTSIDE.sub(" ", text))
    return [w for w in _WORD.findall(cut) if w.lower() in STOPWORDS]
