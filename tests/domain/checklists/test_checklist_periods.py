"""Checklist occurrence maths: periods, posting times across DST, fiscal years, run keys."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.domain.checklists.periods import (
    Cadence,
    Calendar,
    due_period,
    due_periods,
    end_of_day,
    period_containing,
    period_label,
)

HEL = ZoneInfo("Europe/Helsinki")
CAL = Calendar(tz=HEL)


@pytest.mark.parametrize(
    ("cadence", "day", "start", "post_local"),
    [
        (
            Cadence.DAILY,
            date(2026, 11, 3),
            date(2026, 11, 3),
            datetime(2026, 11, 3, 9, 0, tzinfo=HEL),
        ),
        (
            Cadence.WEEKLY,
            date(2026, 11, 5),
            date(2026, 11, 2),
            datetime(2026, 11, 2, 9, 0, tzinfo=HEL),
        ),
        # 1 November is a Sunday: the monthly list comes on Monday the 2nd.
        (
            Cadence.MONTHLY,
            date(2026, 11, 20),
            date(2026, 11, 1),
            datetime(2026, 11, 2, 9, tzinfo=HEL),
        ),
        (
            Cadence.YEARLY,
            date(2026, 5, 1),
            date(2026, 1, 1),
            datetime(2026, 12, 1, 9, 0, tzinfo=HEL),
        ),
    ],
)
def test_period_and_posting_time(
    cadence: Cadence, day: date, start: date, post_local: datetime
) -> None:
    period = period_containing(cadence, day, CAL)
    assert period is not None
    assert period.start == start
    assert period.post_at == post_local.astimezone(UTC)


def test_no_daily_period_on_a_weekend() -> None:
    assert period_containing(Cadence.DAILY, date(2026, 11, 7), CAL) is None


def test_posting_time_follows_local_clock_across_dst() -> None:
    before = period_containing(Cadence.DAILY, date(2026, 10, 23), CAL)  # EEST, UTC+3
    after = period_containing(Cadence.DAILY, date(2026, 10, 26), CAL)  # EET, UTC+2
    assert before is not None and after is not None
    assert before.post_at.hour == 6 and after.post_at.hour == 7


def test_fiscal_year_ending_in_june() -> None:
    cal = Calendar(tz=HEL, fiscal_year_end_month=6)
    period = period_containing(Cadence.YEARLY, date(2026, 11, 3), cal)
    assert period is not None
    assert (period.start, period.end) == (date(2026, 7, 1), date(2027, 7, 1))
    assert period.post_at.astimezone(HEL).date() == date(2027, 6, 1)
    assert period_label(period) == "fiscal year 2027"


def test_due_only_after_posting_time_and_late_start_still_due() -> None:
    assert due_period(Cadence.DAILY, datetime(2026, 11, 3, 6, 59, tzinfo=UTC), CAL) is None
    late = due_period(Cadence.DAILY, datetime(2026, 11, 3, 9, 0, tzinfo=UTC), CAL)
    assert late is not None and late.start == date(2026, 11, 3)


def test_due_periods_on_first_monday_of_month() -> None:
    cadences = {p.cadence for p in due_periods(datetime(2026, 11, 2, 7, 0, tzinfo=UTC), CAL)}
    assert cadences == {Cadence.DAILY, Cadence.WEEKLY, Cadence.MONTHLY}


def test_custom_working_week_and_times() -> None:
    cal = Calendar(tz=HEL, post_at=time(8, 30), working_days=frozenset({6}), end_of_day=time(16, 0))
    sunday = period_containing(Cadence.DAILY, date(2026, 11, 8), cal)
    assert sunday is not None and sunday.post_at.astimezone(HEL).time() == time(8, 30)
    assert end_of_day(sunday, cal).astimezone(HEL).time() == time(16, 0)
    assert period_containing(Cadence.DAILY, date(2026, 11, 9), cal) is None


def test_run_key_names_workspace_template_and_period() -> None:
    period = period_containing(Cadence.WEEKLY, date(2026, 11, 4), CAL)
    assert period is not None
    assert period.run_key("T1") == "checklist:T1:weekly:2026-11-02"
