"""Vahti's crisis detector on NAB's tweet-volume series, beside the published detectors.

Runs `vahti detect` through the shared `nab_run.py` for each preset (the product path, scored
as NAB does: `alert` as raised, and `anomaly_score` with NAB's optimised threshold), then, in
process, a leave-one-series-out check of the two main settings (surprise, rarity_days): tune on
two series, score the third with what was tuned. Also measured in the same run: ablations that
switch one principle off, to show what each contributes. Records the `nab` section of
bench/RESULTS.md.

    PYTHONPATH=. python bench/nab.py [--shared /work/shared]
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import json
import math
import os
import shlex
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd

from bench._results import write_section
from bot.domain.crisis.detector import DetectorSettings, OnlineDetector, detect_series

ROOT = Path(__file__).resolve().parents[1]
PROFILES = ("standard", "reward_low_FP_rate", "reward_low_FN_rate")
GRID = {"surprise": (4.0, 5.0, 6.0, 7.0, 8.0), "rarity_days": (7.0, 14.0, 30.0, 60.0)}
Result = dict[str, dict[str, Any]]


def run_cli(shared: Path, extra: str) -> tuple[dict[str, Result], float]:
    """`nab_run.py --cmd "python -m bot detect <extra>"`: both results and rows per second."""
    cmd = f"{shlex.quote(sys.executable)} -m bot detect {extra}".strip()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "nab.json"
        tool = str(shared / "tools" / "nab_run.py")
        done = subprocess.run(
            [sys.executable, tool, "--cmd", cmd, "--json", str(out)],
            capture_output=True, text=True, check=True, cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        speed = next(line for line in done.stdout.splitlines() if line.startswith("rows/s"))
        return json.loads(out.read_text()), float(speed.split()[1])


def row(label: str, res: Result) -> str:
    cells = [f"{res[p]['normalized']:.2f}" for p in PROFILES]
    std = res["standard"]
    return f"| {label} | {' | '.join(cells)} | {std['windows_detected']}/9 | {std['fp']} |"


class Nab:
    """In-process scoring of detector settings on the series, with NAB's own scorer."""

    def __init__(self, shared: Path) -> None:
        sys.path.insert(0, str(shared / "tools"))
        self.ns: ModuleType = importlib.import_module("nab_score")  # NAB's scorer, shared tools
        data = shared / "data" / "nab"
        self.series = self.ns.load_subset(
            str(data), str(data / "labels" / "windows.json"), "realTweets"
        )
        self.frames = {
            s.name: pd.read_csv(data / s.name, parse_dates=["timestamp"]) for s in self.series
        }
        self.profile = self.ns.PROFILES["standard"]

    def outputs(self, settings: DetectorSettings) -> dict[str, tuple[list[float], list[float]]]:
        """(anomaly_score, alert) per series."""
        out = {}
        for name, frame in self.frames.items():
            res = detect_series(frame["timestamp"].dt.to_pydatetime(), frame["value"], settings)
            out[name] = (res["anomaly_score"].tolist(), res["alert"].astype(float).tolist())
        return out

    def raw(self, subset: list[Any], outs: dict[str, Any], column: int, thr: float) -> float:
        cols = [outs[s.name][column] for s in subset]
        return float(self.ns.score_at_threshold(subset, cols, self.profile, thr)[0])

    def best_threshold(self, subset: list[Any], outs: dict[str, Any]) -> tuple[float, float]:
        cols = [outs[s.name][0] for s in subset]
        thr, raw = self.ns.optimize_threshold(subset, cols, self.profile)
        return float(thr), float(raw)

    def normalise(self, raw: float) -> float:
        return float(self.ns.normalise(raw, self.series, self.profile)[0])


def leave_one_out(nab: Nab, base: DetectorSettings) -> tuple[float, float, list[str]]:
    """Tune (surprise, rarity_days) on two series, score the third; both columns.

    Ties go to the setting closest to the shipped one (the prior choice), not to the grid order.
    """
    grid = {
        combo: nab.outputs(replace(base, surprise=combo[0], rarity_days=combo[1]))
        for combo in itertools.product(GRID["surprise"], GRID["rarity_days"])
    }

    def closeness(combo: tuple[float, float]) -> float:
        return -abs(combo[0] - base.surprise) - abs(math.log(combo[1] / base.rarity_days))

    total_alerts = total_score = 0.0
    notes = []
    for held in nab.series:
        train = [s for s in nab.series if s is not held]
        pick = max(grid, key=lambda c: (round(nab.raw(train, grid[c], 1, 0.5), 9), closeness(c)))
        held_alerts = nab.raw([held], grid[pick], 1, 0.5)
        tuned = {c: nab.best_threshold(train, outs) for c, outs in grid.items()}
        pick_s = max(tuned, key=lambda c: (round(tuned[c][1], 9), closeness(c)))
        held_score = nab.raw([held], grid[pick_s], 0, tuned[pick_s][0])
        total_alerts, total_score = total_alerts + held_alerts, total_score + held_score
        name = held.name.split("_")[-1].removesuffix(".csv")
        notes.append(
            f"{name} held out: alerts tuned to surprise {pick[0]:g}, rarity_days {pick[1]:g} "
            f"(raw {held_alerts:+.2f} on {name}); anomaly_score tuned to surprise {pick_s[0]:g}, "
            f"rarity_days {pick_s[1]:g}, threshold {tuned[pick_s][0]:.3f} (raw {held_score:+.2f})"
        )
    return nab.normalise(total_alerts), nab.normalise(total_score), notes


def ablations(nab: Nab, base: DetectorSettings) -> list[str]:
    """One principle off at a time, alerts as raised (standard profile)."""
    lines = []
    variants = {
        "balanced as shipped": base,
        "no rarity bar (rarity_days 0)": replace(base, rarity_days=0),
        "no sustain (one bucket is enough)": replace(base, sustain_buckets=1),
        "no plain-terms gate (rise_factor 1)": replace(base, rise_factor=1.0),
    }
    for label, settings in variants.items():
        outs = nab.outputs(settings)
        raw = nab.raw(nab.series, outs, 1, 0.5)
        lines.append(f"| {label} | {nab.normalise(raw):.2f} |")
    return lines


def falls_raised(nab: Nab, base: DetectorSettings) -> list[str]:
    """Where the shipped settings raise a fall, and which cause they name."""
    found = []
    for name, frame in nab.frames.items():
        detector = OnlineDetector(base)
        for ts, value in zip(frame["timestamp"].dt.to_pydatetime(), frame["value"], strict=True):
            decision = detector.update(ts, float(value))
            if decision.alert and decision.direction == "fall":
                short = name.split("_")[-1].removesuffix(".csv")
                found.append(f"{short} {ts:%Y-%m-%d %H:%M} ({decision.cause})")
    return found


def published(shared: Path) -> tuple[list[str], tuple[str, float]]:
    """The published table's rows, and the best detector on the standard profile."""
    text = (shared / "data" / "nab" / "PUBLISHED.md").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    body = [r for r in rows if not r.startswith("| detector")]
    name, score = max(
        ((r.split("|")[1].strip(), float(r.split("|")[2])) for r in body), key=lambda x: x[1]
    )
    return body, (name, score)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    runs = {
        "balanced (default)": "",
        "sensitive": "--preset sensitive",
        "strict": "--preset strict",
        "balanced --falls": "--falls",
    }
    results = {label: run_cli(args.shared, extra) for label, extra in runs.items()}
    pub_rows, best = published(args.shared)
    table = [
        "| detector | standard | low FP | low FN | windows | FP rows |",
        "|---|---|---|---|---|---|",
    ]
    for label, (res, _) in results.items():
        table.append(row(f"**Vahti {label}**, alerts as raised", res["alerts"]))
        table.append(row(f"Vahti {label}, anomaly_score (optimised threshold)", res["score"]))
    table += [f"| {r.split('|', 2)[1].strip()} (published) |{r.split('|', 2)[2]}" for r in pub_rows]
    nab = Nab(args.shared)
    base = replace(DetectorSettings.preset("balanced"), watch_falls=False)  # as `vahti detect`
    loo_alerts, loo_score, notes = leave_one_out(nab, base)
    ablation = [*ablations(nab, base), f"| falls raised: {'; '.join(falls_raised(nab, base))} | |"]
    md = render(table, best, (loo_alerts, loo_score, notes), ablation, results)
    print(md)
    write_section("nab", md)


def render(
    table: list[str],
    best: tuple[str, float],
    loo: tuple[float, float, list[str]],
    ablation: list[str],
    results: dict[str, tuple[dict[str, Result], float]],
) -> str:
    """The markdown section: verdict first, then the tables."""
    default = results["balanced (default)"][0]
    alerts, score = default["alerts"]["standard"], default["score"]["standard"]
    name, top = best
    beats = [k for k, (res, _) in results.items() if res["alerts"]["standard"]["normalized"] > top]
    beats_s = [k for k, (res, _) in results.items() if res["score"]["standard"]["normalized"] > top]
    verdict = (
        f"**Where Vahti stands.** `vahti detect` as shipped (balanced preset, spikes) "
        f"scores {alerts['normalized']:.2f} on the standard profile with the alerts it raises "
        f"({alerts['windows_detected']}/9 windows, {alerts['fp']} false-positive rows): "
        f"{'above' if alerts['normalized'] > top else 'below'} the best published detector, "
        f"{name} {top:.2f} (ratio {alerts['normalized'] / top:.3f}). {name}'s threshold was "
        f"optimised on these very series; Vahti's alert column uses no fitted threshold, but its "
        f"settings were chosen while developing on these series too. Scored "
        f"the way the published detectors were (anomaly_score, NAB-optimised threshold) it "
        f"scores {score['normalized']:.2f} ({'above' if score['normalized'] > top else 'below'} "
        f"{name}). Alerts as raised beat {name} with: {'; '.join(beats) or 'no preset'}; "
        f"anomaly_score beats it with: {'; '.join(beats_s) or 'no preset'}. Leaving one series "
        f"out (surprise and rarity_days tuned on two series, scored on the third) gives "
        f"{loo[0]:.2f} for alerts and {loo[1]:.2f} for anomaly_score, the fairer estimate for "
        f"other series of this kind ({'above' if loo[0] > top else 'below'} {name}'s in-sample "
        f"{top:.2f})."
    )
    speed = min(s for _, s in results.values())
    return "\n".join(
        [
            "## NAB tweet volumes (realTweets AAPL, GOOG, IBM; 9 labelled windows)",
            "",
            verdict,
            "",
            *table,
            "",
            "Leave one series out (balanced, grid surprise 4–8 × rarity_days 7–60, NAB standard):",
            "",
            *[f"- {n}" for n in loo[2]],
            "",
            "Ablations, measured in the same run (alerts as raised, standard profile):",
            "",
            "| variant | standard |",
            "|---|---|",
            *ablation,
            "",
            f"Speed through the CLI (process start included): at least {speed:,.0f} rows/s.",
            "NAB labels rises only, so `vahti detect` reports spikes by default; `--falls` adds "
            "drops (the crisis watch raises those as their own signal, e.g. a feed outage), and "
            "each fall counts as a false positive here.",
        ]
    )


if __name__ == "__main__":
    main()
