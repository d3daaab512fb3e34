"""The crisis watch's online detector: rises and falls of a series against its own noise.

Each bucket is compared with the typical value for its hour of the week (see `baseline`), and
the gap measured in the series' own noise units ("surprise"): how many of its typical wobbles
above or below normal the bucket is (Poisson noise on a stabilised scale for mention counts,
the learnt spread for a measurement). How big a surprise is news is learnt too: it must beat the
surge this series shows about once in `rarity_days` days (a Gumbel law fitted to its daily
peaks), so a brand that bursts every day does not page the team every day, and never less than
`surprise` units, which keeps an ordinary brand's chance alarms to about one a year. A rise
alerts as soon as it has cleared both bars for `sustain_minutes` (NAB rewards the earliest alert
in a window; a lone bucket of a bursty brand is mostly noise); after it, the same direction
stays quiet until volume has been calm for `calm_minutes` and at least `rearm_hours` have
passed, so one event is one alert (NAB would reward a day's hold; the product pages again for a
new surge hours after the team resolved the last one). For counts a
rise must also be big in plain terms (`rise_factor`, `min_mentions`). The values of these
settings were chosen by cross-validation over NAB's tweet series and its other real corpora
(bench/nab_cv.py), not by their fit to any one series. Every decision uses only the buckets seen
so far, so the live watch and `vahti detect` agree. A series that turns out to be a measurement
(a fractional or negative value: a temperature, a latency, a cost) has no Poisson noise and no
plain-terms volume: from its first such value it is judged by its own watch (`measurement`),
which goes both ways and learns how surprising the series usually is.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from bot.domain.crisis.baseline import (
    BaselineSource,
    DailyPeaks,
    SurpriseWatch,
    Typical,
    TypicalDay,
    TypicalShare,
)
from bot.domain.crisis.measurement import MeasurementWatch, MeasureSettings, MeasureVerdict

if TYPE_CHECKING:  # imported by `detect_series` only: the live watch needs no frames
    import pandas as pd

Direction = Literal["rise", "fall"]
FallCause = Literal["feed_outage", "interest_drop"]
PRESETS = ("sensitive", "balanced", "strict")
_RISE: Direction = "rise"
_FALL: Direction = "fall"


@dataclass(frozen=True)
class DetectorSettings:
    """How eager the watch is; every field is in plain units a marketing team can set.

    Start from a preset (`DetectorSettings.preset("balanced")`) and change single fields.
    """

    name: str = "balanced"
    """The preset these settings started from."""
    bucket_minutes: int = 5
    """Length of one counting bucket."""
    history_weeks: int = 4
    """Weeks of history that define the typical day and typical peaks."""
    surprise: float = 5.0
    """How many typical wobbles above normal make a rise unusual (1 = an everyday wobble)."""
    fall_surprise: float = 3.0
    """The same for falls; lower, as a count cannot drop below zero."""
    sustain_minutes: int = 10
    """How long a rise must stay unusual before it alerts (two 5-minute buckets: a lone bucket
    of a bursty brand is often a bot or one viral repost).

    In minutes, not buckets, so a series counted per half hour is not made to wait an hour."""
    fall_minutes: int = 30
    """A fall must last this long (short gaps in a feed are normal)."""
    rise_factor: float = 2.0
    """A rise must be at least this many times the typical volume."""
    fall_factor: float = 0.3
    """A fall must be below this share of the typical volume."""
    min_mentions: float = 5.0
    """Fewest mentions per bucket worth an alert (quiet brands stay quiet)."""
    last_week_factor: float = 1.0
    """A rise must also beat the same hour last week this many times (0 = off)."""
    rarity_days: float = 14.0
    """Alert only on surges this series shows less than once in so many days (0 = off)."""
    beat_recent: bool = False
    """A change must also stand out from the whole last day, not only from its hour."""
    calm_minutes: int = 30
    """After an alert, volume must look normal this long before the next."""
    cooldown_minutes: int = 60
    """At least this long must pass between two alerts of one kind."""
    rearm_hours: float = 1.0
    """A volume alert re-arms only after this long (and `cooldown_minutes`): aftershocks."""
    warmup_hours: float = 24.0
    """No alerts until this much history has been seen."""
    watch_falls: bool = True
    """Also report drops (interest collapsing or the feed breaking)."""
    measurement_falls: bool = True
    """Watch a measurement (not a count) both ways: a drop in load or speed is news too."""
    measure_window: int = 288
    """Recent buckets whose median and spread are a measurement's usual level and wobble."""
    measure_short: int = 6
    """Buckets whose surprises are averaged: a short run of odd values weighs more than one."""
    measure_history: int = 2016
    """Buckets that show how surprised this measurement usually is (its own noise)."""
    measure_rarity: float = 1e4
    """A measurement alerts when its recent run is rarer than one in this many for it."""
    measure_spread_share: float = 0.1
    """The least wobble assumed, as a share of the long-run spread (a flat line's blip)."""
    measure_surprise: float = 5.0
    """The alerting bucket itself must be this many wobbles from a measurement's level."""
    measure_seasonal: bool = True
    """Compare a measurement with the same time on earlier days when that predicts it better."""
    measure_rarity_days: float = 0.0
    """A measurement's run must also beat what it shows about once in so many days (0 = off)."""
    share_minutes: int = 30
    """The negative share is judged over this much recent time."""
    share_surprise: float = 4.0
    """How far beyond chance (in standard deviations) a negative share must be."""
    share_sustain_buckets: int = 2
    """Buckets in a row the negative share must be that far off (a share needs a few posts)."""
    negative_share_floor: float = 0.5
    """A share this negative is alarming even for a grumpy brand."""

    @classmethod
    def preset(cls, name: str, **changes: Any) -> DetectorSettings:
        """Settings of a named preset: "sensitive", "balanced" (default) or "strict"."""
        presets = {
            "sensitive": cls(
                name="sensitive",
                surprise=4.0,
                fall_surprise=2.5,
                rise_factor=1.5,
                min_mentions=3.0,
                rarity_days=3.0,
                sustain_minutes=5,
            ),
            "balanced": cls(name="balanced"),
            "strict": cls(
                name="strict",
                surprise=6.0,
                fall_surprise=4.0,
                rise_factor=3.0,
                min_mentions=10.0,
                rarity_days=30.0,
                sustain_minutes=15,
            ),
        }
        if name not in presets:
            raise ValueError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}")
        return replace(presets[name], **changes)

    def __post_init__(self) -> None:
        if self.sustain_minutes < 1 or self.surprise <= 0 or self.fall_surprise <= 0:
            raise ValueError("sustain_minutes must be >= 1 and the surprises > 0")
        if self.rise_factor < 1 or not 0 < self.fall_factor <= 1:
            raise ValueError("rise_factor must be >= 1 and fall_factor in (0, 1]")


@dataclass(frozen=True)
class Decision:
    """The verdict on one bucket."""

    timestamp: datetime
    value: float
    score: float  # 0..1; 0.5 means exactly at the alert bar, 0 while an alert is still open
    alert: bool  # True only on the bucket that starts an anomaly
    direction: Direction | None  # which way the bucket is unusual, if it is
    expected: float | None  # the typical value for this bucket (None while warming up)
    ratio: float | None  # value / expected over the sustain window
    source: BaselineSource | None  # which history the typical value came from
    reason: str  # one sentence for people
    cause: FallCause | None = None  # for falls: a broken feed (zeros) or fading interest
    onset: datetime | None = None  # on an alert: the first bucket of the unusual run


def _watch(
    settings: DetectorSettings, surprise: float, sustain: int, hold_hours: float = 0.0
) -> SurpriseWatch:
    calm = settings.calm_minutes // settings.bucket_minutes
    cooldown = max(timedelta(minutes=settings.cooldown_minutes), timedelta(hours=hold_hours))
    peaks = DailyPeaks(7 * settings.history_weeks, 24 * 60 // settings.bucket_minutes)
    return SurpriseWatch(surprise, sustain, peaks, calm, cooldown)


class _Verdict(NamedTuple):
    alert: bool
    score: float
    unusual: bool  # at least `surprise` units off for `sustain_minutes`
    why_not: str | None


class OnlineDetector:
    """Judges one series (one brand, one metric) bucket by bucket, using only the past."""

    def __init__(self, settings: DetectorSettings | None = None) -> None:
        self.settings = settings or DetectorSettings.preset("balanced")
        self._typical_day = TypicalDay(self.settings.bucket_minutes, self.settings.history_weeks)
        s = self.settings
        self._spans = {
            _RISE: max(1, s.sustain_minutes // s.bucket_minutes),
            _FALL: max(1, s.fall_minutes // s.bucket_minutes),
        }
        self._window: deque[tuple[datetime, float, float]] = deque(maxlen=max(self._spans.values()))
        self._rise = _watch(s, s.surprise, self._spans[_RISE], s.rearm_hours)
        self._fall = _watch(s, s.fall_surprise, self._spans[_FALL], s.rearm_hours)
        self._first: datetime | None = None
        self._measure: MeasurementWatch | None = None  # once the series shows it is no count

    def update(self, ts: datetime, value: float) -> Decision:
        """Judge the bucket starting at `ts` holding `value` mentions, then learn from it."""
        day = self._typical_day
        typical = day.typical(ts)
        recent = day.recent(ts) if self.settings.beat_recent else None
        last_week = day.same_hour_last_week(ts)
        level = day.scale(value)  # on the scale of `typical`, which learning may switch
        day.learn(ts, value)
        self._first = self._first or ts
        if not day.counts:
            return self._measurement(ts, value)
        if typical is None:
            return Decision(
                ts, value, 0.0, False, None, None, None, None, "learning the typical day"
            )
        self._window.append((ts, value, typical.count))
        gaps = [(level - typical.level) / typical.spread]
        if recent is not None:
            gaps.append((level - recent.level) / recent.spread)
        # The weaker of the two: a daily peak is no rise, a drifting level no shift.
        up, down = min(gaps), min(-g for g in gaps)
        # No alert until the typical value is seasonal (the same hour on earlier days): a
        # last-day level calls every daily rhythm a surge on the first days.
        warm = ts - self._first >= timedelta(hours=self.settings.warmup_hours)
        warm = warm and typical.source != "global"
        rise = self._judge(self._rise, ts, up, warm, lambda: self._rise_blocker(last_week))
        fall = self._judge(self._fall, ts, down, warm, self._fall_blocker)
        if not self.settings.watch_falls:
            fall = _Verdict(False, 0.0, False, None)
        return self._decide(ts, value, typical, rise, fall)

    def _measurement(self, ts: datetime, value: float) -> Decision:
        """A measurement's verdict from its own watch (see `measurement`).

        The watch starts at the series' first value that is no count: until then nothing said
        it was a measurement, and the count path's verdicts stand.
        """
        if self._measure is None:
            s = self.settings
            hold = max(timedelta(minutes=s.cooldown_minutes), timedelta(hours=s.rearm_hours))
            self._measure = MeasurementWatch(
                MeasureSettings(
                    window=s.measure_window,
                    short=s.measure_short,
                    long=s.measure_history,
                    rarity=s.measure_rarity,
                    spread_share=s.measure_spread_share,
                    calm=max(1, s.calm_minutes // s.bucket_minutes),
                    hold=hold,
                    warmup=timedelta(hours=s.warmup_hours),
                    both_ways=s.measurement_falls,
                    min_z=s.measure_surprise,
                    seasonal=s.measure_seasonal,
                    rarity_days=s.measure_rarity_days,
                    per_day=24 * 60 // s.bucket_minutes,
                )
            )
        v: MeasureVerdict = self._measure.update(ts, value)
        ratio = value / v.expected if v.expected else None
        return Decision(
            timestamp=ts,
            value=value,
            score=v.score,
            alert=v.alert,
            direction=v.direction,
            expected=v.expected,
            ratio=ratio,
            source=None if v.expected is None else "hour_of_day" if v.same_time else "global",
            reason=v.reason,
            onset=v.onset,
        )

    def _judge(
        self,
        watch: SurpriseWatch,
        ts: datetime,
        gap: float,
        warm: bool,
        blocker: Callable[[], str | None],
    ) -> _Verdict:
        """The verdict for one direction; `gap` is positive in that direction."""
        strength = watch.observe(gap)
        bar = max(watch.surprise, watch.peaks.return_level(ts.date(), self.settings.rarity_days))
        watch.peaks.add(ts.date(), strength)
        unusual = strength >= watch.surprise
        if watch.still_open(ts, gap):
            return _Verdict(False, 0.0, unusual, "an alert for it is still open")
        score = strength / (strength + bar) if strength > 0 else 0.0
        if not unusual:
            return _Verdict(False, score, False, None)
        why = blocker()
        if why is None and strength < bar:
            why = f"not rare here (one this big comes within {self.settings.rarity_days:g} days)"
        if not warm:
            why = "still learning the typical day"
        if why is None:
            watch.open_since, watch.calm_run = ts, 0
        return _Verdict(why is None, score, True, why)

    def _rise_blocker(self, last_week: float | None) -> str | None:
        """Plain-terms reason an unusual rise of mentions is not worth an alert, if any."""
        s, (mean, typical) = self.settings, self._window_means(_RISE)
        if mean < s.min_mentions:
            return f"fewer than {s.min_mentions:g} mentions per bucket"
        if (mean + 1) / (typical + 1) < s.rise_factor:
            return f"less than {s.rise_factor:g}x the typical volume"
        if last_week is not None and mean < s.last_week_factor * last_week:
            return "no higher than the same hour last week"
        return None

    def _fall_blocker(self) -> str | None:
        """Plain-terms reason an unusual fall of mentions is not worth an alert, if any."""
        s, (mean, typical) = self.settings, self._window_means(_FALL)
        if typical < s.min_mentions:
            return f"typical volume is below {s.min_mentions:g} mentions per bucket"
        if (mean + 1) / (typical + 1) > s.fall_factor:
            return f"still above {s.fall_factor:.0%} of the typical volume"
        return None

    def _span(self, direction: Direction) -> list[tuple[datetime, float, float]]:
        """The recent buckets (start, count, typical) that judge `direction`."""
        return list(self._window)[-self._spans[direction] :]

    def _window_means(self, direction: Direction) -> tuple[float, float]:
        """Mean observed and typical count over the buckets that judge `direction`."""
        span = self._span(direction)
        return sum(v for _, v, _ in span) / len(span), sum(e for _, _, e in span) / len(span)

    def _decide(
        self, ts: datetime, value: float, typical: Typical, rise: _Verdict, fall: _Verdict
    ) -> Decision:
        falling = fall.unusual or (fall.score > rise.score and not rise.unusual)
        verdict, name = (fall, _FALL) if falling else (rise, _RISE)
        mean, expected = self._window_means(name)
        ratio = (mean + 1) / (expected + 1)
        direction: Direction | None = name if verdict.unusual else None
        cause: FallCause | None = None
        if direction == "fall":
            # Zero for the whole span where several were expected: the feed, not the public.
            cause = "feed_outage" if mean == 0 else "interest_drop"
        if verdict.alert:
            where = typical.source.replace("_", " ")
            reason = f"{name} to {ratio:.1f}x the typical {typical.count:.0f} (by {where})"
        elif direction is not None:
            reason = f"unusual {name}, no alert: {verdict.why_not}"
        else:
            reason = "within the typical range"
        return Decision(
            timestamp=ts,
            value=value,
            score=max(rise.score, fall.score),
            alert=verdict.alert,
            direction=direction,
            expected=typical.count,
            ratio=ratio,
            source=typical.source,
            reason=reason,
            cause=cause,
            onset=self._span(name)[0][0] if verdict.alert else None,
        )


def detect_series(
    timestamps: Iterable[datetime],
    values: Iterable[float],
    settings: DetectorSettings | None = None,
) -> pd.DataFrame:
    """Run the online detector over a whole series (same code path as the live watch)."""
    import pandas as pd

    detector = OnlineDetector(settings)
    rows = [detector.update(ts, float(v)) for ts, v in zip(timestamps, values, strict=True)]
    return pd.DataFrame(
        {
            "timestamp": [r.timestamp for r in rows],
            "value": [r.value for r in rows],
            "anomaly_score": [r.score for r in rows],
            "alert": [int(r.alert) for r in rows],
        }
    )


class NegativeShiftDetector:
    """Flags a jump in the share of negative mentions, at constant or changing volume.

    Over the last `share_minutes` the negative count is compared with what the brand's typical
    share predicts (a binomial surprise). An alert needs at least `min_mentions` negative
    mentions, a surprise of `share_surprise` for `share_sustain_buckets` buckets, and a share
    either `rise_factor` times the typical share or above `negative_share_floor`. One alert per
    shift, as for volume.
    """

    def __init__(self, settings: DetectorSettings | None = None) -> None:
        self.settings = s = settings or DetectorSettings.preset("balanced")
        self._typical = TypicalShare(7 * s.history_weeks)
        self._window: deque[tuple[float, float]] = deque(
            maxlen=max(1, s.share_minutes // s.bucket_minutes)
        )
        self._watch = _watch(s, s.share_surprise, s.share_sustain_buckets)
        self._first: datetime | None = None

    def update(self, ts: datetime, total: float, negative: float) -> Decision:
        """Judge the bucket at `ts` with `total` mentions of which `negative` are negative."""
        s, usual = self.settings, self._typical.typical(ts.date())
        self._typical.learn(ts.date(), total, negative)
        self._window.append((total, negative))
        self._first = self._first or ts
        tot, neg = (sum(column) for column in zip(*self._window, strict=True))
        share = neg / tot if tot else 0.0
        if usual is None:
            return Decision(
                ts, share, 0.0, False, None, None, None, None, "learning the usual mood"
            )
        p = min(max(usual, 0.02), 0.98)
        gap = (neg - tot * p) / math.sqrt(tot * p * (1 - p)) if tot else 0.0
        strength = self._watch.observe(gap)
        if self._watch.still_open(ts, gap):
            return self._decision(ts, share, usual, 0.0, False, "a negative shift is still open")
        score = strength / (strength + s.share_surprise) if strength > 0 else 0.0
        why = self._blocker(ts, strength, share, usual, neg)
        if why is None:
            self._watch.open_since, self._watch.calm_run = ts, 0
            why = f"{share:.0%} of mentions negative in the last {s.share_minutes} min"
            return self._decision(ts, share, usual, score, True, why + f" (usually {usual:.0%})")
        return self._decision(ts, share, usual, score, False, why)

    def _blocker(
        self, ts: datetime, strength: float, share: float, usual: float, negative: float
    ) -> str | None:
        s = self.settings
        if strength < s.share_surprise:
            return "negative share within its usual range"
        if negative < s.min_mentions:
            return f"fewer than {s.min_mentions:g} negative mentions"
        if share < s.rise_factor * usual and share < s.negative_share_floor:
            return f"share below {s.rise_factor:g}x usual and below {s.negative_share_floor:.0%}"
        if self._first is None or ts - self._first < timedelta(hours=s.warmup_hours):
            return "still learning the usual mood"
        return None

    def _decision(
        self, ts: datetime, share: float, usual: float, score: float, alert: bool, reason: str
    ) -> Decision:
        unusual = self._watch.recent and min(self._watch.recent) >= self.settings.share_surprise
        ratio = share / usual if usual else None
        direction = _RISE if unusual else None
        return Decision(ts, share, score, alert, direction, usual, ratio, "global", reason)
