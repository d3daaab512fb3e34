"""The crisis watch's online detector: rises and falls of mention counts against the typical day.

Each bucket is compared with the typical value for its hour of the week (see `baseline`). The
gap is measured in noise units ("surprise"): how many typical wobbles above or below normal it
is. A rise or fall is reported when `sustain_buckets` buckets in a row are at least `surprise`
units off, the change is big in plain terms too (`rise_factor`, `fall_factor`, `min_mentions`,
the same hour last week), and it beats every rise (or fall) of the last `novelty_days` days, so a
brand that bursts every day does not page the team every day. After an alert the same direction
stays quiet until volume has been calm again for `calm_minutes` (one alert per anomaly). Every
decision uses only the buckets seen so far, so the live watch and `vahti detect` agree.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, Literal, NamedTuple

import pandas as pd

from bot.domain.baseline import BaselineSource, Typical, TypicalDay, stabilise

Direction = Literal["rise", "fall"]
FallCause = Literal["feed_outage", "interest_drop"]
PRESETS = ("sensitive", "balanced", "strict")
_RISE: Direction = "rise"
_FALL: Direction = "fall"


@dataclass(frozen=True)
class DetectorSettings:
    """How eager the watch is; every field is in plain units a marketing team can set."""

    name: str = "balanced"  # which preset these settings came from ("custom" once changed)
    bucket_minutes: int = 5  # length of one counting bucket
    history_weeks: int = 4  # weeks of history that define the typical day
    surprise: float = 6.0  # how many typical wobbles away from normal counts as unusual
    sustain_buckets: int = 2  # buckets in a row that must be unusual (one blip is not a crisis)
    rise_factor: float = 2.0  # a rise must be at least this many times the typical volume
    fall_factor: float = 0.3  # a fall must be below this share of the typical volume
    min_mentions: float = 5.0  # fewest mentions per bucket worth an alert (quiet brands stay quiet)
    last_week_factor: float = 1.0  # a rise must also beat the same hour last week this many times
    novelty_days: float = 7.0  # alert only on the biggest rise (or fall) of this many days; 0 = off
    calm_minutes: int = 30  # after an alert, volume must look normal this long before the next
    cooldown_minutes: int = 60  # and at least this long must pass between alerts of one kind
    warmup_hours: float = 24.0  # no alerts until this much history has been seen
    watch_falls: bool = True  # also report drops (interest collapsing or the feed breaking)

    @classmethod
    def preset(cls, name: str, **changes: Any) -> DetectorSettings:
        """Settings of a named preset: "sensitive", "balanced" (default) or "strict"."""
        presets = {
            "sensitive": cls(
                name="sensitive", surprise=4.5, rise_factor=1.5, min_mentions=3.0, novelty_days=3.0
            ),
            "balanced": cls(name="balanced"),
            "strict": cls(
                name="strict", surprise=8.0, rise_factor=3.0, min_mentions=10.0, novelty_days=14.0
            ),
        }
        if name not in presets:
            raise ValueError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}")
        return replace(presets[name], name="custom", **changes) if changes else presets[name]

    def __post_init__(self) -> None:
        if self.sustain_buckets < 1 or self.surprise <= 0:
            raise ValueError("sustain_buckets must be >= 1 and surprise > 0")
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


class _Watch:
    """State of one direction: recent surprises, the novelty record and the open episode."""

    def __init__(self, settings: DetectorSettings) -> None:
        self.recent: deque[float] = deque(maxlen=settings.sustain_buckets)
        self.daily_best: dict[date, float] = {}
        self.open_since: datetime | None = None
        self.calm_run = 0
        self._days = settings.novelty_days
        self._calm_needed = max(1, settings.calm_minutes // settings.bucket_minutes)
        self._cooldown = timedelta(minutes=settings.cooldown_minutes)

    def observe(self, surprise: float) -> float:
        """Push this bucket's surprise; return the sustained strength (weakest of the window)."""
        self.recent.append(surprise)
        return min(self.recent) if len(self.recent) == self.recent.maxlen else 0.0

    def record_bar(self, ts: datetime) -> float:
        """The biggest sustained strength in the last `novelty_days` days (0 if off or new)."""
        if self._days <= 0:
            return 0.0
        oldest = ts.date() - timedelta(days=math.ceil(self._days))
        return max((v for d, v in self.daily_best.items() if d > oldest), default=0.0)

    def remember(self, ts: datetime, strength: float) -> None:
        day = ts.date()
        self.daily_best[day] = max(self.daily_best.get(day, 0.0), strength)
        if len(self.daily_best) > self._days + 2:
            del self.daily_best[min(self.daily_best)]

    def still_open(self, ts: datetime, surprise: float) -> bool:
        """Whether an earlier alert of this direction is still running (refractory period)."""
        if self.open_since is None:
            return False
        self.calm_run = self.calm_run + 1 if surprise < 1.0 else 0
        if self.calm_run >= self._calm_needed and ts - self.open_since >= self._cooldown:
            self.open_since = None
        return self.open_since is not None


class _Verdict(NamedTuple):
    alert: bool
    score: float
    unusual: bool  # at least `surprise` units off for `sustain_buckets` buckets
    why_not: str | None


class OnlineDetector:
    """Judges one series (one brand, one metric) bucket by bucket, using only the past."""

    def __init__(self, settings: DetectorSettings | None = None) -> None:
        self.settings = settings or DetectorSettings.preset("balanced")
        self._typical_day = TypicalDay(self.settings.bucket_minutes, self.settings.history_weeks)
        self._window: deque[tuple[float, float]] = deque(maxlen=self.settings.sustain_buckets)
        self._rise, self._fall = _Watch(self.settings), _Watch(self.settings)
        self._first: datetime | None = None

    def update(self, ts: datetime, value: float) -> Decision:
        """Judge the bucket starting at `ts` holding `value` mentions, then learn from it."""
        typical = self._typical_day.typical(ts)
        last_week = self._typical_day.same_hour_last_week(ts)
        self._typical_day.learn(ts, value)
        self._first = self._first or ts
        if typical is None:
            return Decision(
                ts, value, 0.0, False, None, None, None, None, "learning the typical day"
            )
        self._window.append((value, typical.count))
        gap = (stabilise(value) - typical.level) / typical.spread
        warm = ts - self._first >= timedelta(hours=self.settings.warmup_hours)
        rise = self._judge(self._rise, ts, gap, warm, self._rise_blocker(last_week))
        fall = self._judge(self._fall, ts, -gap, warm, self._fall_blocker())
        if not self.settings.watch_falls:
            fall = _Verdict(False, 0.0, False, None)
        return self._decide(ts, value, typical, rise, fall)

    def _judge(
        self, watch: _Watch, ts: datetime, gap: float, warm: bool, blocker: str | None
    ) -> _Verdict:
        """The verdict for one direction; `gap` is positive in that direction."""
        strength = watch.observe(gap)
        bar = max(self.settings.surprise, watch.record_bar(ts))
        watch.remember(ts, strength)
        unusual = strength >= self.settings.surprise
        if watch.still_open(ts, gap):
            return _Verdict(False, 0.0, unusual, "an alert for it is still open")
        score = strength / (strength + bar) if strength > 0 else 0.0
        if not unusual:
            return _Verdict(False, score, False, None)
        why = blocker
        if why is None and strength < bar:
            why = f"a bigger one happened in the last {self.settings.novelty_days:g} days"
        if not warm:
            why = "still learning the typical day"
        if why is None:
            watch.open_since, watch.calm_run = ts, 0
        return _Verdict(why is None, score, True, why)

    def _rise_blocker(self, last_week: float | None) -> str | None:
        """Plain-terms reason a statistically unusual rise is not worth an alert, if any."""
        s, (mean, typical) = self.settings, self._window_means()
        if mean < s.min_mentions:
            return f"fewer than {s.min_mentions:g} mentions per bucket"
        if (mean + 1) / (typical + 1) < s.rise_factor:
            return f"less than {s.rise_factor:g}x the typical volume"
        if last_week is not None and mean < s.last_week_factor * last_week:
            return "no higher than the same hour last week"
        return None

    def _fall_blocker(self) -> str | None:
        """Plain-terms reason an unusual fall is not worth an alert, if any."""
        s, (mean, typical) = self.settings, self._window_means()
        if typical < s.min_mentions:
            return f"typical volume is below {s.min_mentions:g} mentions per bucket"
        if (mean + 1) / (typical + 1) > s.fall_factor:
            return f"still above {s.fall_factor:.0%} of the typical volume"
        return None

    def _window_means(self) -> tuple[float, float]:
        """Mean observed and typical count over the sustain window."""
        n = len(self._window)
        return sum(v for v, _ in self._window) / n, sum(e for _, e in self._window) / n

    def _decide(
        self, ts: datetime, value: float, typical: Typical, rise: _Verdict, fall: _Verdict
    ) -> Decision:
        mean, expected = self._window_means()
        ratio = (mean + 1) / (expected + 1)
        falling = fall.unusual or (fall.score > rise.score and not rise.unusual)
        verdict, name = (fall, _FALL) if falling else (rise, _RISE)
        direction: Direction | None = name if verdict.unusual else None
        cause: FallCause | None = None
        if direction == "fall":
            cause = "feed_outage" if all(v == 0 for v, _ in self._window) else "interest_drop"
        if verdict.alert:
            where = typical.source.replace("_", " ")
            reason = f"{name} to {ratio:.1f}x the typical {typical.count:.0f} (by {where})"
        elif direction is not None:
            reason = f"unusual {name}, no alert: {verdict.why_not}"
        else:
            reason = "within the typical range"
        return Decision(
            ts,
            value,
            max(rise.score, fall.score),
            verdict.alert,
            direction,
            typical.count,
            ratio,
            typical.source,
            reason,
            cause,
        )


def detect_series(
    timestamps: Iterable[datetime],
    values: Iterable[float],
    settings: DetectorSettings | None = None,
) -> pd.DataFrame:
    """Run the online detector over a whole series (same code path as the live watch)."""
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
