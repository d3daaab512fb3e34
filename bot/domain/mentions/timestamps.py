"""Timestamps as exports write them, read into timezone-aware UTC.

Accepted without a format: ISO 8601 (`2026-11-03T08:00:00Z`, `2026-11-03 08:00`), an offset
after a space (`2015-02-24 11:35:52 -0800`, as in Twitter's dataset exports), Twitter's API form
(`Tue Feb 24 11:35:52 +0000 2015`), RFC 2822 (`Tue, 24 Feb 2015 11:35:52 -0800`, as in feeds) and
Unix seconds (milliseconds when the number is too large to be seconds). A time without an offset
is UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from bot.i18n import N_, Problem

_SPACED_OFFSET = re.compile(r"^(.*\d)\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})$", re.IGNORECASE)
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_TWITTER_API = "%a %b %d %H:%M:%S %z %Y"
_MILLISECONDS_FROM = 1e11  # seconds beyond year 5138: such a number must be milliseconds


class BadTimestamp(Problem):
    """The value is not a time this parser knows."""


def _aware(value: datetime) -> datetime:
    try:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except OverflowError:  # 9999-12-31T23:00-05:00 is past the last representable instant
        raise BadTimestamp(
            N_("bad date {value!r} (out of range)"), value=value.isoformat()
        ) from None


def _from_number(value: str) -> datetime:
    number = float(value)
    if abs(number) >= _MILLISECONDS_FROM:
        number /= 1000.0
    try:
        return datetime.fromtimestamp(number, UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise BadTimestamp(N_("bad date {value!r}"), value=value) from exc


def _iso(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        pass
    match = _SPACED_OFFSET.match(value)
    if match:
        offset = match.group(2).upper()
        offset = "+00:00" if offset in ("Z", "UTC", "GMT") else offset
        try:
            return datetime.fromisoformat(f"{match.group(1)}{offset}")
        except ValueError:
            return None
    return None


def _textual(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, _TWITTER_API)  # noqa: DTZ007 (the format has %z)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


def parse_timestamp(value: str, date_format: str | None = None) -> datetime:
    """Read `value` as UTC; `date_format` (strptime codes) is tried first when given."""
    value = value.strip()
    if not value:
        raise BadTimestamp(N_("no date"))
    if date_format:
        try:
            return _aware(datetime.strptime(value, date_format))  # noqa: DTZ007 (made aware)
        except ValueError as exc:
            raise BadTimestamp(
                N_("bad date {value!r} (expected {format})"), value=value, format=date_format
            ) from exc
    if _NUMBER.match(value):
        return _from_number(value)
    parsed = _iso(value) or _textual(value)
    if parsed is None:
        raise BadTimestamp(N_("bad date {value!r}"), value=value)
    return _aware(parsed)
