"""Look-backs in the team's local time, right across both DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.domain.time import fiscal_year_start, weeks_before

HEL = ZoneInfo("Europe/Helsinki")


def test_a_week_before_is_the_same_local_clock_time_across_dst() -> None:
    # Mon 26 Oct 2026 09:00 EET (07:00 UTC): a week before is Mon 19 Oct 09:00 EEST (06:00 UTC).
    assert weeks_before(datetime(2026, 10, 26, 7, tzinfo=UTC), 1, HEL) == datetime(
        2026, 10, 19, 6, tzinfo=UTC
    )
    # Mon 30 Mar 2026 09:00 EEST (06:00 UTC): a week before is Mon 23 Mar 09:00 EET (07:00 UTC).
    assert weeks_before(datetime(2026, 3, 30, 6, tzinfo=UTC), 1, HEL) == datetime(
        2026, 3, 23, 7, tzinfo=UTC
    )


def test_fiscal_year_start() -> None:
    assert fiscal_year_start(date(2026, 12, 2), 12) == date(2026, 1, 1)
    assert fiscal_year_start(date(2026, 12, 2), 6) == date(2026, 7, 1)
    assert fiscal_year_start(date(2026, 3, 2), 6) == date(2025, 7, 1)
    assert fiscal_year_start(date(2026, 7, 1), 6) == date(2026, 7, 1)
