"""The negative-sentiment watch of one brand: is more of the talk negative than usual?

The usual negative share is a slow moving average of negative and total counts (half-life
`HALF_LIFE`), learnt only from ordinary buckets so a crisis never becomes the norm. A shift is
judged on the share over the volume detector's sustain window, as a binomial surprise (how many
standard deviations the negative count is above `total × usual share`), so it is found at
constant volume too, and gated in plain terms: at least `SHARE_FLOOR` negative, at least
`SHARE_JUMP` times the usual share, at least `MIN_NEGATIVE` negative mentions. One alert per
episode: after an alert the watch stays quiet until the mix has been ordinary for the detector
settings' `calm_minutes`. Online: each verdict uses only the buckets before it.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.detector import DetectorSettings

HALF_LIFE = timedelta(days=3)
SHARE_FLOOR = 0.25  # a shift needs at least this share of negative mentions...
SHARE_JUMP = 1.5  # ...at least this many times the usual share (else it is a plain spike)...
MIN_NEGATIVE = 5  # ...and at least this many negative mentions in the sustain window
SHARE_SURPRISE = 4.5  # standard deviations above the usual share that count as unusual
MIN_LEARNT = 100.0  # mentions seen (weighted) before the usual share is trusted


@dataclass(frozen=True)
class ShiftDecision:
    """The negative-sentiment verdict on one bucket."""

    alert: bool  # True only on the bucket that starts a shift
    direction: str | None  # "rise" while the share is unusually high
    share: float  # negative share over the sustain window
    expected_share: float | None  # the usual share (None while learning)
    reason: str


class NegativeShiftDetector:
    """Judges (negative, total) bucket by bucket, using only the past."""

    def __init__(self, settings: DetectorSettings) -> None:
        self.settings = settings
        self.window: deque[tuple[int, int]] = deque(maxlen=settings.sustain_buckets)
        self.decay = 0.5 ** (timedelta(minutes=settings.bucket_minutes) / HALF_LIFE)
        self.negative_avg = 0.0
        self.total_avg = 0.0
        self.calm_needed = max(1, settings.calm_minutes // settings.bucket_minutes)
        self.open = False
        self.calm_run = 0
        self.first: datetime | None = None

    def usual_share(self) -> float | None:
        """The learnt negative share, once enough mentions were seen."""
        return self.negative_avg / self.total_avg if self.total_avg >= MIN_LEARNT else None

    def update(self, ts: datetime, negative: int, total: int) -> ShiftDecision:
        """Judge the bucket at `ts`, then learn from it if it was ordinary."""
        self.first = self.first or ts
        self.window.append((negative, total))
        n = sum(t for _, t in self.window)
        k = sum(neg for neg, _ in self.window)
        share = k / n if n else 0.0
        usual = self.usual_share()
        unusual = usual is not None and self._unusual(k, n, usual)
        if not unusual:
            self._learn(negative, total)
        if usual is None:
            return ShiftDecision(False, None, share, None, "learning the usual sentiment mix")
        still_open = self._still_open(unusual)
        warm = ts - self.first >= timedelta(hours=self.settings.warmup_hours)
        alert = unusual and warm and not still_open
        if alert:
            self.open, self.calm_run = True, 0
        reason = (
            f"{share:.0%} of mentions negative, usually {usual:.0%}"
            if unusual
            else "sentiment mix within the usual range"
        )
        return ShiftDecision(alert, "rise" if unusual else None, share, usual, reason)

    @staticmethod
    def _unusual(k: int, n: int, usual: float) -> bool:
        if k < MIN_NEGATIVE or n == 0:
            return False
        share = k / n
        surprise = (k - n * usual) / math.sqrt(n * usual * (1 - usual) + 1)
        return surprise >= SHARE_SURPRISE and share >= SHARE_FLOOR and share >= SHARE_JUMP * usual

    def _learn(self, negative: int, total: int) -> None:
        self.negative_avg = self.negative_avg * self.decay + negative
        self.total_avg = self.total_avg * self.decay + total

    def _still_open(self, unusual: bool) -> bool:
        if not self.open:
            return False
        self.calm_run = 0 if unusual else self.calm_run + 1
        if self.calm_run >= self.calm_needed:
            self.open = False
        return self.open
