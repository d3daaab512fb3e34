"""A row's cells turned into mention fields the way its tool means them.

Used for every file: with a preset (bot.domain.mentions.presets) the columns come from it,
otherwise from the generic names. What this adds to reading a cell as it stands: a date and a
separate time column become one moment (a date alone is never silently midnight when the row
has a time); naive stamps are read in the export's zone; network names, sentiment labels and
language names are normalised; per-network count columns are summed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.mentions.presets import (
    DATE_FORMATS,
    NETWORKS,
    SENTIMENTS,
    TIME_FORMATS,
    Preset,
)

_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)
_HEADER_ZONE = re.compile(r"\(([A-Za-z_]+(?:/[A-Za-z_+\-0-9]+)+|UTC|GMT|[A-Z]{2,5}[+-]\d+)\)")
_WORD = re.compile(r"[a-z0-9]+")
_PLAIN_NUMBER = re.compile(r"^\d+(\.\d+)?$")
TOOL_POLARITY = {"positive": 0.5, "negative": -0.5, "neutral": 0.0}


@dataclass(frozen=True)
class RowShape:
    """How to read a file's rows: its preset (None: generic names) and its stamps' zone."""

    preset: Preset | None
    zone: tzinfo = UTC  # the zone of naive stamps (a zone column or header zone wins)


def zone_named(value: str) -> tzinfo | None:
    """`Europe/Helsinki`, `UTC`, `+02:00`, `GMT+2` as a zone; None when it is not one."""
    value = value.strip()
    if not value:
        return None
    if value.upper() in ("UTC", "GMT", "Z"):
        return UTC
    match = _OFFSET.match(value)
    if match:
        sign = -1 if match.group(1) == "-" else 1
        minutes = int(match.group(2)) * 60 + int(match.group(3) or 0)
        return timezone(sign * timedelta(minutes=minutes)) if minutes < 24 * 60 else None
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def header_zone(column_name: str) -> tzinfo | None:
    """The zone a date column's header names, as in `Date (Europe/Helsinki)`."""
    match = _HEADER_ZONE.search(column_name)
    return zone_named(match.group(1)) if match else None


def first(cells: Sequence[str]) -> str:
    """The first non-empty cell."""
    return next((cell.strip() for cell in cells if cell and cell.strip()), "")


def summed(cells: Sequence[str]) -> str:
    """Per-network counts added up; a cell that is not a plain number is left to the check."""
    filled = [cell.strip().replace(",", "").replace(" ", "") for cell in cells if cell.strip()]
    if not all(_PLAIN_NUMBER.match(cell) for cell in filled):
        return first(cells)
    return str(sum(float(cell) for cell in filled)) if filled else ""


def network(value: str, fallback: str | None) -> str:
    """`SOCIALMEDIA_TWITTER`, `X (Twitter)`, `Blogs` -> twitter, twitter, blog."""
    words = _WORD.findall(value.lower())
    for word in words:
        if word in NETWORKS:
            return NETWORKS[word]
    joined = "".join(words)
    if joined in NETWORKS:
        return NETWORKS[joined]
    return fallback if fallback and value.strip() else value


def sentiment(value: object) -> str | None:
    """The tool's label as positive/negative/neutral; numbers by sign; None when unrated."""
    if value is None or isinstance(value, bool):
        return None
    raw = str(value).strip().lower()
    if not raw:
        return None
    try:
        number = float(raw.replace(",", "."))
    except ValueError:
        return next((SENTIMENTS[w] for w in _WORD.findall(raw) if w in SENTIMENTS), None)
    if number != number:  # NaN
        return None
    return "positive" if number > 0 else "negative" if number < 0 else "neutral"


def _strptime(value: str, formats: Sequence[str]) -> tuple[datetime, str] | None:
    for fmt in formats:
        try:
            return datetime.strptime(value, fmt), fmt  # noqa: DTZ007 (the zone is applied after)
        except ValueError:
            continue
    return None


def _moment(value: str) -> tuple[datetime, bool] | None:
    """The stamp and whether it carries a time of day (a date alone does not)."""
    try:
        return datetime.fromisoformat(value), ":" in value
    except ValueError:
        pass
    found = _strptime(value, DATE_FORMATS)
    if found is None:
        return None
    return found[0], "%H" in found[1] or "%I" in found[1]


def _time_of_day(value: str) -> time | None:
    found = _strptime(value.strip().upper(), TIME_FORMATS)
    return found[0].time() if found else None


def stamp(day: str, clock: str, zone: tzinfo) -> str:
    """One ISO stamp with offset from a date (maybe with time) and an optional time column.

    Values this cannot read are returned as written (joined), so the record check reports them.
    """
    day, clock = day.strip(), clock.strip()
    moment = _moment(day) if day else None
    if moment is None:
        return f"{day} {clock}".strip() if clock and day else day
    when, has_time = moment
    if clock and not has_time:
        of_day = _time_of_day(clock)
        if of_day is None:
            return f"{day} {clock}"
        when = datetime.combine(date(when.year, when.month, when.day), of_day)
    if when.tzinfo is None:
        when = when.replace(tzinfo=zone)
    return when.astimezone(UTC).isoformat()


def needs_shaping(cells: Mapping[str, Sequence[str]], shape: RowShape) -> bool:
    """Whether a generic row needs more than its cells as they stand (a time column, a zone)."""
    return shape.preset is not None or "time" in cells or shape.zone is not UTC


def shape_row(
    cells: Mapping[str, Sequence[str]], shape: RowShape, zone_here: tzinfo | None = None
) -> dict[str, object]:
    """Field values for the record check, from each field's cells (its columns, in order)."""
    preset = shape.preset
    sums = preset.sums if preset else frozenset()
    values: dict[str, object] = {
        name: summed(found) if name in sums else first(found)
        for name, found in cells.items()
        if name not in ("time", "zone")
    }
    zone = zone_named(first(cells.get("zone", ()))) or zone_here or shape.zone
    if "created_at" in values and (preset or "time" in cells or zone is not UTC):
        values["created_at"] = stamp(str(values["created_at"]), first(cells.get("time", ())), zone)
    if preset is not None and "source" in values:
        values["source"] = network(str(values["source"]), preset.network_fallback)
    return values
