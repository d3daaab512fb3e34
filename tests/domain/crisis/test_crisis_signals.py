"""Crisis signals on generated streams: quiet weeks, a spike, a drop, a negative shift."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from bot.domain.crisis.detector import DetectorSettings
from bot.domain.crisis.incidents import Kind
from bot.domain.crisis.signals import BrandSignals, Step
from tests.crisis_streams import BUCKET, HELSINKI, at_utc, poisson, rhythm

Inject = Callable[[datetime, int, int, random.Random], tuple[int, int]]
START = at_utc(2026, 9, 1, 0, 0)
T0 = at_utc(2026, 9, 22, 11, 0)  # a Tuesday, 14:00 in Helsinki, three weeks in
# When the balanced preset alerts on a rise starting at T0: once it has lasted long enough.
ALERT = T0 + timedelta(minutes=DetectorSettings.preset("balanced").sustain_minutes) - BUCKET


def run(weeks: float, per_hour: float, inject: Inject | None = None, seed: int = 1) -> list[Step]:
    rng = random.Random(seed)
    signals = BrandSignals(DetectorSettings.preset("balanced"), HELSINKI, keep=26)
    steps, at, end = [], START, START + timedelta(weeks=weeks)
    while at < end:
        n = poisson(rng, rhythm(at, per_hour))
        k = sum(rng.random() < 0.1 for _ in range(n))
        if inject is not None:
            n, k = inject(at, n, k, rng)
        steps.append(signals.feed(at, n, k))
        at += BUCKET
    return steps


def alerts(steps: list[Step]) -> list[tuple[datetime, str]]:
    return [(s.judged.start, sig.kind) for s in steps for sig in s.signals if sig.starts]


def during(minutes: int) -> Callable[[datetime], bool]:
    return lambda at: T0 <= at < T0 + timedelta(minutes=minutes)


@pytest.mark.parametrize(("per_hour", "seed"), [(12, 1), (60, 2), (240, 3)])
def test_steady_rhythm_raises_nothing_over_six_weeks(per_hour: float, seed: int) -> None:
    assert alerts(run(6, per_hour, seed=seed)) == []


@pytest.mark.parametrize("per_hour", [24, 60, 240])
def test_spike_is_alerted_as_soon_as_it_has_lasted_the_sustain_time(per_hour: float) -> None:
    spiking = during(40)

    def spike(at: datetime, n: int, k: int, _rng: random.Random) -> tuple[int, int]:
        return (8 * n + 20, 8 * k) if spiking(at) else (n, k)

    found = alerts(run(3.2, per_hour, spike))
    assert found == [(ALERT, Kind.VOLUME_SPIKE)]  # no later: sustain_minutes this far out


def test_spike_episode_continues_then_ends() -> None:
    spiking = during(40)

    def spike(at: datetime, n: int, k: int, _rng: random.Random) -> tuple[int, int]:
        return (8 * n + 20, 8 * k) if spiking(at) else (n, k)

    steps = [s for s in run(3.2, 60, spike) if s.judged.start >= ALERT]
    spike_steps = [s for s in steps if spiking(s.judged.start)]
    assert len(spike_steps) == (T0 + timedelta(minutes=40) - ALERT) // BUCKET
    assert all(Kind.VOLUME_SPIKE in [sig.kind for sig in s.signals] for s in spike_steps)
    assert all(sig.episode_start == T0 for s in spike_steps for sig in s.signals)
    ended = [s.judged.start for s in steps if Kind.VOLUME_SPIKE in s.ended]
    # It ends after the preset's 30 calm minutes that follow the 40 spiking ones.
    assert ended and T0 + timedelta(minutes=65) <= ended[0] <= T0 + timedelta(minutes=75)


def test_drop_to_nothing_is_detected_as_a_likely_feed_problem() -> None:
    silent = during(60)

    def drop(at: datetime, n: int, k: int, _rng: random.Random) -> tuple[int, int]:
        return (0, 0) if silent(at) else (n, k)

    steps = run(3.2, 60, drop)
    found = alerts(steps)
    assert [kind for _, kind in found] == [Kind.VOLUME_DROP]
    assert T0 < found[0][0] <= T0 + timedelta(minutes=30)
    start = next(s for s in steps if s.judged.start == found[0][0])
    assert start.judged.volume.cause == "feed_outage"


def test_negative_shift_at_constant_volume_is_detected() -> None:
    shifted = during(60)

    def shift(at: datetime, n: int, k: int, rng: random.Random) -> tuple[int, int]:
        return (n, sum(rng.random() < 0.7 for _ in range(n))) if shifted(at) else (n, k)

    found = alerts(run(3.2, 60, shift))
    assert [kind for _, kind in found] == [Kind.NEGATIVE_SHIFT]
    assert T0 < found[0][0] <= T0 + timedelta(minutes=30)


def test_spike_with_the_usual_mix_is_not_a_negative_shift() -> None:
    spiking = during(40)

    def spike(at: datetime, n: int, k: int, _rng: random.Random) -> tuple[int, int]:
        return (8 * n + 20, 8 * k + 2) if spiking(at) else (n, k)

    assert Kind.NEGATIVE_SHIFT not in {kind for _, kind in alerts(run(3.2, 60, spike))}
