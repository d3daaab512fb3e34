"""Activation: hashtag, link and video counts this week against the team's usual week.

The usual week is the median of the previous weeks (a single loud week does not move it). A week
is an *unusual rise* when it is at least `min_ratio` times the usual week and at least
`min_increase` above it; for each rise the single largest contributor (one author, one hashtag or
one link) and its share of the week says whether the jump has one source.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ActivationRules:
    """When a week counts as an unusual rise."""

    min_ratio: float = 1.5
    min_increase: int = 5


@dataclass(frozen=True)
class Contributor:
    """One author, hashtag or link and how much of a metric it gave this week."""

    kind: str  # "author", "hashtag" or "link"
    value: str
    count: int


@dataclass(frozen=True)
class MetricWeek:
    """One activation metric this week against the usual week."""

    metric: str
    this_week: int
    usual_week: float
    rise: bool
    top: Contributor | None
    weeks: int

    @property
    def change(self) -> float | None:
        """This week relative to the usual one (0.5 = +50 %); None without a usual level."""
        return self.this_week / self.usual_week - 1 if self.usual_week else None

    @property
    def top_share(self) -> float:
        """The largest contributor's share of this week's count."""
        if self.top is None or not self.this_week:
            return 0.0
        return min(1.0, self.top.count / self.this_week)


def is_rise(this_week: int, usual_week: float, rules: ActivationRules) -> bool:
    """At least `min_ratio` × usual and `min_increase` more (from zero: `min_increase`)."""
    return (
        this_week >= usual_week * rules.min_ratio and this_week - usual_week >= rules.min_increase
    )


def metric_week(
    metric: str,
    weekly_counts: Sequence[int],
    contributors: Sequence[Contributor],
    rules: ActivationRules | None = None,
) -> MetricWeek:
    """`weekly_counts` oldest first, the last being this week; `contributors` of this week."""
    if not weekly_counts:
        raise ValueError("need at least this week's count")
    rules = rules or ActivationRules()
    *previous, this_week = weekly_counts
    usual = float(statistics.median(previous)) if previous else 0.0
    top = max(contributors, key=lambda c: c.count, default=None)  # first one wins a tie
    return MetricWeek(
        metric=metric,
        this_week=this_week,
        usual_week=usual,
        rise=bool(previous) and is_rise(this_week, usual, rules),
        top=top if top is not None and top.count > 0 else None,
        weeks=len(previous),
    )
