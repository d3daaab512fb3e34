"""Checklist occurrence maths: which period is current, when it is due, and its run key.

Periods are dates in the team's time zone: a daily run is one working day, a weekly run starts
on Monday, a monthly run on the 1st and a yearly run on the first day of the fiscal year. Each is
posted on the first working day of its period at the posting time, except the yearly one, which
comes in the fiscal year's last month so the team has that month for the review.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.time import add_months
from bot.i18n import ENGLISH, Translator


class Cadence(StrEnum):
    """How often a checklist repeats."""

    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    YEARLY = "yearly"


@dataclass(frozen=True)
class Calendar:
    """The team's working week, posting times and fiscal year."""

    tz: ZoneInfo
    post_at: time = time(9, 0)
    end_of_day: time = time(17, 0)
    working_days: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    fiscal_year_end_month: int = 12

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.working_days

    def first_working_day(self, start: date, end: date) -> date | None:
        """The first working day in [start, end)."""
        day = start
        while day < end:
            if self.is_working_day(day):
                return day
            day += timedelta(days=1)
        return None

    def local(self, day: date, at: time) -> datetime:
        """`day` at wall-clock time `at` in the team's zone, as UTC."""
        return datetime.combine(day, at, tzinfo=self.tz).astimezone(UTC)


@dataclass(frozen=True)
class Period:
    """One occurrence of a cadence: [start, end) in local dates, posted at `post_at` (UTC)."""

    cadence: Cadence
    start: date
    end: date
    post_at: datetime

    def run_key(self, team_id: str) -> str:
        """The idempotency key of this period's checklist in a workspace."""
        return f"checklist:{team_id}:{self.cadence.value}:{self.start:%Y-%m-%d}"


def _bounds(cadence: Cadence, day: date, cal: Calendar) -> tuple[date, date]:
    if cadence is Cadence.DAILY:
        return day, day + timedelta(days=1)
    if cadence is Cadence.WEEKLY:
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=7)
    if cadence is Cadence.MONTHLY:
        first = day.replace(day=1)
        return first, add_months(first, 1)
    fy_start_month = cal.fiscal_year_end_month % 12 + 1
    start = date(day.year, fy_start_month, 1)
    if start > day:
        start = add_months(start, -12)
    return start, add_months(start, 12)


def period_containing(cadence: Cadence, day: date, cal: Calendar) -> Period | None:
    """The period of `cadence` that contains local date `day` (None if it has no posting day)."""
    if cadence is Cadence.DAILY and not cal.is_working_day(day):
        return None
    start, end = _bounds(cadence, day, cal)
    post_from = add_months(end, -1) if cadence is Cadence.YEARLY else start
    post_day = cal.first_working_day(post_from, end)
    if post_day is None:
        return None
    return Period(cadence, start, end, cal.local(post_day, cal.post_at))


def due_period(cadence: Cadence, now: datetime, cal: Calendar) -> Period | None:
    """The current period if its posting time has come (late starts still post it once)."""
    period = period_containing(cadence, now.astimezone(cal.tz).date(), cal)
    if period is None or now < period.post_at:
        return None
    return period


def due_periods(now: datetime, cal: Calendar) -> list[Period]:
    """Every cadence's period that should have been posted by `now`."""
    return [p for c in Cadence if (p := due_period(c, now, cal)) is not None]


def end_of_day(period: Period, cal: Calendar) -> datetime:
    """When a daily checklist's open items are nudged (UTC)."""
    return cal.local(period.start, cal.end_of_day)


def period_label(period: Period, t: Translator = ENGLISH) -> str:
    """A short human name for the period ("Tue 3 Nov", "week 45, 2 Nov", "November 2026",
    "fiscal year 2026"; in Finnish "ti 3.11.", "viikko 45, 2.11.", "marraskuu 2026")."""
    start = period.start
    if period.cadence is Cadence.DAILY:
        return t.date(start, "day_short")
    if period.cadence is Cadence.WEEKLY:
        week = start.isocalendar().week
        return t.gettext("week {week}, {day}").format(week=week, day=t.date(start, "day_month"))
    if period.cadence is Cadence.MONTHLY:
        return t.date(start, "month")
    last = period.end - timedelta(days=1)
    return t.gettext("fiscal year {year}").format(year=last.year)
