"""One incoming record (a CSV row, a JSON object) checked and turned into a mention draft.

A record that cannot become a mention is rejected with a reason a person can act on ("bad date
'yesterday'", "empty text"); the rest of the file goes on. A record without its own id is keyed
by its URL, and without either by a hash of its time, author and text, so that re-importing the
same export never stores a mention twice.

Every field is checked where it enters, so what reaches the database always fits it, on SQLite
and PostgreSQL alike: counts are whole, finite and fit the 32-bit INTEGER columns of `mention`
(`reach`, `engagement`, `shares`; PostgreSQL's INTEGER is 32-bit); dates lie between 2000-01-01
and `RecordRules.latest` (a day past the import's clock); text is valid Unicode without NUL
characters or lone surrogates (PostgreSQL refuses both, and UTF-8 cannot encode the latter);
ids, URLs and brands fit their columns or the record is rejected, authors are cut to theirs.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

from bot.domain.mentions.fields import ColumnMap
from bot.domain.mentions.presets import LANGUAGES
from bot.domain.mentions.shaping import sentiment as tool_label
from bot.domain.mentions.timestamps import BadTimestamp, parse_timestamp
from bot.i18n import N_, Problem

MAX_ID_CHARS = 512
MAX_URL_CHARS = 2048
MAX_AUTHOR_CHARS = 256
MAX_SOURCE_CHARS = 64
MAX_BRAND_CHARS = 128
MAX_COUNT = 2**31 - 1  # the largest value of an INTEGER column on PostgreSQL
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)  # no listening tool has older posts
_COUNTS = ("reach", "likes", "comments", "shares", "engagement")
_SUFFIX = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}
_NOT_SOURCE = re.compile(r"[^a-z0-9:._\-]+")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class Rejected(Problem):
    """The record cannot become a mention; the message is the reason."""


@dataclass(frozen=True)
class RecordRules:
    """What an import assumes where a record says nothing, and the limits it enforces."""

    source: str = "import"
    brand: str | None = None
    date_format: str | None = None
    max_text_chars: int = 10_000
    latest: datetime | None = None  # the latest acceptable date; `ingest` sets it from its clock


class MentionDraft(NamedTuple):
    """A valid mention before tagging and scoring; `media`, `lang`, `brand` as declared.

    A named tuple: an import builds one per record, and it costs half a frozen dataclass.
    """

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
        problem = (
            N_("missing columns: {found} values, the header has {width}")
            if len(row) < columns.width
            else N_("extra columns: {found} values, the header has {width}")
        )
        raise Rejected(problem, found=len(row), width=columns.width)
    return {field: row[index] for field, index in columns.positions.items()}


def values_of_object(item: Mapping[str, object], columns: ColumnMap) -> dict[str, object]:
    """The fields of a JSON object (keys as named by `columns`)."""
    return {field: item.get(key) for field, key in columns.columns.items()}


def _text_of(value: object) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _storable(field: str, value: str) -> str:
    """`value` unless it holds a character no database column can store."""
    if value.isascii() and "\x00" not in value:  # nearly every field: no pattern scan
        return value
    bad = _UNSTORABLE.search(value)
    if bad is not None:
        what = (
            N_("{field} contains a NUL character at character {at}")
            if bad.group() == "\x00"
            else N_("{field} contains a lone surrogate (not Unicode) at character {at}")
        )
        raise Rejected(what, field=field, at=bad.start())
    return value


def _within_count(field: str, number: int) -> int:
    if number > MAX_COUNT:
        raise Rejected(N_("{field} over {limit}"), field=field, limit=MAX_COUNT)
    return number


def _count(field: str, value: object) -> int:
    if type(value) is str and value.isdigit() and value.isascii():  # "123", as CSV cells are
        return _within_count(field, int(value))
    if value is None or isinstance(value, bool):
        return 0
    if isinstance(value, int):  # exact: float() would round 2**63 and overflow on 10**400
        if value < 0:
            raise Rejected(N_("{field} is not a count: negative"), field=field)
        return _within_count(field, value)
    if isinstance(value, float):
        number = value
    else:
        raw = str(value).strip().lower().replace(",", "").replace(" ", "").replace("_", "")
        if not raw:
            return 0
        scale = _SUFFIX.get(raw[-1], 1)
        try:
            number = float(raw[:-1] if scale > 1 else raw) * scale
        except ValueError:
            raise Rejected(
                N_("{field} is not a number: {value!r}"), field=field, value=str(value)[:40]
            ) from None
    if number < 0 or not math.isfinite(number):  # negative, NaN, Infinity, 1e400
        raise Rejected(N_("{field} is not a count: {value!r}"), field=field, value=str(value)[:40])
    return _within_count(field, int(number))


_SOURCES: dict[tuple[str | None, str], str] = {}  # (written, default) -> token; a file has few


def _source(value: object, default: str) -> str:
    """A short lower-case token: `feed:Google Alerts` -> `feed:google-alerts`."""
    key = (value if value is None or isinstance(value, str) else str(value), default)
    found = _SOURCES.get(key)
    if found is None:
        found = _source_token(*key)
        if len(_SOURCES) < 1000:
            _SOURCES[key] = found
    return found


def _source_token(value: str | None, default: str) -> str:
    for raw in (value, default):
        cleaned = _NOT_SOURCE.sub("-", _text_of(raw).strip().lower()).strip("-")
        if cleaned:
            return cleaned[:MAX_SOURCE_CHARS]
    return "import"


def _external_id(values: Mapping[str, object], created_at: datetime, author: str) -> str:
    given = _text_of(values.get("id")).strip() or _text_of(values.get("url")).strip()
    if given:
        if len(given) > MAX_ID_CHARS:
            raise Rejected(N_("id over {limit} characters"), limit=MAX_ID_CHARS)
        return _storable("id", given)
    text = _text_of(values.get("text"))
    digest = hashlib.sha1(
        f"{created_at.isoformat()}\n{author}\n{text}".encode(), usedforsecurity=False
    )
    return "sha1:" + digest.hexdigest()


def _created_at(value: object, rules: RecordRules) -> datetime:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = repr(value)
    try:
        created_at = parse_timestamp(_text_of(value), rules.date_format)
    except BadTimestamp as exc:
        raise Rejected(exc.phrase) from None
    if created_at < EARLIEST:
        raise Rejected(
            N_("date {date} is before {earliest}"),
            date=created_at.date().isoformat(),
            earliest=EARLIEST.date().isoformat(),
        )
    if rules.latest is not None and created_at > rules.latest:
        raise Rejected(
            N_("date {date} is in the future"), date=created_at.isoformat(" ", "minutes")
        )
    return created_at


def _engagement(values: Mapping[str, object], shares: int) -> int:
    if values.get("engagement") not in (None, ""):
        return _count("engagement", values["engagement"])
    parts = _count("likes", values.get("likes")) + _count("comments", values.get("comments"))
    return _within_count("engagement", parts + shares)


def _brand(values: Mapping[str, object], rules: RecordRules) -> str | None:
    brand = _text_of(values.get("brand")).strip() or rules.brand or ""
    if len(brand) > MAX_BRAND_CHARS:
        raise Rejected(N_("brand over {limit} characters"), limit=MAX_BRAND_CHARS)
    return _storable("brand", brand) or None


def draft(values: Mapping[str, object], rules: RecordRules) -> MentionDraft:
    """Check one record's fields and build its draft, or raise `Rejected` with the reason."""
    text = _text_of(values.get("text")).strip()
    if not text:
        raise Rejected(N_("empty text"))
    if len(text) > rules.max_text_chars:
        raise Rejected(
            N_("text over {limit} characters ({length})"),
            limit=rules.max_text_chars,
            length=len(text),
        )
    _storable("text", text)
    created_at = _created_at(values.get("created_at"), rules)
    url = _text_of(values.get("url")).strip() or None
    if url and len(url) > MAX_URL_CHARS:
        raise Rejected(N_("url over {limit} characters"), limit=MAX_URL_CHARS)
    if url:
        _storable("url", url)
    author = _text_of(values.get("author")).strip().lstrip("@")[:MAX_AUTHOR_CHARS]
    _storable("author", author)
    shares = _count("shares", values.get("shares"))
    written = _storable("lang", _text_of(values.get("lang")).strip().lower())
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
        brand=_brand(values, rules),
        tool_sentiment=tool_label(values.get("sentiment")),
    )
