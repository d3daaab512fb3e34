"""Campaign curves: sustained vs burst and fade, life, daily counts, mood."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.insights.campaigns import Mood, Shape, classify, daily_counts, half_life, life, mood
from bot.domain.insights.rows import Totals

HELSINKI = ZoneInfo("Europe/Helsinki")


def test_a_launch_spike_that_dies_out_is_burst_and_fade() -> None:
    curve = [120, 80, 40, 10, 5, 3, 2, 2, 1, 1, 1, 0, 1, 0, 0]
    shape = classify(curve)
    assert shape.shape is Shape.BURST
    assert shape.front_share > 0.5 and shape.peak_index == 0 and shape.half_life_days == 2


def test_a_steady_campaign_is_sustained() -> None:
    curve = [20, 22, 18, 25, 21, 19, 24, 20, 23, 22, 18, 21, 20, 22, 19]
    shape = classify(curve)
    assert shape.shape is Shape.SUSTAINED
    assert 0.15 < shape.front_share < 0.3 and shape.tail_level > 0.9


def test_a_slow_steady_decline_is_a_fade() -> None:
    curve = [40 - 2 * i for i in range(20)]  # loses its reach as it ages
    assert classify(curve).shape is Shape.BURST


def test_a_mid_life_spike_on_a_steady_base_stays_sustained() -> None:
    curve = [10] * 7 + [200] + [10] * 7
    shape = classify(curve)
    assert shape.shape is Shape.SUSTAINED and shape.half_life_days == 1


@pytest.mark.parametrize("curve", [[], [50, 40, 30], [1, 2, 1, 0, 1, 2]])
def test_short_or_thin_curves_are_too_early(curve: list[int]) -> None:
    assert classify(curve).shape is Shape.EARLY


def test_half_life_none_when_it_never_halves() -> None:
    assert half_life([5, 10, 8, 7], 1) is None
    assert half_life([10, 6, 5], 0) == 2


def test_life_of_running_and_ended_campaigns() -> None:
    today = date(2026, 11, 3)
    assert life(date(2026, 10, 1), None, date(2026, 10, 2), today) == (
        date(2026, 10, 1),
        date(2026, 11, 2),
    )
    assert life(None, date(2026, 10, 20), date(2026, 10, 5), today) == (
        date(2026, 10, 5),
        date(2026, 10, 20),
    )
    assert life(None, None, None, today) is None
    assert life(today, None, None, today) is None  # started today: no complete day yet


def test_daily_counts_in_local_days() -> None:
    hours = [
        (datetime(2026, 10, 1, 21, tzinfo=UTC), 2),  # 00:00 on 2 Oct in Helsinki
        (datetime(2026, 10, 1, 20, tzinfo=UTC), 1),  # 23:00 on 1 Oct
        (datetime(2026, 10, 9, 12, tzinfo=UTC), 7),  # outside the life
    ]
    assert daily_counts(hours, date(2026, 10, 1), date(2026, 10, 3), HELSINKI) == [1, 2, 0]


@pytest.mark.parametrize(
    ("pos", "neg", "pol", "n", "expected"),
    [
        (60, 10, 20.0, 100, Mood.ENJOYED),
        (30, 20, 2.0, 100, Mood.MIXED),
        (20, 30, -5.0, 100, Mood.DISLIKED),
        (5, 0, 2.0, 5, Mood.QUIET),
    ],
)
def test_mood(pos: int, neg: int, pol: float, n: int, expected: Mood) -> None:
    assert mood(Totals(n, pos, neg, pol, 0, 0)) is expected
