"""The typical day, daily peaks and typical negative share: fallbacks, robustness, maths."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from bot.domain.crisis.baseline import (
    DailyPeaks,
    SurpriseWatch,
    TypicalDay,
    TypicalShare,
    stabilise,
    unstabilise,
)

START = datetime(2025, 3, 3, tzinfo=UTC)  # a Monday
BUCKET = timedelta(minutes=5)


def feed(day: TypicalDay, start: datetime, buckets: int, count: float) -> datetime:
    """Teach `buckets` buckets of `count` from `start`; return the next bucket's start."""
    for i in range(buckets):
        day.learn(start + i * BUCKET, count)
    return start + buckets * BUCKET


@pytest.mark.parametrize("count", [0, 1, 3, 42, 12345])
def test_stabilise_round_trips(count: float) -> None:
    assert unstabilise(stabilise(count)) == pytest.approx(count)


def test_stabilise_gives_poisson_noise_unit_spread() -> None:
    rng = np.random.default_rng(1)
    for rate in (5, 50, 500):
        values = [stabilise(c) for c in rng.poisson(rate, 20000)]
        assert np.std(values) == pytest.approx(1.0, abs=0.05)


def test_nothing_is_typical_before_an_hour_of_history() -> None:
    day = TypicalDay(5, 4)
    assert day.typical(START) is None
    after = feed(day, START, 11, 10)
    assert day.typical(after) is None
    after = feed(day, after, 1, 10)
    typical = day.typical(after)
    assert typical is not None
    assert typical.source == "global"
    assert typical.count == pytest.approx(10)


def test_fallbacks_move_from_global_to_hour_of_day_to_hour_of_week() -> None:
    day = TypicalDay(5, 4)
    seen: dict[str, datetime] = {}
    ts = START
    for _ in range(15 * 288):
        typical = day.typical(ts)
        if typical is not None:
            seen.setdefault(typical.source, ts)
        day.learn(ts, 20)
        ts += BUCKET
    assert seen["global"] - START == timedelta(hours=1)
    assert seen["hour_of_day"] - START == timedelta(days=3)
    assert seen["hour_of_week"] - START == timedelta(weeks=2)


def test_last_weeks_crisis_does_not_become_typical() -> None:
    day = TypicalDay(5, 4)
    ts = START
    for week in range(4):
        for _ in range(7 * 288):
            crisis = week == 3 and ts.weekday() == 0 and 9 <= ts.hour < 12
            day.learn(ts, 200 if crisis else 20)
            ts += BUCKET
    monday_ten = ts.replace(hour=10)
    typical = day.typical(monday_ten)
    assert typical is not None
    assert typical.source == "hour_of_week"
    assert typical.count == pytest.approx(20)


def test_typical_follows_the_hour_of_the_week() -> None:
    day = TypicalDay(5, 4)
    ts = START
    for _ in range(3 * 7 * 288):
        day.learn(ts, 50 if ts.weekday() < 5 else 5)
        ts += BUCKET
    saturday = ts + timedelta(days=5, hours=3)
    monday = ts + timedelta(hours=3)
    assert day.typical(saturday).count == pytest.approx(5)  # type: ignore[union-attr]
    assert day.typical(monday).count == pytest.approx(50)  # type: ignore[union-attr]


def test_same_hour_last_week_is_its_mean_per_bucket() -> None:
    day = TypicalDay(5, 4)
    after = feed(day, START, 12, 6)
    assert day.same_hour_last_week(START + timedelta(days=7, minutes=20)) == pytest.approx(6)
    assert day.same_hour_last_week(after + timedelta(days=7)) is None


def test_bucket_must_divide_an_hour() -> None:
    with pytest.raises(ValueError, match="divide an hour"):
        TypicalDay(7, 4)


def test_daily_peaks_use_the_biggest_so_far_while_history_is_short() -> None:
    peaks = DailyPeaks(28, per_day=2)
    assert peaks.return_level(date(2025, 3, 1), 30) == 0.0
    peaks.add(date(2025, 3, 1), 3.0)
    peaks.add(date(2025, 3, 1), 7.0)
    peaks.add(date(2025, 3, 2), 5.0)
    assert peaks.return_level(date(2025, 3, 2), 30) == 7.0


def test_daily_peaks_fit_only_days_seen_at_least_half() -> None:
    peaks = DailyPeaks(28, per_day=4, min_days=3)
    first = date(2025, 3, 1)
    peaks.add(first, 0.0)  # the series started late that day: one bucket only
    for i in range(1, 3):
        peaks.add(first + timedelta(days=i), 1.0)
        peaks.add(first + timedelta(days=i), 5.0 + i)
    assert peaks.return_level(first + timedelta(days=3), 30) == 7.0  # two fair days: the biggest
    peaks.add(first + timedelta(days=3), 1.0)
    peaks.add(first + timedelta(days=3), 8.0)
    # Gumbel fitted to the quartiles of 6, 7, 8 only (the partial day's 0 is left out).
    scale = 1.0 / (math.log(math.log(4)) - math.log(math.log(4 / 3)))
    location = 7.0 + math.log(math.log(2)) * scale
    expected = location - scale * math.log(-math.log(1 - 1 / 30))
    assert peaks.return_level(first + timedelta(days=4), 30) == pytest.approx(expected)


def test_daily_peaks_return_level_matches_the_gumbel_law() -> None:
    rng = np.random.default_rng(7)
    peaks = DailyPeaks(400, per_day=1, min_days=5)
    first = date(2024, 1, 1)
    for i, value in enumerate(rng.gumbel(loc=5.0, scale=2.0, size=400)):
        peaks.add(first + timedelta(days=i), float(value))
    today = first + timedelta(days=400)
    expected = 5.0 - 2.0 * math.log(-math.log(1 - 1 / 30))
    assert peaks.return_level(today, 30) == pytest.approx(expected, rel=0.1)
    assert peaks.return_level(today, 7) < peaks.return_level(today, 30)
    assert peaks.return_level(today, 1) == 0.0


def test_typical_share_is_the_median_of_days_and_ignores_a_bad_day() -> None:
    share = TypicalShare(28)
    assert share.typical(date(2025, 3, 1)) is None
    for i, negative in enumerate([20, 22, 18, 90, 21]):
        share.learn(date(2025, 3, 1) + timedelta(days=i), 100, negative)
    assert share.typical(date(2025, 3, 10)) == pytest.approx(0.21)


def test_typical_share_pools_until_three_days_are_done() -> None:
    share = TypicalShare(28, min_total=20)
    share.learn(date(2025, 3, 1), 10, 5)
    assert share.typical(date(2025, 3, 1)) is None
    share.learn(date(2025, 3, 1), 30, 5)
    assert share.typical(date(2025, 3, 1)) == pytest.approx(0.25)


def test_surprise_watch_needs_the_whole_window_and_stays_open_until_calm() -> None:
    peaks = DailyPeaks(28, per_day=288)
    watch = SurpriseWatch(6.0, 2, peaks, calm=3, cooldown=timedelta(minutes=10))
    assert watch.observe(9.0) == 0.0  # window not full yet
    assert watch.observe(7.0) == 7.0
    watch.open_since = START
    steps = [START + i * BUCKET for i in range(1, 6)]
    assert watch.still_open(steps[0], 0.5)
    assert watch.still_open(steps[1], 0.5)
    assert not watch.still_open(steps[2], 0.5)  # three calm buckets and past the cooldown
