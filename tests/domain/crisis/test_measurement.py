"""The measurement watch: rises, drops and level shifts of a series that is not mention counts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from bot.domain.crisis.detector import Decision, DetectorSettings, OnlineDetector
from bot.domain.crisis.measurement import MeasurementWatch, MeasureSettings, surprise_of, tail

START = datetime(2025, 3, 3, tzinfo=UTC)
BUCKET = timedelta(minutes=5)
PER_DAY = 288


def noisy(days: float, seed: int, level: float = 50.0, sd: float = 1.0) -> list[float]:
    rng = np.random.default_rng(seed)
    return [level + float(rng.normal(0.0, sd)) for _ in range(int(days * PER_DAY))]


def run(values: list[float], settings: DetectorSettings | None = None) -> list[Decision]:
    detector = OnlineDetector(settings or DetectorSettings.preset("balanced", watch_falls=False))
    return [detector.update(START + i * BUCKET, v) for i, v in enumerate(values)]


def alerted(decisions: list[Decision]) -> list[int]:
    return [i for i, d in enumerate(decisions) if d.alert]


def test_a_level_shift_is_found_once_at_its_start() -> None:
    values = noisy(days=10, seed=1)
    shift = 8 * PER_DAY
    values[shift:] = [v + 6.0 for v in values[shift:]]  # a lasting new level, not a spike
    found = alerted(run(values))
    assert len(found) == 1
    assert shift <= found[0] <= shift + 3  # the first buckets that show it
    decisions = run(values)
    assert decisions[found[0]].direction == "rise"
    assert decisions[found[0]].onset == START + shift * BUCKET


def test_a_drop_on_a_measurement_is_found_even_without_watch_falls() -> None:
    values = noisy(days=10, seed=2)
    drop = 9 * PER_DAY
    for i in range(drop, drop + 12):
        values[i] -= 8.0
    decisions = run(values)  # `vahti detect`'s default: counts' falls off, a measurement's on
    found = [d for d in decisions if d.alert]
    assert [(d.timestamp, d.direction) for d in found] == [(START + drop * BUCKET, "fall")]
    assert "fell to" in found[0].reason and "for this series" in found[0].reason
    assert found[0].expected == pytest.approx(50.0, abs=0.5)
    rises_only = DetectorSettings.preset("balanced", watch_falls=False, measurement_falls=False)
    assert alerted(run(values, rises_only)) == []


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_noise_alone_rarely_alerts(seed: int) -> None:
    """A month of plain Gaussian noise: at most one chance alert (8,640 buckets)."""
    assert len(alerted(run(noisy(days=30, seed=seed)))) <= 1


def test_a_flat_line_with_rare_tiny_steps_stays_quiet() -> None:
    """A sensor that sits still and moves one step now and then: its steps are its noise."""
    rng = np.random.default_rng(6)
    values = [10.0 + 0.5 * float(rng.random() < 0.02) for _ in range(14 * PER_DAY)]
    values[0] = 10.25  # fractional: a measurement from the first bucket
    assert alerted(run(values)) == []


def test_a_noisier_series_needs_a_bigger_change() -> None:
    """The bar is the series' own noise: the same +6 is news on a calm series only."""
    calm, wild = noisy(days=10, seed=7, sd=1.0), noisy(days=10, seed=7, sd=8.0)
    for values in (calm, wild):
        for i in range(9 * PER_DAY, 9 * PER_DAY + 6):
            values[i] += 6.0
    assert alerted(run(calm))
    assert alerted(run(wild)) == []


def test_decisions_use_only_the_past() -> None:
    """Changing what comes later never changes a verdict already made (live = `vahti detect`)."""
    values = noisy(days=6, seed=8)
    cut = 5 * PER_DAY
    changed = values[:cut] + [v * 3.0 for v in values[cut:]]
    before, after = run(values), run(changed)
    assert before[:cut] == after[:cut]
    assert before[cut:] != after[cut:]


def test_the_watch_needs_history_and_explains_itself() -> None:
    watch = MeasurementWatch(MeasureSettings(window=40, short=3, long=200))
    first = watch.update(START, 1.5)
    assert (first.alert, first.expected, first.reason) == (False, None, "learning the usual level")
    assert 0.0 <= surprise_of(0.0) < surprise_of(3.0) < surprise_of(10.0) < 1.0
    assert tail(0.0) == pytest.approx(0.5)


def test_counts_never_reach_the_measurement_watch() -> None:
    """Whole, non-negative values stay on the count path, whatever the measurement settings."""
    rng = np.random.default_rng(9)
    counts = [float(rng.poisson(20)) for _ in range(6 * PER_DAY)]
    base = DetectorSettings.preset("balanced")
    odd = replace(base, measure_rarity=2.0, measure_window=8, measure_short=1)
    assert run(counts, base) == run(counts, odd)
