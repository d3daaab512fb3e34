"""Time windows for the insight queries: UTC bounds cut on the team's local calendar.

A week or a month starts at local midnight, so "last week" in Helsinki is the same seven days on
either side of a DST change; the queries only ever see the UTC bounds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.time import add_months, local_midnight
from bot.i18n import ENGLISH, Translator


@dataclass(frozen=True)
class Window:
    """[start, end) in UTC, with a short label for people."""

    start: datetime
    end: datetime
    label: str = ""

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("window bounds must be timezone-aware")
        if self.end < self.start:
            raise ValueError("window ends before it starts")

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


def day_window(day: date, tz: ZoneInfo) -> Window:
    """One local day."""
    return Window(local_midnight(day, tz), local_midnight(day + timedelta(days=1), tz), f"{day}")


def week_label(first: date, t: Translator = ENGLISH) -> str:
    """A week named by its number and dates: "week 47, 16–22 Nov" ("week 49, 30 Nov–6 Dec";
    in Finnish "viikko 47, 16.–22.11.")."""
    last = first + timedelta(days=6)
    number = first.isocalendar().week
    if first.month == last.month:
        days = f"{t.date(first, 'day_only')}–{t.date(last, 'day_month')}"
    else:
        days = f"{t.date(first, 'day_month')}–{t.date(last, 'day_month')}"
    return t.gettext("week {week}, {day}").format(week=number, day=days)


def weeks_before(day: date, count: int, tz: ZoneInfo, t: Translator = ENGLISH) -> list[Window]:
    """`count` seven-day windows ending at local midnight of `day`, oldest first."""
    out = []
    for back in range(count, 0, -1):
        first = day - timedelta(days=7 * back)
        start, end = local_midnight(first, tz), local_midnight(first + timedelta(days=7), tz)
        out.append(Window(start, end, week_label(first, t)))
    return out


def months_before(day: date, count: int, tz: ZoneInfo, t: Translator = ENGLISH) -> list[Window]:
    """`count` calendar months ending before the month of `day` starts, oldest first."""
    this_month = day.replace(day=1)
    out = []
    for back in range(count, 0, -1):
        first = add_months(this_month, -back)
        nxt = add_months(first, 1)
        label = t.date(first, "month_short")
        out.append(Window(local_midnight(first, tz), local_midnight(nxt, tz), label))
    return out


def month_windows(first: date, end: date, tz: ZoneInfo, t: Translator = ENGLISH) -> list[Window]:
    """The calendar months from `first`'s month up to (not including) `end`'s first day."""
    out = []
    month = first.replace(day=1)
    while month < end:
        nxt = add_months(month, 1)
        label = t.date(month, "month_short")
        out.append(Window(local_midnight(month, tz), local_midnight(nxt, tz), label))
        month = nxt
    return out


def rolling(now: datetime, days: int, count: int, label: str = "") -> list[Window]:
    """`count` back-to-back windows of `days` days ending at `now`, oldest first."""
    span = timedelta(days=days)
    return [
        Window(now - span * back, now - span * (back - 1), label if back == 1 else "")
        for back in range(count, 0, -1)
    ]


def fiscal_label(end: date, t: Translator = ENGLISH) -> str:
    """A fiscal year [start, end) named as the checklists name it: by the year it ends in."""
    return t.gettext("fiscal year {year}").format(year=(end - timedelta(days=1)).year)


def with_data(windows: Sequence[Window], first: datetime | None, tz: ZoneInfo) -> list[Window]:
    """The last window, after the earlier ones that began once the team had data (from the local
    day of its first mention): a week before any data is no history, not a week of zeros."""
    if not windows:
        return []
    begun = local_midnight(first.astimezone(tz).date(), tz) if first else None
    kept = [w for w in windows[:-1] if begun is not None and w.start >= begun]
    return [*kept, windows[-1]]


def days_of_data(first: datetime | None, until: datetime, tz: ZoneInfo) -> int:
    """Local days from the first mention's day up to `until` (cold-start wording)."""
    if first is None:
        return 0
    return max(0, (until.astimezone(tz).date() - first.astimezone(tz).date()).days)
