"""A measurement's own anomaly watch: rises, drops, level shifts and changes of noise.

A series that is not mention counts (a temperature, a latency, a server's load, a cost per click)
has no Poisson noise and no "twice the usual volume" in plain terms, and its anomalies go both
ways: a drop in a road's speed or a machine's load is as telling as a rise. So it is judged by
how surprising its recent run is *for this series*, in the manner of Numenta's anomaly
likelihood (Ahmad et al., 2017):

1. Each bucket's residual from its expected level is measured in the spread of such residuals
   (an interquartile range), floored by the series' resolution and a share of its long-run
   spread, so a flat line's tiny wobble is not a thousand sigmas. The expected level is the
   median of the last `window` buckets, or, when it has predicted the recent buckets better, the
   same time on the last `seasons` days (a daily rhythm is no anomaly; a missing peak is).
2. That standardised residual is squashed into a per-bucket surprise in [0, 1).
3. The mean surprise of the last `short` buckets is compared with how the same mean has been
   distributed over the last `long` buckets; its Gaussian tail probability is the evidence.
   A series that is always jumpy learns a wide normal range and stays quiet; a quiet one that
   starts to jump, shift level or change its variance stands out quickly.

An alert fires on the first bucket whose tail probability is below 1 in `rarity` (the earliest
clear evidence; with `rarity_days` also beyond what the series shows once in so many days) while
that bucket itself is `min_z` spreads off on the same side: the tail of a mean of surprises is
heavier than Gaussian, and that bar keeps plain noise from paging (as `surprise` does for
counts). Then the watch holds until the evidence has been ordinary for `calm` buckets and at
least `hold` has passed: one event, one alert, whichever way it went. Every verdict is made
before the bucket is learnt, so only the past decides (the live watch and `vahti detect` agree).
Per bucket the cost is a few insertions into sorted windows and running sums.
"""

from __future__ import annotations

import math
from bisect import bisect_left, insort
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from bot.domain.crisis.baseline import DailyPeaks

Way = Literal["rise", "fall"]

# The interquartile range of a normal law is 1.349 standard deviations.
_IQR_TO_SD = 1.349


@dataclass(frozen=True)
class MeasureSettings:
    """The measurement watch's knobs; DetectorSettings' `measure_*` fields explain them."""

    window: int = 288
    short: int = 6
    long: int = 2016
    rarity: float = 1e4
    spread_share: float = 0.1
    calm: int = 6
    hold: timedelta = timedelta(hours=1)
    warmup: timedelta = timedelta(hours=24)
    both_ways: bool = True
    min_z: float = 5.0
    seasonal: bool = True
    seasons: int = 3
    rarity_days: float = 0.0
    per_day: int = 288


@dataclass(frozen=True)
class MeasureVerdict:
    """The measurement watch's verdict on one bucket."""

    alert: bool
    score: float  # 0..1, 0.5 exactly at the alert bar, 0 while an alert is open
    direction: Way | None  # which way the recent run leans when it is unusual
    expected: float | None  # the expected level (recent median or the same time earlier)
    reason: str
    onset: datetime | None = None  # on an alert: the first bucket of the run that raised it
    same_time: bool = False  # the level came from the same time on earlier days, not the window


class _SortedWindow:
    """The last `size` values, kept sorted for quantiles in O(log n) lookups."""

    __slots__ = ("_order", "_sorted")

    def __init__(self, size: int) -> None:
        self._order: deque[float] = deque(maxlen=size)
        self._sorted: list[float] = []

    def __len__(self) -> int:
        return len(self._order)

    def add(self, value: float) -> None:
        if len(self._order) == self._order.maxlen:
            old = self._order[0]
            del self._sorted[bisect_left(self._sorted, old)]
        self._order.append(value)
        insort(self._sorted, value)

    def quantile(self, q: float) -> float:
        """Linear-interpolated quantile of the window (it must not be empty)."""
        pos = q * (len(self._sorted) - 1)
        low = int(pos)
        high = min(low + 1, len(self._sorted) - 1)
        return self._sorted[low] + (pos - low) * (self._sorted[high] - self._sorted[low])


class _RunningStats:
    """Mean and standard deviation of the last `size` values, by running sums."""

    __slots__ = ("_sum", "_sum_sq", "_values")

    def __init__(self, size: int) -> None:
        self._values: deque[float] = deque(maxlen=size)
        self._sum = 0.0
        self._sum_sq = 0.0

    def __len__(self) -> int:
        return len(self._values)

    def add(self, value: float) -> None:
        if len(self._values) == self._values.maxlen:
            old = self._values[0]
            self._sum -= old
            self._sum_sq -= old * old
        self._values.append(value)
        self._sum += value
        self._sum_sq += value * value

    def mean(self) -> float:
        return self._sum / len(self._values)

    def sd(self) -> float:
        n = len(self._values)
        return math.sqrt(max(self._sum_sq / n - (self._sum / n) ** 2, 0.0))


def surprise_of(z: float) -> float:
    """A standardised residual squashed to [0, 1): 0 at the level, near 1 far from it.

    Saturating keeps one absurd reading from dominating the short mean, as HTM's raw anomaly
    score is bounded.
    """
    return 1.0 - math.exp(-0.5 * z * z / 9.0)


def tail(x: float) -> float:
    """Upper tail probability of a standard normal at `x`."""
    return 0.5 * math.erfc(x / math.sqrt(2.0))


class MeasurementWatch:
    """One measurement series, bucket by bucket, both directions, only from the past."""

    def __init__(self, settings: MeasureSettings | None = None) -> None:
        self.settings = s = settings or MeasureSettings()
        self._recent = _SortedWindow(s.window)
        self._long_values = _RunningStats(s.long)
        self._surprises: deque[float] = deque(maxlen=s.short)
        self._signs: deque[tuple[datetime, float]] = deque(maxlen=s.short)
        self._history = _RunningStats(s.long)
        self._peaks = DailyPeaks(28, s.per_day)
        # The same time on earlier days, the residuals from it, and both models' recent errors.
        self._by_time: dict[datetime, float] = {}
        self._times: deque[datetime] = deque()
        self._season_residuals = _SortedWindow(s.window)
        self._errors = (_RunningStats(s.window), _RunningStats(s.window))  # (recent, seasonal)
        self._resolution = math.inf
        self._previous: float | None = None
        self._first: datetime | None = None
        self._open_since: datetime | None = None
        self._calm_run = 0

    def update(self, ts: datetime, value: float) -> MeasureVerdict:
        """Judge the bucket at `ts` against the past, then learn it."""
        recent = self._recent.quantile(0.5) if len(self._recent) else None
        same_time = self._same_time(ts)
        verdict = self._judge(ts, value, recent, same_time)
        self._learn(ts, value, recent, same_time)
        return verdict

    def _same_time(self, ts: datetime) -> float | None:
        """The median value at this time of day on the last `seasons` days, if any was seen."""
        if not self.settings.seasonal:
            return None
        seen = [
            self._by_time.get(ts - timedelta(days=k)) for k in range(1, self.settings.seasons + 1)
        ]
        values = sorted(v for v in seen if v is not None)
        if not values:
            return None
        mid = len(values) // 2
        return values[mid] if len(values) % 2 else 0.5 * (values[mid - 1] + values[mid])

    def _seasonal_wins(self) -> bool:
        """Whether the same time on earlier days has predicted recent buckets better."""
        recent, seasonal = self._errors
        enough = max(self.settings.short, self.settings.window // 4)
        if len(seasonal) < enough or len(self._season_residuals) < enough:
            return False
        return seasonal.mean() < recent.mean()

    def _spread(self, window: _SortedWindow) -> float:
        s = self.settings
        iqr = (window.quantile(0.75) - window.quantile(0.25)) / _IQR_TO_SD
        floor = s.spread_share * self._long_values.sd()
        resolution = self._resolution if math.isfinite(self._resolution) else 0.0
        return max(iqr, floor, resolution, 1e-12)

    def _judge(
        self, ts: datetime, value: float, recent: float | None, same_time: float | None
    ) -> MeasureVerdict:
        s = self.settings
        if recent is None or len(self._recent) < max(s.short, s.window // 4):
            self._surprises.clear()
            return MeasureVerdict(False, 0.0, None, None, "learning the usual level")
        seasonal = same_time is not None and self._seasonal_wins()
        if same_time is not None and seasonal:
            residuals = self._season_residuals
            level = same_time + residuals.quantile(0.5)
            z = (value - level) / self._spread(residuals)
        else:
            level = recent
            z = (value - level) / self._spread(self._recent)
        self._surprises.append(surprise_of(z))
        self._signs.append((ts, z))
        if len(self._surprises) < s.short:
            return MeasureVerdict(False, 0.0, None, level, "learning the usual level")
        mean = sum(self._surprises) / s.short
        evidence = self._evidence(mean)
        self._history.add(mean)
        way: Way = "rise" if sum(z for _, z in self._signs) >= 0 else "fall"
        bar = max(math.log10(s.rarity), self._peaks.return_level(ts.date(), s.rarity_days))
        self._peaks.add(ts.date(), evidence)
        unusual = evidence >= bar
        # 0.5 exactly where both bars are cleared (the run's rarity and the bucket's distance).
        score = evidence / (evidence + bar)
        if s.min_z > 0:
            off = max(z if way == "rise" else -z, 0.0)
            score = min(score, off / (off + s.min_z))
        why: str | None = None
        if self._still_open(ts, evidence):
            score, why = 0.0, "an alert for it is still open"
        elif not unusual:
            why = "within its usual range"
        elif self._first is None or ts - self._first < s.warmup:
            why = "still learning the usual level"
        elif abs(z) < s.min_z or (z > 0) != (way == "rise"):
            why = "this bucket itself is ordinary"
        elif way == "fall" and not s.both_ways:
            why = "a fall, and falls are not watched"
        if why is not None:
            way_or_none = way if unusual else None
            return MeasureVerdict(False, score, way_or_none, level, why, None, seasonal)
        self._open_since, self._calm_run = ts, 0
        why = self._explain(way, value, level, evidence, seasonal)
        return MeasureVerdict(True, score, way, level, why, self._onset(way), seasonal)

    def _onset(self, way: Way) -> datetime:
        """The first of the latest buckets that sit clearly (two spreads) on the alert's side."""
        sign = 1.0 if way == "rise" else -1.0
        onset = self._signs[-1][0]
        for ts, z in reversed(self._signs):
            if sign * z < 2.0:
                break
            onset = ts
        return onset

    def _evidence(self, mean: float) -> float:
        """-log10 of how rarely the recent mean surprise is this high (0 while unknown)."""
        if len(self._history) < 2 * self.settings.short:
            return 0.0
        sd = max(self._history.sd(), 1e-3)
        p = tail((mean - self._history.mean()) / sd)
        return -math.log10(max(p, 1e-300))

    def _still_open(self, ts: datetime, evidence: float) -> bool:
        if self._open_since is None:
            return False
        self._calm_run = self._calm_run + 1 if evidence < 1.0 else 0
        s = self.settings
        if self._calm_run >= s.calm and ts - self._open_since >= s.hold:
            self._open_since = None
        return self._open_since is not None

    def _explain(
        self, way: Way, value: float, level: float, evidence: float, seasonal: bool
    ) -> str:
        odds = f"1 in {10**evidence:,.0f}" if evidence < 12 else "beyond 1 in a trillion"
        word = "rose" if way == "rise" else "fell"
        usual = "its usual level at this time of day" if seasonal else "its recent level"
        return (
            f"measurement {word} to {value:.3g} from {usual} {level:.3g}; "
            f"a run this far off is {odds} for this series"
        )

    def _learn(
        self, ts: datetime, value: float, recent: float | None, same_time: float | None
    ) -> None:
        if same_time is not None:
            self._season_residuals.add(value - same_time)
            if recent is not None:
                self._errors[0].add(abs(value - recent))
                self._errors[1].add(abs(value - same_time))
        if self.settings.seasonal:
            self._by_time[ts] = value
            self._times.append(ts)
            while ts - self._times[0] > timedelta(days=self.settings.seasons):
                del self._by_time[self._times.popleft()]
        self._first = self._first or ts
        if self._previous is not None and value != self._previous:
            self._resolution = min(self._resolution, abs(value - self._previous))
        self._previous = value
        self._recent.add(value)
        self._long_values.add(value)
