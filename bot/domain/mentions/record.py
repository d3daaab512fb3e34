"""One incoming record (a CSV row, a JSON object) checked and turned into a mention draft.

A record that cannot become a mention is rejected with a reason a person can act on ("bad date
'yesterday'", "empty text"); the rest of the file goes on. A record without its own id is keyed
by its URL, and without either by a hash of its time, author and text, so that re-importing the
same export never stores a mention twice.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain.mentions.fields import ColumnMap
from bot.domain.mentions.presets import LANGUAGES
from bot.domain.mentions.shaping import sentiment as tool_label
from bot.domain.mentions.timestamps import BadTimestamp, parse_timestamp

MAX_ID_CHARS = 512
MAX_URL_CHARS = 2048
MAX_AUTHOR_CHARS = 256
MAX_SOURCE_CHARS = 64
_COUNTS = ("reach", "likes", "comments", "shares", "engagement")
_SUFFIX = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}
_NOT_SOURCE = re.compile(r"[^a-z0-9:._\-]+")


class Rejected(ValueError):
    """The record cannot become a mention; the message is the reason."""


@dataclass(frozen=True)
class RecordRules:
    """What an import assumes where a record says nothing, and the limits it enforces."""

    source: str = "import"
    brand: str | None = None
    date_format: str | None = None
    max_text_chars: int = 10_000


@dataclass(frozen=True)
class MentionDraft:
    """A valid mention before tagging and scoring; `media`, `lang`, `brand` as declared."""

    source: str
    external_id: str
    created_at: datetime
    author: str
    text: str
    url: str | None
    reach: int
    engagement: int
    shares: int
    media: str | None
    lang: str | None
    brand: str | None
    tool_sentiment: str | None = None  # the listening tool's own label, when it has one


def values_of_row(row: Sequence[str], columns: ColumnMap) -> dict[str, object]:
    """The fields of a CSV row; a short row is rejected rather than read half-empty."""
    if len(row) != columns.width:
        problem = "missing columns" if len(row) < columns.width else "extra columns"
        raise Rejected(f"{problem}: {len(row)} values, the header has {columns.width}")
    return {field: row[index] for field, index in columns.positions.items()}


def values_of_object(item: Mapping[str, object], columns: ColumnMap) -> dict[str, object]:
    """The fields of a JSON object (keys as named by `columns`)."""
    return {field: item.get(key) for field, key in columns.columns.items()}


def _text_of(value: object) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _count(field: str, value: object) -> int:
    if value is None or isinstance(value, bool):
        return 0
    if isinstance(value, int | float):
        number = float(value)
    else:
        raw = str(value).strip().lower().replace(",", "").replace(" ", "").replace("_", "")
        if not raw:
            return 0
        scale = _SUFFIX.get(raw[-1], 1)
        try:
            number = float(raw[:-1] if scale > 1 else raw) * scale
        except ValueError:
            raise Rejected(f"{field} is not a number: {str(value)[:40]!r}") from None
    if number < 0 or number != number:  # negative or NaN
        raise Rejected(f"{field} is not a count: {value!r}")
    return int(number)


def _source(value: object, default: str) -> str:
    """A short lower-case token: `feed:Google Alerts` -> `feed:google-alerts`."""
    for raw in (value, default):
        cleaned = _NOT_SOURCE.sub("-", _text_of(raw).strip().lower()).strip("-")
        if cleaned:
            return cleaned[:MAX_SOURCE_CHARS]
    return "import"


def _external_id(values: Mapping[str, object], created_at: datetime, author: str) -> str:
    given = _text_of(values.get("id")).strip() or _text_of(values.get("url")).strip()
    if given:
        if len(given) > MAX_ID_CHARS:
            raise Rejected(f"id over {MAX_ID_CHARS} characters")
        return given
    text = _text_of(values.get("text"))
    digest = hashlib.sha1(
        f"{created_at.isoformat()}\n{author}\n{text}".encode(), usedforsecurity=False
    )
    return "sha1:" + digest.hexdigest()


def _created_at(value: object, rules: RecordRules) -> datetime:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = repr(value)
    try:
        return parse_timestamp(_text_of(value), rules.date_format)
    except BadTimestamp as exc:
        raise Rejected(str(exc)) from None


def _engagement(values: Mapping[str, object], shares: int) -> int:
    if values.get("engagement") not in (None, ""):
        return _count("engagement", values["engagement"])
    return (
        _count("likes", values.get("likes")) + _count("comments", values.get("comments")) + shares
    )


def draft(values: Mapping[str, object], rules: RecordRules) -> MentionDraft:
    """Check one record's fields and build its draft, or raise `Rejected` with the reason."""
    text = _text_of(values.get("text")).strip()
    if not text:
        raise Rejected("empty text")
    if len(text) > rules.max_text_chars:
        raise Rejected(f"text over {rules.max_text_chars} characters ({len(text)})")
    created_at = _created_at(values.get("created_at"), rules)
    url = _text_of(values.get("url")).strip() or None
    if url and len(url) > MAX_URL_CHARS:
        raise Rejected(f"url over {MAX_URL_CHARS} characters")
    author = _text_of(values.get("author")).strip().lstrip("@")[:MAX_AUTHOR_CHARS]
    shares = _count("shares", values.get("shares"))
    written = _text_of(values.get("lang")).strip().lower()
    lang = LANGUAGES.get(written, written)[:8] or None
    return MentionDraft(
        source=_source(values.get("source"), rules.source),
        external_id=_external_id(values, created_at, author),
        created_at=created_at,
        author=author,
        text=text,
        url=url,
        reach=_count("reach", values.get("reach")),
        engagement=_engagement(values, shares),
        shares=shares,
        media=_text_of(values.get("media")).strip() or None,
        lang=lang.split("-")[0].split("_")[0] if lang else None,
        brand=_text_of(values.get("brand")).strip() or rules.brand,
        tool_sentiment=tool_label(values.get("sentiment")),
    )
