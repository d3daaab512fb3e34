"""Activation: usual week as the median, unusual rises, the largest single source."""

from __future__ import annotations

import pytest

from bot.domain.insights.activation import ActivationRules, Contributor, is_rise, metric_week


@pytest.mark.parametrize(
    ("this", "usual", "rise"),
    [
        (30, 20.0, True),
        (29, 20.0, False),
        (5, 0.0, True),
        (4, 0.0, False),
        (8, 2.0, True),
        (6, 2.0, False),
    ],
)
def test_rise_needs_ratio_and_absolute_increase(this: int, usual: float, rise: bool) -> None:
    assert is_rise(this, usual, ActivationRules(min_ratio=1.5, min_increase=5)) is rise


def test_metric_week_against_the_median_and_its_top_source() -> None:
    top = [Contributor("hashtag", "autumndeal", 60), Contributor("author", "ann", 12)]
    week = metric_week("hashtags", [20, 22, 200, 18, 100], top)  # median of 20 22 200 18 = 21
    assert week.usual_week == 21.0 and week.rise
    assert week.top == Contributor("hashtag", "autumndeal", 60)
    assert week.top_share == pytest.approx(0.6)
    assert week.change == pytest.approx(100 / 21 - 1)


def test_an_ordinary_week_is_not_a_rise_and_first_week_has_no_baseline() -> None:
    assert not metric_week("links", [10, 12, 11, 13, 12], []).rise
    first = metric_week("videos", [9], [Contributor("author", "a", 9)])
    assert not first.rise and first.change is None and first.weeks == 0
    assert metric_week("videos", [0, 0], [Contributor("author", "a", 0)]).top is None
    with pytest.raises(ValueError):
        metric_week("videos", [], [])
