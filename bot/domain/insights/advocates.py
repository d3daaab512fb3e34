"""Advocates and detractors: who talks about the brand, how, where (network) and when (hour).

An *advocate* has at least `min_mentions` mentions in the window, at least `min_share` of them
positive, and more positive than negative ones; a *detractor* likewise with negative ones. They are
ranked by a score a person can check by hand:

    score = positive (or negative) mentions × reach tier

where the reach tier is the number of digits of the author's largest reach in the window (1 for
0-9 followers, 4 for 1,000-9,999, 7 for a million): a loud voice with a big audience ranks first,
but ten posts from a small account still beat one post from a celebrity.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.insights.rows import AuthorDetail, AuthorTotals, Post


class Side(StrEnum):
    """Which way an author leans."""

    ADVOCATE = "advocate"
    DETRACTOR = "detractor"


@dataclass(frozen=True)
class AdvocateRules:
    """Who counts as an advocate or detractor."""

    min_mentions: int = 2
    min_share: float = 0.5


DEFAULT_RULES = AdvocateRules()


def reach_tier(reach: int) -> int:
    """The number of digits of `reach` (at least 1)."""
    return len(str(max(0, int(reach))))


def leaning(totals: AuthorTotals, side: Side) -> int:
    """The author's mentions on `side`: positive ones for advocates, negative for detractors."""
    return totals.positive if side is Side.ADVOCATE else totals.negative


def qualifies(totals: AuthorTotals, side: Side, rules: AdvocateRules) -> bool:
    """Whether the author is an advocate (or detractor) under `rules`."""
    ours = leaning(totals, side)
    theirs = totals.negative if side is Side.ADVOCATE else totals.positive
    return (
        totals.mentions >= rules.min_mentions
        and ours >= rules.min_share * totals.mentions
        and ours > theirs
    )


def score(totals: AuthorTotals, side: Side) -> int:
    """Leaning mentions × reach tier (see the module docstring)."""
    return leaning(totals, side) * reach_tier(totals.reach)


def rank(
    authors: Iterable[AuthorTotals], side: Side, rules: AdvocateRules, limit: int
) -> list[AuthorTotals]:
    """The qualifying authors, best score first (ties: more reach, more mentions, name)."""
    chosen = [a for a in authors if qualifies(a, side, rules)]
    chosen.sort(key=lambda a: (-score(a, side), -a.reach, -a.mentions, a.author))
    return chosen[:limit]


def usual_hour(hours: Iterable[tuple[datetime, int]], tz: ZoneInfo) -> int | None:
    """The local hour of day the author posts in most often (earliest hour on a tie)."""
    counts: Counter[int] = Counter()
    for moment, count in hours:
        counts[moment.astimezone(tz).hour] += count
    if not counts:
        return None
    return min(counts, key=lambda hour: (-counts[hour], hour))


def networks_by_use(networks: Iterable[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    """Networks with the author's mention counts, most used first."""
    return tuple(sorted(networks, key=lambda pair: (-pair[1], pair[0])))


@dataclass(frozen=True)
class AuthorProfile:
    """What people are shown about an advocate or detractor."""

    totals: AuthorTotals
    side: Side
    score: int
    networks: tuple[tuple[str, int], ...]
    usual_hour: int | None
    first_seen: datetime | None
    top_post: Post | None

    @property
    def main_network(self) -> str | None:
        return self.networks[0][0] if self.networks else None


def profile(
    totals: AuthorTotals, side: Side, detail: AuthorDetail | None, tz: ZoneInfo
) -> AuthorProfile:
    """Put an author's totals and details together."""
    if detail is None:
        detail = AuthorDetail((), (), None, None)
    return AuthorProfile(
        totals=totals,
        side=side,
        score=score(totals, side),
        networks=networks_by_use(detail.networks),
        usual_hour=usual_hour(detail.hours, tz),
        first_seen=detail.first_seen,
        top_post=detail.top_post,
    )


class Trend(StrEnum):
    """An advocate's week against their usual week."""

    QUIETER = "quieter"
    USUAL = "as usual"
    BUSIER = "busier"
    NEW = "new"  # no earlier week with data to compare with (cold start): never against zeros


@dataclass(frozen=True)
class AdvocateWeek:
    """An advocate's mentions this week against the median of their previous weeks."""

    author: str
    this_week: int
    usual_week: float
    trend: Trend
    top_post: Post | None


def trend_of(this_week: int, usual_week: float) -> Trend:
    """Quieter below half the usual week, busier above 1.5 times it (and at least 2 more)."""
    if usual_week > 0 and this_week < usual_week / 2:
        return Trend.QUIETER
    if this_week > usual_week * 1.5 and this_week - usual_week >= 2:
        return Trend.BUSIER
    return Trend.USUAL


def advocate_week(author: str, weekly_counts: Sequence[int], top_post: Post | None) -> AdvocateWeek:
    """`weekly_counts` oldest first, the last being this week, over weeks the team had data (a
    week without the author's mentions counts 0 then); only this week: the advocate is NEW."""
    if not weekly_counts:
        raise ValueError("need at least this week's count")
    *previous, this_week = weekly_counts
    if not previous:
        return AdvocateWeek(author, this_week, 0.0, Trend.NEW, top_post)
    usual = float(statistics.median(previous))
    return AdvocateWeek(author, this_week, usual, trend_of(this_week, usual), top_post)
