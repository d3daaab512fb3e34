"""The held-out ensemble bench (bench/nab_ensemble.py) merges alerts one per event.

Its figures decide whether a rule joins the detector, so the merging it scores must keep the
product's rules: one alert per event, a new one only after an hour and a calm spell.
"""

from __future__ import annotations

import numpy as np

from bench.nab_ensemble import CALM, HOLD, merge, zscores


def _evidence(n: int, high: list[range]) -> np.ndarray:
    ev = np.zeros(n)
    for span in high:
        ev[span] = 20.0
    return ev


def test_one_alert_per_event_from_rule_and_detector() -> None:
    n = 200
    ev = _evidence(n, [range(50, 70)])
    x = np.full(n, 50.0)
    # The detector alerts inside the same event: it is the same event, no second alert.
    assert merge(np.array([55, 60]), ev, x, 10.0) == [50]


def test_new_event_after_hold_and_calm_alerts_again() -> None:
    n = 300
    ev = _evidence(n, [range(50, 55), range(50 + HOLD + CALM + 10, 50 + HOLD + CALM + 15)])
    x = np.full(n, 50.0)
    assert merge(np.zeros(0, int), ev, x, 10.0) == [50, 50 + HOLD + CALM + 10]


def test_still_high_after_an_hour_is_still_the_same_event() -> None:
    n = 300
    ev = _evidence(n, [range(50, 50 + 3 * HOLD)])
    assert merge(np.zeros(0, int), ev, np.full(n, 50.0), 10.0) == [50]


def test_few_mentions_raise_nothing() -> None:
    n = 200
    ev = _evidence(n, [range(50, 60)])
    assert merge(np.zeros(0, int), ev, np.full(n, 4.0), 10.0) == []


def test_quiet_poisson_noise_has_no_z_alert() -> None:
    rng = np.random.default_rng(7)
    values = rng.poisson(20.0, 288 * 14).astype(float)
    for scale in ("sqrt", "raw"):
        for centre in ("median", "mean"):
            z = zscores(values, 288, scale, centre)
            assert merge(np.zeros(0, int), z, values, 8.0) == []
            assert np.isneginf(z[:288]).all()


def test_a_surge_is_found_at_its_first_bucket() -> None:
    rng = np.random.default_rng(8)
    values = rng.poisson(20.0, 288 * 3).astype(float)
    values[700:720] = 200.0
    z = zscores(values, 288, "sqrt", "median")
    assert merge(np.zeros(0, int), z, values, 10.0) == [700]
