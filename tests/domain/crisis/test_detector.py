"""The online detector on generated mention streams with a daily and weekly rhythm."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from bot.domain.crisis.detector import (
    Decision,
    DetectorSettings,
    NegativeShiftDetector,
    OnlineDetector,
    detect_series,
)

START = datetime(2025, 3, 3, tzinfo=UTC)  # a Monday
BUCKET = timedelta(minutes=5)
PER_DAY = 288
# Buckets a rise must last under the balanced preset: an alert comes on the last of them.
SUSTAIN = DetectorSettings().sustain_minutes // 5


def rhythm(ts: datetime, level: float) -> float:
    """Typical mentions per bucket: busy afternoons, quiet nights, calmer weekends."""
    daily = 1.0 + 0.8 * math.sin((ts.hour + ts.minute / 60 - 9) / 24 * 2 * math.pi)
    weekly = 0.6 if ts.weekday() >= 5 else 1.0
    return level * daily * weekly


def stream(
    days: float, level: float = 40.0, seed: int = 0, start: datetime = START
) -> tuple[list[datetime], list[float]]:
    """Poisson counts around the rhythm, one per 5-minute bucket."""
    rng = np.random.default_rng(seed)
    stamps = [start + i * BUCKET for i in range(int(days * PER_DAY))]
    return stamps, [float(rng.poisson(rhythm(ts, level))) for ts in stamps]


def run(
    stamps: list[datetime], values: list[float], settings: DetectorSettings | None = None
) -> list[Decision]:
    detector = OnlineDetector(settings)
    return [detector.update(ts, v) for ts, v in zip(stamps, values, strict=True)]


def alerts(decisions: list[Decision]) -> list[Decision]:
    return [d for d in decisions if d.alert]


def at(stamps: list[datetime], when: datetime) -> int:
    return stamps.index(when)


@pytest.mark.parametrize("preset", ["sensitive", "balanced", "strict"])
@pytest.mark.parametrize("seed", [1, 2])
def test_steady_rhythm_with_noise_raises_nothing(preset: str, seed: int) -> None:
    stamps, values = stream(days=35, seed=seed)
    decisions = run(stamps, values, DetectorSettings.preset(preset))
    assert alerts(decisions) == []
    # Until the hour of the week is known, weekends look like falls, but never fall enough.
    assert max(d.score for d in decisions if d.source == "hour_of_week") < 0.5


def test_spike_is_alerted_within_one_bucket_of_its_start() -> None:
    stamps, values = stream(days=24)
    start = at(stamps, START + timedelta(days=22, hours=14))
    for i in range(start, start + 12):
        values[i] *= 6
    found = alerts(run(stamps, values))
    assert len(found) == 1
    alert = found[0]
    assert stamps.index(alert.timestamp) - start <= 1
    assert alert.direction == "rise"
    assert alert.onset == stamps[start]
    assert alert.source == "hour_of_week"
    assert alert.ratio is not None and alert.ratio > 4
    assert alert.score >= 0.5
    assert "rise" in alert.reason


def test_a_lone_bucket_waits_for_a_second_one_and_a_half_hourly_series_does_not() -> None:
    """The rise must last `sustain_minutes`: two 5-minute buckets, one half-hourly bucket."""
    stamps, values = stream(days=23)
    lone = at(stamps, START + timedelta(days=22, hours=14))
    values[lone] *= 8  # one bucket only: a bot or a single repost storm
    assert alerts(run(stamps, values)) == []
    assert [
        d.timestamp for d in alerts(run(stamps, values, DetectorSettings.preset("sensitive")))
    ] == [stamps[lone]]
    rng = np.random.default_rng(3)
    half = [START + i * timedelta(minutes=30) for i in range(23 * 48)]
    counts = [float(rng.poisson(6 * rhythm(ts, 40.0))) for ts in half]
    jump = half.index(START + timedelta(days=22, hours=14))
    counts[jump] *= 6
    settings = DetectorSettings.preset("balanced", bucket_minutes=30)
    assert [d.timestamp for d in alerts(run(half, counts, settings))] == [half[jump]]


def test_one_alert_per_anomaly_then_alerts_again_after_calm() -> None:
    stamps, values = stream(days=26)
    first = at(stamps, START + timedelta(days=21, hours=10))
    second = at(stamps, START + timedelta(days=24, hours=15))
    for begin in (first, second):
        for i in range(begin, begin + 36):  # three hours of a surge, with dips inside
            values[i] = round(values[i] * (5 if i % 7 else 1.5))  # mentions are whole
    found = alerts(run(stamps, values))
    onsets = [stamps.index(d.timestamp) - s for d, s in zip(found, (first, second), strict=True)]
    assert onsets == [SUSTAIN - 1] * 2  # as soon as each surge has lasted long enough
    assert [d.onset for d in found] == [stamps[first], stamps[second]]


def test_cooldown_and_calm_keep_a_flickering_anomaly_to_one_alert() -> None:
    stamps, values = stream(days=23)
    begin = at(stamps, START + timedelta(days=22, hours=9))
    for i in range(begin, begin + 48):
        values[i] *= 6 if (i - begin) % 12 < 6 else 1  # half an hour on, half an hour off
    settings = DetectorSettings.preset("balanced", calm_minutes=60)
    assert len(alerts(run(stamps, values, settings))) == 1


def test_feed_outage_is_told_apart_from_interest_collapsing() -> None:
    stamps, values = stream(days=24)
    outage = at(stamps, START + timedelta(days=21, hours=13))
    collapse = at(stamps, START + timedelta(days=23, hours=13))
    for i in range(outage, outage + 24):
        values[i] = 0.0
    for i in range(collapse, collapse + 36):
        values[i] = round(values[i] * 0.1)
    found = alerts(run(stamps, values))
    assert [(d.direction, d.cause) for d in found] == [
        ("fall", "feed_outage"),
        ("fall", "interest_drop"),
    ]
    assert stamps.index(found[0].timestamp) - outage == 5  # after the 30 minutes a fall needs
    assert found[0].onset == stamps[outage]


def test_falls_can_be_switched_off() -> None:
    stamps, values = stream(days=23)
    outage = at(stamps, START + timedelta(days=22, hours=13))
    for i in range(outage, outage + 24):
        values[i] = 0.0
    settings = DetectorSettings.preset("balanced", watch_falls=False)
    assert alerts(run(stamps, values, settings)) == []


def test_min_mentions_silences_a_quiet_brands_noise() -> None:
    stamps, values = stream(days=23, level=0.3)
    begin = at(stamps, START + timedelta(days=22, hours=15))
    values[begin : begin + 3] = [15.0, 14.0, 16.0]
    loud = DetectorSettings.preset("balanced", min_mentions=5)
    quiet = DetectorSettings.preset("balanced", min_mentions=20)
    assert len(alerts(run(stamps, values, loud))) == 1
    decisions = run(stamps, values, quiet)
    assert alerts(decisions) == []
    assert "fewer than 20 mentions" in decisions[begin + 1].reason


def test_a_brand_that_bursts_daily_alerts_only_on_a_rare_burst() -> None:
    stamps, values = stream(days=24)
    rng = np.random.default_rng(5)
    for day in range(24):
        begin = day * PER_DAY + int(rng.integers(100, 250))
        for i in range(begin, begin + 3):
            values[i] *= 4  # an everyday burst: unusual for the hour, usual for this brand
    big = at(stamps, START + timedelta(days=23, hours=22))
    for i in range(big, big + 6):
        values[i] *= 15
    found = alerts(run(stamps, values, DetectorSettings.preset("balanced", rarity_days=30)))
    # In its first week every burst is new; after that only the rare one counts.
    late = [d for d in found if d.timestamp > START + timedelta(days=7)]
    assert [d.timestamp for d in late] == [stamps[big + SUSTAIN - 1]]
    assert late[0].onset == stamps[big]


def test_nothing_alerts_while_warming_up_and_fallbacks_name_their_source() -> None:
    stamps, values = stream(days=15)
    for i in range(60, 72):
        values[i] *= 10
    decisions = run(stamps, values)
    assert not any(d.alert for d in decisions[:PER_DAY])
    assert decisions[0].source is None and decisions[0].expected is None
    assert decisions[12].source == "global"
    assert decisions[4 * PER_DAY].source == "hour_of_day"
    assert decisions[-1].source == "hour_of_week"
    assert "learning" in decisions[0].reason


def test_online_prefix_run_equals_the_full_run_truncated() -> None:
    stamps, values = stream(days=16, seed=3)
    for i in range(15 * PER_DAY, 15 * PER_DAY + 24):
        values[i] *= 8
    full = run(stamps, values)
    cut = 15 * PER_DAY + 10
    assert run(stamps[:cut], values[:cut]) == full[:cut]
    assert any(d.alert for d in full[:cut])


def test_detect_series_equals_the_online_path() -> None:
    stamps, values = stream(days=9, seed=4)
    values[8 * PER_DAY : 8 * PER_DAY + 12] = [v * 9 for v in values[8 * PER_DAY : 8 * PER_DAY + 12]]
    settings = DetectorSettings.preset("sensitive")
    frame = detect_series(stamps, values, settings)
    online = run(stamps, values, settings)
    expected = pd.DataFrame(
        {
            "timestamp": stamps,
            "value": values,
            "anomaly_score": [d.score for d in online],
            "alert": [int(d.alert) for d in online],
        }
    )
    pd.testing.assert_frame_equal(frame, expected)
    assert frame["alert"].sum() >= 1
    assert frame["anomaly_score"].between(0, 1).all()


def test_negative_shift_at_constant_volume_is_alerted_once() -> None:
    rng = np.random.default_rng(9)
    detector = NegativeShiftDetector(DetectorSettings.preset("balanced"))
    volume = OnlineDetector(DetectorSettings.preset("balanced"))
    shift_start = START + timedelta(days=9, hours=11)
    found, volume_alerts = [], []
    for i in range(10 * PER_DAY):
        ts = START + i * BUCKET
        total = int(rng.poisson(30))
        share = 0.45 if shift_start <= ts < shift_start + timedelta(hours=3) else 0.15
        decision = detector.update(ts, total, int(rng.binomial(total, share)))
        volume_alerts += [ts] if volume.update(ts, total).alert else []
        found += [decision] if decision.alert else []
    assert volume_alerts == []
    assert len(found) == 1
    assert shift_start <= found[0].timestamp <= shift_start + timedelta(minutes=20)
    assert found[0].expected == pytest.approx(0.15, abs=0.02)
    assert found[0].value >= 0.3
    assert "negative" in found[0].reason


@pytest.mark.parametrize(("min_mentions", "alerted"), [(5, 1), (100, 0)])
def test_negative_shift_needs_enough_negative_mentions(min_mentions: int, alerted: int) -> None:
    rng = np.random.default_rng(10)
    detector = NegativeShiftDetector(DetectorSettings.preset("balanced", min_mentions=min_mentions))
    found = []
    for i in range(4 * PER_DAY):
        ts = START + i * BUCKET
        total = int(rng.poisson(4))  # a quiet brand: about 25 mentions in half an hour
        share = 0.8 if i > 3 * PER_DAY + 100 else 0.1
        found += [ts] if detector.update(ts, total, int(rng.binomial(total, share))).alert else []
    assert len(found) == alerted


def test_presets_order_eagerness_and_reject_unknown_names() -> None:
    sensitive, balanced, strict = (
        DetectorSettings.preset(n) for n in ("sensitive", "balanced", "strict")
    )
    assert sensitive.surprise < balanced.surprise < strict.surprise
    assert sensitive.rarity_days < balanced.rarity_days < strict.rarity_days
    assert DetectorSettings.preset("strict", min_mentions=2).min_mentions == 2
    with pytest.raises(ValueError, match="unknown preset"):
        DetectorSettings.preset("paranoid")
    with pytest.raises(ValueError):
        replace(balanced, rise_factor=0.5)


def test_a_long_crisis_with_lulls_is_one_alert_and_the_next_day_rearms() -> None:
    stamps, values = stream(days=26)
    begin = at(stamps, START + timedelta(days=22, hours=8))
    for i in range(begin, begin + 8 * 12):  # eight hours: surges with ordinary hours between
        values[i] *= 6 if (i - begin) % 24 < 12 else 1
    later = at(stamps, START + timedelta(days=24, hours=12))
    for i in range(later, later + 12):
        values[i] *= 8
    day = DetectorSettings.preset("balanced", rearm_hours=24.0)
    found = alerts(run(stamps, values, day))
    assert [stamps.index(d.timestamp) for d in found] == [begin + SUSTAIN - 1, later + SUSTAIN - 1]
    # With the preset's one-hour re-arm each surge after a calm hour pages again.
    assert len(alerts(run(stamps, values))) > 2


def test_ordinary_night_lows_raise_no_fall() -> None:
    rng = np.random.default_rng(3)
    stamps = [START + i * BUCKET for i in range(30 * PER_DAY)]
    # A brand that goes nearly silent at night: long runs of zeros are its normal.
    hours = [ts.hour + ts.minute / 60 for ts in stamps]
    values = [float(rng.poisson(30 * max(0.02, math.sin(math.pi * (h - 4) / 20)))) for h in hours]
    decisions = run(stamps, values)
    assert [d for d in decisions if d.alert and d.direction == "fall"] == []


def test_a_daily_rhythm_without_anomalies_never_alerts_on_its_first_days() -> None:
    """A square wave (quiet nights, busy days) looks like a surge against the last day's level.

    Volume alerts wait for a seasonal typical value (the same hour on earlier days).
    """
    stamps = [START + i * BUCKET for i in range(14 * PER_DAY)]
    values = [80.0 if 9 <= ts.hour < 15 else 20.0 for ts in stamps]
    decisions = run(stamps, values)
    assert alerts(decisions) == []
    assert any(d.direction == "rise" and d.source == "global" for d in decisions)
