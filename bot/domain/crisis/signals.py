"""One brand's crisis signals bucket by bucket: the detectors, anomaly episodes, headline figures.

A thin adapter over `bot.domain.crisis.detector` (only its public API is used here). Volume rises
and falls come from one `OnlineDetector` on the bucket totals; the negative shift from its
`NegativeShiftDetector` on (total, negative). An *episode* is one ongoing anomaly of one kind: it
starts on the bucket the detector alerts, continues while the buckets stay anomalous in that
direction, and ends after the settings' `calm_minutes` of ordinary buckets in a row. Pure: buckets
in, signals out.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.crisis.detector import (
    Decision,
    DetectorSettings,
    NegativeShiftDetector,
    OnlineDetector,
)
from bot.domain.crisis.figures import Figures, typical_label
from bot.domain.crisis.incidents import Kind, Severity, auto_severity

HEADLINE = timedelta(hours=1)  # "412 mentions in the last hour"
SHIFT_RARITY = 1e-6  # chance of a negative share this high in a half hour of ordinary talk


@dataclass(frozen=True)
class Judged:
    """One bucket of one brand with both detectors' verdicts."""

    start: datetime  # UTC
    total: int
    negative: int
    volume: Decision
    shift: Decision  # value: the negative share; expected: the usual share


@dataclass(frozen=True)
class Signal:
    """An anomalous bucket of one kind, within its episode."""

    kind: str
    episode_start: datetime
    starts: bool  # the detector raised the alert on this very bucket


@dataclass(frozen=True)
class Step:
    """What one bucket did: its verdicts, anomalous kinds, kinds whose episode just ended."""

    judged: Judged
    signals: tuple[Signal, ...]
    ended: tuple[str, ...]


def binomial_tail(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p), exactly (small counts are where approximations lie)."""
    if k <= 0:
        return 1.0
    if k > n or p <= 0.0:
        return 0.0
    if p >= 1.0:
        return 1.0
    log_p, log_q = math.log(p), math.log1p(-p)
    base = math.lgamma(n + 1)
    terms = (
        base - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * log_p + (n - i) * log_q
        for i in range(k, n + 1)
    )
    return min(1.0, sum(math.exp(t) for t in terms))


def _flags(j: Judged, shift_rare: bool, s: DetectorSettings) -> dict[str, tuple[bool, bool]]:
    """kind -> (alert on this bucket, still anomalous in that direction).

    An anomaly continues while the detector calls the bucket unusual or, in plain terms, the
    volume is still over `rise_factor` times typical (under `fall_factor` for a drop; the share
    over `rise_factor` times usual for sentiment): a crisis that the noise test judges
    borderline from one bucket to the next stays one incident.
    """
    v, sh = j.volume, j.shift
    typical = v.expected if v.expected is not None else math.inf
    ratio = (j.total + 1) / (typical + 1)
    high = j.total >= s.min_mentions and ratio >= s.rise_factor
    low = typical >= s.min_mentions and ratio <= s.fall_factor
    sour = sh.expected is not None and sh.value >= max(s.rise_factor * sh.expected, 0.2)
    return {
        Kind.VOLUME_SPIKE: (v.alert and v.direction == "rise", v.direction == "rise" or high),
        Kind.VOLUME_DROP: (v.alert and v.direction == "fall", v.direction == "fall" or low),
        Kind.NEGATIVE_SHIFT: (sh.alert and shift_rare, sh.direction == "rise" or sour),
    }


class BrandSignals:
    """The detectors and open episodes of one brand; feed buckets oldest first."""

    def __init__(self, settings: DetectorSettings, tz: ZoneInfo, keep: int) -> None:
        self.settings = settings
        self.tz = tz
        self.bucket = timedelta(minutes=settings.bucket_minutes)
        self.volume = OnlineDetector(settings)
        self.negative = NegativeShiftDetector(settings)
        self.episodes: dict[str, datetime] = {}
        self.calm: dict[str, int] = {}
        self.recent: deque[Judged] = deque(maxlen=keep)
        self.calm_buckets = max(1, settings.calm_minutes // settings.bucket_minutes)

    def feed(self, start: datetime, total: int, negative: int) -> Step:
        """Judge the bucket starting at `start` (UTC) and update the episodes."""
        local = start.astimezone(self.tz)  # the typical day is learnt in the team's local time
        volume = self.volume.update(local, float(total))
        shift = self.negative.update(local, float(total), float(negative))
        judged = Judged(start, total, negative, volume, shift)
        self.recent.append(judged)
        signals: list[Signal] = []
        ended: list[str] = []
        back = (self.settings.share_sustain_buckets - 1) * self.bucket  # for the share
        flags = _flags(judged, self._shift_is_rare(judged), self.settings)
        for kind, (alert, unusual) in flags.items():
            if alert:
                onset = judged.volume.onset if kind != Kind.NEGATIVE_SHIFT else None
                self.episodes[kind] = onset.astimezone(start.tzinfo) if onset else start - back
            if kind in self.episodes and (alert or unusual):
                self.calm[kind] = 0
                signals.append(Signal(kind, self.episodes[kind], alert))
            elif kind in self.episodes:
                self.calm[kind] = self.calm.get(kind, 0) + 1
                if self.calm[kind] >= self.calm_buckets:
                    del self.episodes[kind]
                    ended.append(kind)
        return Step(judged, tuple(signals), tuple(ended))

    def _shift_is_rare(self, judged: Judged) -> bool:
        """Whether the share detector's alert survives the exact binomial tail.

        Its surprise is a normal approximation, which over-alerts on a few mentions at night
        (5 negative of 7 when 10% is usual is 1 in 6,000, not 1 in 30 million); one alert a
        year per brand from chance needs about 1 in a million per half-hour window.
        """
        if not judged.shift.alert or judged.shift.expected is None:
            return False
        span = max(1, self.settings.share_minutes // self.settings.bucket_minutes)
        window = list(self.recent)[-span:]
        n, k = sum(b.total for b in window), sum(b.negative for b in window)
        return binomial_tail(k, n, judged.shift.expected) <= SHIFT_RARITY


def _sum_expected(buckets: Sequence[Judged]) -> float:
    return sum(b.volume.expected or 0.0 for b in buckets)


@dataclass(frozen=True)
class Headline:
    """The figures of a signal before the window is explained, with its growth measure."""

    figures: Figures
    peak: float
    severity: Severity


def headline(kind: str, recent: Sequence[Judged], tz: ZoneInfo, signal: Signal) -> Headline:
    """What moved against typical over the last hour, or since the anomaly began if later.

    A continuing bucket's detector reason ("an alert is still open") means nothing to people,
    so only the bucket that raised the alert gives one.
    """
    last = recent[-1]
    bucket = recent[-1].start - recent[-2].start if len(recent) > 1 else timedelta(minutes=5)
    since = max(signal.episode_start, last.start - HEADLINE + bucket)
    hour = [b for b in recent if b.start >= since] or [last]
    observed, negative = sum(b.total for b in hour), sum(b.negative for b in hour)
    typical = _sum_expected(hour)
    ratio = (observed + 1) / (typical + 1)
    share = negative / observed if observed else 0.0
    usual_share = last.shift.expected
    reason = last.shift.reason if kind == Kind.NEGATIVE_SHIFT else last.volume.reason
    reason = reason if signal.starts else ""
    figures = Figures(
        observed=observed,
        window_minutes=int(len(hour) * bucket.total_seconds() // 60),
        typical=typical,
        typical_label=typical_label(last.volume.source or "global", last.start, tz),
        ratio=ratio,
        peak_ratio=ratio,
        negative=negative,
        negative_share=share,
        typical_negative_share=usual_share,
        reason=reason,
    )
    now_ratio = last.volume.ratio or ratio  # the detector's current intensity, not the hour's
    peak = {
        Kind.VOLUME_SPIKE: now_ratio,
        Kind.VOLUME_DROP: 1 / now_ratio,
        Kind.NEGATIVE_SHIFT: (last.shift.value + 0.01) / ((usual_share or 0.0) + 0.01),
    }[Kind(kind)]
    return Headline(figures, peak, auto_severity(kind, ratio, share, 0.0))
