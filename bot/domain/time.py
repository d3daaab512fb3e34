"""Calendar arithmetic in the team's zone: the one place local days and months become UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo


@lru_cache(maxsize=4096)  # a pure function of its arguments, asked again and again per report
def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    """The UTC instant the local day `day` begins in `tz` (right across DST changes)."""
    return datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after `day`'s month (negative counts go back)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def fiscal_year_start(day: date, fiscal_year_end_month: int) -> date:
    """The first day of the fiscal year containing `day` (the year ends with that month)."""
    start = date(day.year, fiscal_year_end_month % 12 + 1, 1)
    return start if start <= day else add_months(start, -12)


def weeks_before(at: datetime, weeks: int, tz: ZoneInfo) -> datetime:
    """The same local clock time `weeks` weeks before `at` (not 7×24 h: across a DST change the
    two differ by an hour)."""
    return (
        (at.astimezone(tz).replace(tzinfo=None) - timedelta(weeks=weeks))
        .replace(tzinfo=tz)
        .astimezone(UTC)
    )
