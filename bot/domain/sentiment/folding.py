"""Case-insensitive searches run as case-sensitive ones on lower-cased text, with the same result.

Python's `re` cannot skip ahead by a pattern's first letters when it ignores case, so a search
with IGNORECASE costs about half again as much as the same search without it. The cue patterns
run on every post; on a post lower-cased once (`folded`), each runs as its case-sensitive twin
(`lower_twin`). Both sides are checked, so every match starts and ends where the
case-insensitive one would:
- the text: ASCII (lower-casing maps A-Z to a-z, one character for one) plus characters with no
  case at all (emoji, punctuation, CJK); any other character and the caller keeps the original
  search;
- the pattern: its letters lower-case ASCII or without case, ranges inside a-z or among
  characters without case, no inline flags; anything else has no twin.
"""

from __future__ import annotations

import re
from functools import cache
from re import _constants as sre  # type: ignore[attr-defined]  # the compiler's own opcodes
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_LOWER_ASCII = range(ord("a"), ord("z") + 1)


@cache
def _caseless(char: str) -> bool:
    return char.lower() == char == char.upper()


def folded(text: str) -> str | None:
    """`text` lower-cased when a twin finds there exactly what the original finds in `text`."""
    if text.isascii() or all(map(_caseless, _NON_ASCII.findall(text))):
        return text.lower()
    return None


def _plain_char(code: int) -> bool:
    """A character a pattern may name: lower-case a-z, or one without case."""
    return (
        code in _LOWER_ASCII
        or (code > 0x7F and _caseless(chr(code)))
        or (code <= 0x7F and not chr(code).isalpha())
    )


def _plain_range(low: int, high: int) -> bool:
    if low in _LOWER_ASCII and high in _LOWER_ASCII:
        return True
    return all(_plain_char(code) for code in range(low, high + 1))


def _plain(items: Any) -> bool:
    """Whether every element of a parsed pattern matches the same on lower-cased text."""
    for op, value in items:
        if op in (sre.LITERAL, sre.NOT_LITERAL):
            if not _plain_char(value):
                return False
        elif op is sre.RANGE:
            if not _plain_range(*value):
                return False
        elif op is sre.IN:
            if not _plain(value):
                return False
        elif op is sre.BRANCH:
            if not all(_plain(branch) for branch in value[1]):
                return False
        elif op is sre.SUBPATTERN:
            _group, add_flags, del_flags, body = value
            if add_flags or del_flags or not _plain(body):
                return False
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            if not _plain(value[2]):
                return False
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            if not _plain(value[1]):
                return False
        elif op not in (sre.AT, sre.CATEGORY, sre.ANY, sre.NEGATE, sre.GROUPREF):
            return False
    return True


@cache
def lower_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """`pattern` without IGNORECASE, for `folded` text; None when that could change a match.

    Made when first needed and kept: compiling costs about as much as a hundred searches.
    """
    if not pattern.flags & re.IGNORECASE:
        return None
    if not _plain(sre_parse.parse(pattern.pattern, pattern.flags)):
        return None
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


def search(pattern: re.Pattern[str], text: str, lowered: str | None) -> re.Match[str] | None:
    """`pattern.search(text)`, through its twin on `lowered` (`folded(text)`) when both exist."""
    if lowered is not None and (twin := lower_twin(pattern)) is not None:
        return twin.search(lowered)
    return pattern.search(text)
