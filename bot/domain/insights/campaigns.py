"""Campaign curves: daily volume over a campaign's life, its shape, and whether people enjoy it.

Shape, in plain terms (all numbers shown to people next to the verdict):
- *burst and fade*: the first 20 % of its life holds at least half of its volume, or its last
  third runs at under 40 % of its average day (it lost its reach as it aged);
- *sustained*: otherwise (it kept a broad reach);
- *too early to tell*: under 5 days or under 10 mentions.
The half-life is the number of days from the peak until a day has at most half the peak's volume.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.insights.rows import Totals


class Shape(StrEnum):
    SUSTAINED = "sustained"
    BURST = "burst and fade"
    EARLY = "too early to tell"


@dataclass(frozen=True)
class ShapeRules:
    """The cut-offs of the shape verdict."""

    front_fraction: float = 0.2
    burst_front_share: float = 0.5
    fade_tail_level: float = 0.4
    min_days: int = 5
    min_mentions: int = 10


@dataclass(frozen=True)
class CurveShape:
    """A daily curve's verdict and the figures behind it."""

    shape: Shape
    total: int
    days: int
    peak_index: int
    peak: int
    front_share: float
    tail_level: float
    half_life_days: int | None


def half_life(counts: Sequence[int], peak_index: int) -> int | None:
    """Days from the peak to the first day at or under half of it (None if it never falls)."""
    half = counts[peak_index] / 2
    for offset, count in enumerate(counts[peak_index + 1 :], start=1):
        if count <= half:
            return offset
    return None


def classify(counts: Sequence[int], rules: ShapeRules | None = None) -> CurveShape:
    """Classify a daily volume curve (first day of the campaign first)."""
    rules = rules or ShapeRules()
    days, total = len(counts), sum(counts)
    if not days:
        return CurveShape(Shape.EARLY, 0, 0, 0, 0, 0.0, 0.0, None)
    peak_index = max(range(days), key=lambda i: (counts[i], -i))
    front_days = max(1, math.ceil(rules.front_fraction * days))
    tail = counts[days - max(1, days // 3) :]
    mean_day = total / days
    front_share = sum(counts[:front_days]) / total if total else 0.0
    tail_level = (sum(tail) / len(tail)) / mean_day if mean_day else 0.0
    if days < rules.min_days or total < rules.min_mentions:
        shape = Shape.EARLY
    elif front_share >= rules.burst_front_share or tail_level < rules.fade_tail_level:
        shape = Shape.BURST
    else:
        shape = Shape.SUSTAINED
    return CurveShape(
        shape,
        total,
        days,
        peak_index,
        counts[peak_index],
        front_share,
        tail_level,
        half_life(counts, peak_index),
    )


def life(
    start: date | None, end: date | None, first_mention: date | None, today: date
) -> tuple[date, date] | None:
    """The campaign's first and last complete local day so far (None if it has none yet).

    Without a configured start, the life begins on the first day with a mention. A running
    campaign's life ends yesterday: today is not over, and a half day would look like a fade.
    """
    first = start or first_mention
    if first is None:
        return None
    last = min(end, today - timedelta(days=1)) if end else today - timedelta(days=1)
    return (first, last) if last >= first else None


def daily_counts(
    hours: Iterable[tuple[datetime, int]], first: date, last: date, tz: ZoneInfo
) -> list[int]:
    """Hourly UTC buckets summed into local days first..last (days without mentions are 0)."""
    counts = [0] * ((last - first).days + 1)
    for moment, count in hours:
        index = (moment.astimezone(tz).date() - first).days
        if 0 <= index < len(counts):
            counts[index] += count
    return counts


class Mood(StrEnum):
    """Do people enjoy the campaign?"""

    ENJOYED = "people enjoy it"
    MIXED = "mixed feelings"
    DISLIKED = "people do not enjoy it"
    QUIET = "too few mentions to tell"


def mood(totals: Totals, min_mentions: int = 10) -> Mood:
    """Enjoyed: at least twice as many positive as negative mentions and a positive mean.

    Disliked: more negative than positive mentions. Mixed: anything between.
    """
    if totals.mentions < min_mentions:
        return Mood.QUIET
    if totals.negative > totals.positive:
        return Mood.DISLIKED
    if totals.positive >= 2 * totals.negative and totals.mean_polarity > 0:
        return Mood.ENJOYED
    return Mood.MIXED


@dataclass(frozen=True)
class CampaignReport:
    """One campaign's curve, shape and sentiment over its life so far."""

    name: str
    first_day: date
    last_day: date
    running: bool
    daily: tuple[int, ...]
    shape: CurveShape
    totals: Totals
    mood: Mood

    @property
    def peak_day(self) -> date:
        return self.first_day + timedelta(days=self.shape.peak_index)
