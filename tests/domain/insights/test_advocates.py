"""Advocates and detractors: who qualifies, the score, usual hour, weekly trend."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.insights.advocates import (
    AdvocateRules,
    Side,
    Trend,
    advocate_week,
    networks_by_use,
    profile,
    qualifies,
    rank,
    reach_tier,
    score,
    trend_of,
    usual_hour,
)
from bot.domain.insights.rows import AuthorDetail, AuthorTotals

HELSINKI = ZoneInfo("Europe/Helsinki")
RULES = AdvocateRules(min_mentions=2, min_share=0.5)


def totals(author: str, n: int, pos: int, neg: int, reach: int = 100) -> AuthorTotals:
    return AuthorTotals(author, n, pos, neg, 0.3 * (pos - neg), reach, 10 * n)


@pytest.mark.parametrize(
    ("reach", "tier"), [(0, 1), (9, 1), (10, 2), (999, 3), (1000, 4), (1_000_000, 7), (-5, 1)]
)
def test_reach_tier_is_the_number_of_digits(reach: int, tier: int) -> None:
    assert reach_tier(reach) == tier


@pytest.mark.parametrize(
    ("n", "pos", "neg", "advocate", "detractor"),
    [
        (3, 2, 0, True, False),  # mostly positive
        (1, 1, 0, False, False),  # too few mentions
        (4, 2, 2, False, False),  # split evenly: neither
        (5, 2, 0, False, False),  # mostly neutral
        (4, 1, 3, False, True),
        (2, 1, 0, True, False),  # exactly half positive, none negative
    ],
)
def test_who_qualifies(n: int, pos: int, neg: int, advocate: bool, detractor: bool) -> None:
    row = totals("a", n, pos, neg)
    assert qualifies(row, Side.ADVOCATE, RULES) is advocate
    assert qualifies(row, Side.DETRACTOR, RULES) is detractor


def test_score_weighs_leaning_mentions_by_reach_tier() -> None:
    assert score(totals("a", 3, 3, 0, reach=12_000), Side.ADVOCATE) == 3 * 5
    assert score(totals("a", 4, 0, 4, reach=50), Side.DETRACTOR) == 4 * 2


def test_rank_orders_by_score_then_reach_and_drops_the_rest() -> None:
    rows = [
        totals("small-but-loud", 10, 10, 0, reach=50),  # 10 × 2 = 20
        totals("celebrity", 2, 2, 0, reach=5_000_000),  # 2 × 7 = 14
        totals("critic", 5, 0, 5, reach=10_000),
        totals("tie-more-reach", 4, 4, 0, reach=99_999),  # 4 × 5 = 20
    ]
    ranked = [r.author for r in rank(rows, Side.ADVOCATE, RULES, 10)]
    assert ranked == ["tie-more-reach", "small-but-loud", "celebrity"]
    assert [r.author for r in rank(rows, Side.ADVOCATE, RULES, 1)] == ["tie-more-reach"]
    assert [r.author for r in rank(rows, Side.DETRACTOR, RULES, 10)] == ["critic"]


def test_usual_hour_is_the_local_mode_across_dst() -> None:
    hours = [
        (datetime(2026, 7, 1, 15, tzinfo=UTC), 2),  # 18:00 in summer (UTC+3)
        (datetime(2026, 12, 1, 16, tzinfo=UTC), 1),  # 18:00 in winter (UTC+2)
        (datetime(2026, 12, 1, 6, tzinfo=UTC), 2),  # 08:00
    ]
    assert usual_hour(hours, HELSINKI) == 18
    assert usual_hour([], HELSINKI) is None
    tie = [(datetime(2026, 12, 1, 16, tzinfo=UTC), 1), (datetime(2026, 12, 1, 6, tzinfo=UTC), 1)]
    assert usual_hour(tie, HELSINKI) == 8


def test_profile_lists_networks_most_used_first() -> None:
    detail = AuthorDetail((("instagram", 1), ("x", 4)), (), None, None)
    p = profile(totals("a", 5, 5, 0), Side.ADVOCATE, detail, HELSINKI)
    assert p.networks == (("x", 4), ("instagram", 1)) and p.main_network == "x"
    assert networks_by_use([("b", 1), ("a", 1)]) == (("a", 1), ("b", 1))
    assert profile(totals("a", 5, 5, 0), Side.ADVOCATE, None, HELSINKI).main_network is None


@pytest.mark.parametrize(
    ("this", "usual", "trend"),
    [
        (0, 2.0, Trend.QUIETER),
        (1, 2.0, Trend.USUAL),
        (5, 2.0, Trend.BUSIER),
        (2, 1.0, Trend.USUAL),  # +1 only: not enough to call busier
        (3, 0.0, Trend.BUSIER),
        (0, 0.0, Trend.USUAL),
    ],
)
def test_trend(this: int, usual: float, trend: Trend) -> None:
    assert trend_of(this, usual) is trend


def test_advocate_week_uses_the_median_of_previous_weeks() -> None:
    week = advocate_week("a", [0, 3, 2, 40, 2, 0], None)  # previous: 0 3 2 40 2 -> median 2
    assert (week.this_week, week.usual_week, week.trend) == (0, 2.0, Trend.QUIETER)
    with pytest.raises(ValueError):
        advocate_week("a", [], None)
