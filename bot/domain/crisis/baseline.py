"""The typical day of a series, learnt online from the last weeks, and the noise around it.

Mention counts are compared on a variance-stabilised scale (Anscombe's square root), where Poisson
noise has a spread of about one whatever the brand's size; a series that shows a fractional or
negative value is a measurement, not a count, and is compared on its own scale with the smallest
step it has shown as its noise floor. Either way the noise is the series' own: the typical value
of a bucket is the median of the same hour of the week over the last weeks, and its spread the
median absolute deviation (MAD), both of which ignore a past crisis, so last month's spike does
not become normal. While that history is short the same hour of any day is used, and before that
the last day as a whole, which is also the recent reference a rise must beat (`recent`).
"""

from __future__ import annotations

import math
import statistics
from collections import deque
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

BaselineSource = Literal["hour_of_week", "hour_of_day", "global"]

# MAD times this estimates the standard deviation of normal data.
MAD_TO_SD = 1.4826
# Spread never assumed below the Poisson noise of one count on the stabilised scale.
MIN_SPREAD = 1.0


def stabilise(count: float) -> float:
    """Anscombe transform: Poisson counts get a spread of about 1 at every level."""
    return 2.0 * math.sqrt(max(count, 0.0) + 0.375)


def unstabilise(value: float) -> float:
    """Back from the stabilised scale to a count (inverse of `stabilise`)."""
    return max((value / 2.0) ** 2 - 0.375, 0.0)


@dataclass(frozen=True)
class Typical:
    """What a bucket usually holds at this time, and how much it usually varies."""

    level: float  # median on the stabilised scale
    spread: float  # robust standard deviation on the stabilised scale (at least MIN_SPREAD)
    count: float  # the typical count in mentions per bucket
    source: BaselineSource
    samples: int


class SlotValues(deque[float]):
    """A slot's last values. Never changed once made (a change makes a new one), so a copy of
    the detectors may share them: the demo's look-ahead snapshots every brand's detectors
    hundreds of times a run, and these are most of their state."""

    __slots__ = ()


class _Slot:
    """A ring buffer of raw values with a cached median and MAD on the comparison scale."""

    __slots__ = ("_moments", "_stats", "values")

    def __init__(self, capacity: int) -> None:
        self.values = SlotValues((), capacity)
        self._stats: tuple[float, float] | None = None
        self._moments: tuple[float, float] | None = None

    def extend(self, values: list[float]) -> None:
        grown = SlotValues(self.values, self.values.maxlen)  # a few dozen values, once an hour
        grown.extend(values)
        self.values = grown
        self.forget_stats()

    def forget_stats(self) -> None:
        self._stats = self._moments = None

    def moments(self, counts: bool) -> tuple[float, float]:
        """(mean, standard deviation): unlike the median, they include the slot's bursts."""
        if self._moments is None:
            scaled = [stabilise(v) for v in self.values] if counts else list(self.values)
            self._moments = (statistics.fmean(scaled), statistics.pstdev(scaled))
        return self._moments

    def stats(self, counts: bool) -> tuple[float, float]:
        """(median, MAD) on the stabilised scale if `counts`; recomputed after a change."""
        if self._stats is None:
            ordered = sorted(stabilise(v) for v in self.values) if counts else sorted(self.values)
            centre = _median_sorted(ordered)
            deviations = sorted(abs(v - centre) for v in ordered)
            self._stats = (centre, _median_sorted(deviations))
        return self._stats


def _median_sorted(ordered: list[float]) -> float:
    n = len(ordered)
    mid = n // 2
    return ordered[mid] if n % 2 else 0.5 * (ordered[mid - 1] + ordered[mid])


class TypicalDay:
    """Learns the typical count per hour of the week, online and without rescans.

    A bucket joins the history when its clock hour is over, so the typical value of an hour
    comes from earlier days and weeks, never from the hour being judged, and each slot's median
    is recomputed once an hour rather than on every bucket.
    """

    def __init__(self, bucket_minutes: int, history_weeks: int) -> None:
        if bucket_minutes <= 0 or 60 % bucket_minutes:
            raise ValueError("bucket_minutes must divide an hour (1, 5, 10, 15, 30 or 60)")
        if history_weeks < 1:
            raise ValueError("history_weeks must be at least 1")
        per_hour = 60 // bucket_minutes
        self._per_hour = per_hour
        self._week_slots = [_Slot(history_weeks * per_hour) for _ in range(168)]
        self._day_slots = [_Slot(14 * per_hour) for _ in range(24)]
        self._last_day = _Slot(24 * per_hour)
        # Two full weeks of a slot, or three days of an hour, before trusting it.
        self._min_week_samples = min(2, history_weeks) * per_hour
        self._min_day_samples = 3 * per_hour
        self._hour_totals: dict[datetime, float] = {}
        self._pending: list[float] = []
        self._pending_hour: datetime | None = None
        self.counts = True
        """Whether every value so far was a whole number >= 0 (then Poisson noise applies)."""
        self._previous: float | None = None
        self._step = math.inf  # the smallest change between two buckets seen so far

    def scale(self, value: float) -> float:
        """`value` on the scale typical values are compared on."""
        return stabilise(value) if self.counts else value

    def typical(self, ts: datetime) -> Typical | None:
        """The typical value for the bucket at `ts`, from the best level with enough history."""
        self._close_hour(_hour_of(ts))
        choices: tuple[tuple[_Slot, int, BaselineSource], ...] = (
            (self._week_slots[ts.weekday() * 24 + ts.hour], self._min_week_samples, "hour_of_week"),
            (self._day_slots[ts.hour], self._min_day_samples, "hour_of_day"),
            (self._last_day, self._per_hour, "global"),
        )
        for slot, needed, source in choices:
            if len(slot.values) >= needed:
                return self._typical_of(slot, source)
        return None

    def recent(self, ts: datetime) -> Typical | None:
        """The last day as a whole, bursts included: the range the series has just shown.

        Its mean and standard deviation, not median and MAD: a series whose every day has
        bursts gets a wide range, so a burst like yesterday's is not news.
        """
        self._close_hour(_hour_of(ts))
        if len(self._last_day.values) < self._per_hour:
            return None
        mean, sd = self._last_day.moments(self.counts)
        spread = max(sd, MIN_SPREAD if self.counts else self._noise_floor())
        count = unstabilise(mean) if self.counts else mean
        return Typical(mean, spread, count, "global", len(self._last_day.values))

    def _typical_of(self, slot: _Slot, source: BaselineSource) -> Typical:
        centre, mad = slot.stats(self.counts)
        floor = MIN_SPREAD if self.counts else self._noise_floor()
        spread = max(MAD_TO_SD * mad, floor)
        count = unstabilise(centre) if self.counts else centre
        return Typical(centre, spread, count, source, len(slot.values))

    def _noise_floor(self) -> float:
        """A measurement's resolution: the smallest change it has shown (never zero)."""
        return self._step if math.isfinite(self._step) and self._step > 0 else 1e-9

    def same_hour_last_week(self, ts: datetime) -> float | None:
        """Mean count per bucket in the same clock hour one week before `ts`, if seen."""
        total = self._hour_totals.get(_hour_of(ts) - timedelta(days=7))
        return None if total is None else total / self._per_hour

    def learn(self, ts: datetime, count: float) -> None:
        """Add the bucket at `ts` to the history (after it was judged)."""
        hour = _hour_of(ts)
        self._close_hour(hour)
        if self.counts and (count < 0 or count != int(count)):
            self.counts = False  # a measurement after all: every slot is judged on its own scale
            for slot in (*self._week_slots, *self._day_slots, self._last_day):
                slot.forget_stats()
        if self._previous is not None and count != self._previous:
            self._step = min(self._step, abs(count - self._previous))
        self._previous = count
        self._pending_hour = hour
        self._pending.append(count)
        self._hour_totals[hour] = self._hour_totals.get(hour, 0.0) + count
        if len(self._hour_totals) > 9 * 24:  # prune about once a day
            oldest = hour - timedelta(days=8)
            for key in [k for k in self._hour_totals if k < oldest]:
                del self._hour_totals[key]

    def _close_hour(self, hour: datetime) -> None:
        """Move the buckets of a finished clock hour into the slots."""
        done = self._pending_hour
        if done is None or done == hour:
            return
        for slot in (self._week_slots[done.weekday() * 24 + done.hour], self._day_slots[done.hour]):
            slot.extend(self._pending)
        self._last_day.extend(self._pending)
        self._pending, self._pending_hour = [], None


def _hour_of(ts: datetime) -> datetime:
    return ts.replace(minute=0, second=0, microsecond=0)


# Gumbel quantiles: the interquartile range is 1.5725 scales wide; the median is 0.3665 scales
# above the location.
_GUMBEL_IQR = math.log(math.log(4.0)) - math.log(math.log(4.0 / 3.0))
_GUMBEL_MEDIAN = -math.log(math.log(2.0))
MIN_PEAK_DAYS = 7  # a week of daily peaks (weekdays and a weekend) before fitting their law


class DailyPeaks:
    """The biggest surge of each day, and how big a surge that comes once in N days would be.

    Daily maxima follow a Gumbel distribution (extreme value theory), fitted robustly from the
    quartiles of the last weeks' daily peaks. Its return level for `rarity_days` is the size of a
    surge this series shows about once in that many days: a bursty brand needs a bigger one.
    """

    def __init__(self, history_days: int, per_day: int, min_days: int = MIN_PEAK_DAYS) -> None:
        self._history_days = history_days
        self._half_day = per_day // 2  # a day seen less than half is not a fair daily peak
        self._min_days = min_days
        self._peaks: dict[date, tuple[float, int]] = {}
        self._cache: tuple[date, float, float] | None = None

    def add(self, day: date, strength: float) -> None:
        """Record a bucket's surge strength on `day`."""
        peak, seen = self._peaks.get(day, (-math.inf, 0))
        self._peaks[day] = (max(peak, strength), seen + 1)
        if len(self._peaks) > self._history_days + 1:
            del self._peaks[min(self._peaks)]

    def return_level(self, today: date, rarity_days: float) -> float:
        """Strength reached about once in `rarity_days` days (0 when `rarity_days` <= 1).

        With fewer than `min_days` finished days the biggest peak seen so far is the bar.
        """
        if rarity_days <= 1 or not self._peaks:
            return 0.0
        if self._cache is None or self._cache[0] != today:
            oldest = today - timedelta(days=self._history_days)
            done = sorted(
                v
                for d, (v, n) in self._peaks.items()
                if oldest <= d < today and n >= self._half_day
            )
            if len(done) < self._min_days:
                return max(v for v, _ in self._peaks.values())
            q1, median, q3 = statistics.quantiles(done, n=4, method="inclusive")
            scale = (q3 - q1) / _GUMBEL_IQR
            self._cache = (today, median - _GUMBEL_MEDIAN * scale, scale)
        _, location, scale = self._cache
        return location - scale * math.log(-math.log(1.0 - 1.0 / rarity_days))


class SurpriseWatch:
    """One direction of one series: its recent surprises, daily peaks and open alert.

    `calm` is how many buckets in a row must look normal (surprise below 1) and `cooldown` how
    long must pass before an alert closes and the next may fire (one alert per anomaly).
    """

    def __init__(
        self, surprise: float, sustain: int, peaks: DailyPeaks, calm: int, cooldown: timedelta
    ) -> None:
        self.surprise = surprise
        self.recent: deque[float] = deque(maxlen=sustain)
        self.peaks = peaks
        self.open_since: datetime | None = None
        self.calm_run = 0
        self._calm_needed = max(1, calm)
        self._cooldown = cooldown

    def observe(self, gap: float) -> float:
        """Push this bucket's gap; return the sustained strength (weakest of the window)."""
        self.recent.append(gap)
        return min(self.recent) if len(self.recent) == self.recent.maxlen else 0.0

    def still_open(self, ts: datetime, gap: float) -> bool:
        """Whether an earlier alert of this direction is still running (refractory period)."""
        if self.open_since is None:
            return False
        self.calm_run = self.calm_run + 1 if gap < 1.0 else 0
        if self.calm_run >= self._calm_needed and ts - self.open_since >= self._cooldown:
            self.open_since = None
        return self.open_since is not None


class TypicalShare:
    """The usual share of negative mentions: the median of the last weeks' daily shares.

    A median of days ignores a past crisis day. Until three days are complete the pooled share
    of everything seen so far stands in (once it rests on `min_total` mentions).
    """

    def __init__(self, history_days: int, min_total: float = 20.0) -> None:
        self._history_days = history_days
        self._min_total = min_total
        self._days: dict[date, tuple[float, float]] = {}
        self._pooled = (0.0, 0.0)

    def typical(self, today: date) -> float | None:
        """The typical negative share before `today`'s current bucket, or None if unknown."""
        done = [neg / tot for d, (tot, neg) in self._days.items() if d < today and tot > 0]
        if len(done) >= 3:
            return statistics.median(done)
        total, negative = self._pooled
        return negative / total if total >= self._min_total else None

    def learn(self, today: date, total: float, negative: float) -> None:
        """Add one bucket's counts."""
        tot, neg = self._days.get(today, (0.0, 0.0))
        self._days[today] = (tot + total, neg + negative)
        self._pooled = (self._pooled[0] + total, self._pooled[1] + negative)
        if len(self._days) > self._history_days + 1:
            del self._days[min(self._days)]
