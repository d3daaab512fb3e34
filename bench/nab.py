"""Vahti's crisis detector on NAB, its settings chosen by cross-validation: the RESULTS.md table.

Three steps, one run:
1. `bench/nab_cv.py`'s grid over every series (three tweet series, their thinned copies as
   stand-ins for quieter brands, nab-more's four real corpora), cached per setting;
2. held-out scores, before (the grids searched until now) and after (with the latest grid) in
   one table: each tweet series and its thinned copies with settings chosen without them, and
   each nab-more corpus with settings chosen without that corpus, beside the published
   detectors; the artificial series with the shipped settings (`artificialNoAnomaly` has no
   anomaly: every alert is false);
3. the shipped `vahti detect` through the shared `nab_run.py` on every series (the product path,
   which must run each file without an error), to check it agrees with the in-process runs.
Records the `nab` section of bench/RESULTS.md.

    PYTHONPATH=. python bench/nab.py [--shared /work/shared] [--no-cli]
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench._results import write_section
from bench.nab_cv import (
    GRIDS,
    MAX_REARM_HOURS,
    MEASURE_GRID,
    MIN_SURPRISE,
    MORE_COUNTS,
    OTHERS,
    THIN_LEVELS,
    THIN_SEEDS,
    TWEETS,
    Bench,
    Output,
    Params,
    canonical,
    cross_validate,
    describe,
    grid_outputs,
    held_out,
    settings_for,
    thin_copies,
)
from bot.domain.crisis.detector import OnlineDetector

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = ("ARTime", "numenta", "contextOSE")
# The grids searched before the fourth (`GRIDS[:BEFORE]`): the "before" column.
BEFORE = 3


def published(path: Path) -> dict[str, list[str]]:
    """Detector -> its cells (score and windows) from a PUBLISHED.md's first table."""
    rows: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and cells[0] in PUBLISHED and cells[0] not in rows:
            rows[cells[0]] = cells[1:]
    return rows


def run_cli(shared: Path, root: str, windows: str, subset: str) -> dict[str, Any]:
    """The shipped `vahti detect` through nab_run.py on a subset; its parsed JSON result."""
    cmd = f"{shlex.quote(sys.executable)} -m bot detect"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "nab.json"
        subprocess.run(
            [
                sys.executable,
                str(shared / "tools" / "nab_run.py"),
                "--cmd",
                cmd,
                "--data-root",
                root,
                "--windows",
                windows,
                "--subset",
                subset,
                "--json",
                str(out),
            ],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        result: dict[str, Any] = json.loads(out.read_text())
        return result


def falls_line(bench: Bench) -> str:
    """Falls the shipped settings raise with falls on (`--falls`) on the tweet series."""
    found = []
    for s in bench.corpora[TWEETS].series:
        detector = OnlineDetector(settings_for({}, 5, falls=True))
        for _, ts, _, value in bench.corpora[TWEETS].rows[s.name]:
            d = detector.update(ts, value)
            if d.alert and d.direction == "fall":
                found.append(f"{s.name.split('_')[-1][:-4]} {ts:%Y-%m-%d %H:%M} ({d.cause})")
    return (
        f"With `--falls` the shipped settings raise {len(found)} fall alert(s) on the three "
        f"tweet series{': ' + '; '.join(found) if found else ''}."
    )


def shipped_params() -> Params:
    """The balanced preset's values of the searched settings."""
    return canonical({})


def cell(bench: Bench, series: Sequence[Any], out: Output) -> str:
    """Alerts as raised with windows found and false-positive rows."""
    found, fp = bench.detail(series, out, 1, 0.5)
    windows = sum(len(s.scorable_windows) for s in series)
    return f"{bench.alerts_score(series, out):.2f} ({found}/{windows}, {fp} FP)"


def held_rows(
    bench: Bench, outs: dict[Params, Output], cv: dict[str, Any], fixed: Output | None = None
) -> dict[str, str]:
    """One procedure's held-out cells: row label -> 'score (windows, FP)'.

    With `fixed`, every row is scored with that one output instead (the shipped preset).
    """
    real = bench.corpora[TWEETS].series
    rows: dict[str, str] = {}
    if fixed is not None:
        outs = dict.fromkeys(outs, fixed)
    figures = held_out(bench, cv, fixed)
    for choice, _, _ in cv["tweets"]:
        held = [s for s in real if s.name == choice.held]
        out = outs[choice.params]
        rows[f"tweets {short(choice.held)}"] = cell(bench, held, out)
        for level, _ in THIN_LEVELS:
            rows[f"{short(choice.held)} thinned {level}"] = cell(
                bench, thin_copies(bench, level, [choice.held]), out
            )
    rows["**tweets, 3 together (leave one series out)**"] = f"**{figures['tweets']:.2f}**"
    for level, _ in THIN_LEVELS:
        n = len(thin_copies(bench, level))
        rows[f"**thinned {level}, {n} copies (their series left out)**"] = (
            f"**{figures[f'thin {level}']:.2f}**"
        )
    everything: list[Any] = []
    merged: Output = {}
    for name in OTHERS:
        series = bench.corpora[name].series
        out = outs[cv["corpora"][name].params]
        everything += series
        merged.update({s.name: out[s.name] for s in series})
        rows[f"{name} ({len(series)}, leave corpus out)"] = cell(bench, series, out)
    counts = bench.more_counts.series
    rows[f"{MORE_COUNTS} ({len(counts)}, per corpus as above)"] = cell(bench, counts, merged)
    rows["**nab-more, 37 together (leave one corpus out)**"] = (
        f"**{cell(bench, everything, merged)}**"
    )
    return rows


def short(name: str) -> str:
    return name.split("_")[-1].removesuffix(".csv")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--no-cli", action="store_true", help="skip the nab_run.py check")
    args = parser.parse_args()
    bench = Bench(args.shared)
    outs = grid_outputs(bench, args.shared, GRIDS, only_admissible=True)
    before_outs = grid_outputs(bench, args.shared, GRIDS[:BEFORE], only_admissible=True)
    cv_before = cross_validate(bench, before_outs)
    cv = cross_validate(bench, outs)
    ship = shipped_params()
    shipped = outs[ship] if ship in outs else bench.run(ship)
    pub_tweets = published(args.shared / "data" / "nab" / "PUBLISHED.md")
    pub_more = published(args.shared / "data" / "nab-more" / "PUBLISHED.md")
    before, after = held_rows(bench, before_outs, cv_before), held_rows(bench, outs, cv)
    preset = held_rows(bench, outs, cv, fixed=shipped)
    pubs: dict[str, list[str]] = {
        "**tweets, 3 together (leave one series out)**": [pub_tweets[p][0] for p in PUBLISHED]
    }
    for i, name in enumerate(OTHERS):
        series = bench.corpora[name].series
        pubs[f"{name} ({len(series)}, leave corpus out)"] = [pub_more[p][i] for p in PUBLISHED]
    pubs["**nab-more, 37 together (leave one corpus out)**"] = [
        pub_more[p][len(OTHERS)] for p in PUBLISHED
    ]
    table = [
        "| held out | shipped preset (in sample) | CV before: alerts as raised "
        "(windows, FP rows) | CV after | "
        + " | ".join(f"{p} (published, optimised)" for p in PUBLISHED)
        + " |",
        "|---|---|---|---|" + "---|" * len(PUBLISHED),
    ]
    for label, value in after.items():
        pub = pubs.get(label, [""] * len(PUBLISHED))
        table.append(
            f"| {label} | {preset[label]} | {before[label]} | {value} | {' | '.join(pub)} |"
        )
    for name in ("artificialNoAnomaly", "artificialWithAnomaly"):
        series = bench.corpora[name].series
        alerts = bench.alert_count(series, shipped)
        row = cell(bench, series, shipped) if name.endswith("WithAnomaly") else "–"
        table.append(
            f"| {name} ({len(series)}) | {row}; {alerts} alerts | | |" + " |" * len(PUBLISHED)
        )
    folds = [
        "| fold (held out) | before: settings chosen without it | after: the same |",
        "|---|---|---|",
    ]
    for (b, _, _), (a, _, _) in zip(cv_before["tweets"], cv["tweets"], strict=True):
        folds.append(f"| {short(a.held)} | {describe(b.params)} | {describe(a.params)} |")
    for name in OTHERS:
        b, a = cv_before["corpora"][name], cv["corpora"][name]
        folds.append(f"| {name} | {describe(b.params)} | {describe(a.params)} |")
    shown = {TWEETS: bench.corpora[TWEETS].series}
    shown.update({f"thin {lv}": thin_copies(bench, lv) for lv, _ in THIN_LEVELS})
    shown[MORE_COUNTS] = bench.more_counts.series
    shown.update({n: bench.corpora[n].series for n in OTHERS})
    in_sample = [f"{n} {bench.alerts_score(s, shipped):.2f}" for n, s in shown.items()]
    levels = ", ".join(f"{level} (p={p:.3g})" for level, p in THIN_LEVELS)
    lines = [
        "## Crisis detector on NAB (`bench/nab.py`, settings chosen by `bench/nab_cv.py`)",
        "",
        "NAB standard profile, alerts as raised. The unseen brands are judged by the held-out "
        "rows, never by in-sample figures. Thinned copies stand in for quieter brands: each "
        f"5-minute count of a tweet series binomially thinned (levels {levels}; seeds "
        f"{list(THIN_SEEDS)}), same labels, made on the fly from the shared files. Count "
        "settings are chosen by the mean normalised score over groups: the tweet series, their "
        f"thinned copies per level, and nab-more's count series ({MORE_COUNTS}: taxi demand, a "
        "request count, road sensors). A tweet fold leaves out the series and all its thinned "
        "copies; a nab-more fold leaves out that corpus. A measurement (fractional or negative "
        "values: most of nab-more) is judged by its own watch "
        "(`bot/domain/crisis/measurement.py`), both ways, its settings chosen on the other "
        "nab-more corpora after the count settings. Before: the same folds choosing among the "
        f"first {BEFORE} grids only; after: with the latest grid too (rarity 14 days, a rise "
        "held for 10 minutes, the fewest mentions and the last-week gate).",
        "",
        *table,
        "",
        *folds,
        "",
        "Grids searched (their union; each later grid was added after seeing the earlier ones' "
        "cross-validated scores, so the held-out figures carry a little selection): "
        + "; ".join(", ".join(f"{k} {list(v)}" for k, v in g.items()) for g in GRIDS)
        + f". Eligible only with surprise >= {MIN_SURPRISE:g} (a product rule: about one chance "
        f"alert a year on pure Poisson noise) and rearm_hours <= {MAX_REARM_HOURS:g} (a new "
        "surge hours after a resolved incident must page); only eligible points are run. "
        "Then the measurement settings, "
        + ", ".join(f"{k} {list(v)}" for k, v in MEASURE_GRID.items())
        + ", chosen per held-out corpus on the other nab-more corpora, only among those with no "
        f"alert on artificialNoAnomaly (plain noise). Chosen on everything: "
        f"{describe(cv['all'].params)}. Shipped as the balanced preset: {describe(ship)}; "
        f"in sample, alerts as raised: {', '.join(in_sample)}.",
        "Also tried, not kept: judging a count's rise by the measurement watch's anomaly "
        "likelihood on the stabilised counts (with the plain-terms gates; rarity 0, 7, 30 "
        "days, rise factor 1 or 2, fewest mentions 2 or 5, last-week factor 0 or 1) scored "
        "well below the shipped settings in sample on the tweets, on each thinned level and "
        "on nab-more's counts; its code was not kept. A rise judged on the total of 3, 6 or 12 "
        "buckets (pooling) scored lower held out than each bucket alone (63.2 against 74.0 on "
        "the tweets in round 4); that option was removed.",
    ]
    if tuple(cv["all"].params) != ship:
        chosen = outs[cv["all"].params]
        pairs = {
            n: (bench.alerts_score(s, chosen), bench.alerts_score(s, shipped))
            for n, s in shown.items()
        }
        lower = [n for n, (c, s) in pairs.items() if c < s]
        if all(round(c, 6) == round(s, 6) for c, s in pairs.values()):
            differ = [
                f"{k} {dict(ship)[k]:g} (CV {v:g})"
                for k, v in cv["all"].params
                if v != dict(ship)[k]
            ]
            lines.append(
                "The shipped preset scores exactly as the CV choice on every group: they differ "
                f"only in settings that change no score here ({', '.join(differ)}), which keep "
                "their product values."
            )
        else:
            lines.append(
                "**The shipped preset differs from the CV choice on everything**, which scores "
                "in sample (CV choice vs shipped) "
                + ", ".join(f"{n} {c:.2f} vs {s:.2f}" for n, (c, s) in pairs.items())
                + f"; it is lower on {', '.join(lower) or 'nothing'}. A setting that gains on the "
                "real tweets and loses on thinned copies or nab-more's counts is a fit to the "
                "three series, so the preset stays until a choice wins on all of them."
            )
    if not args.no_cli:
        cli = run_cli(
            args.shared,
            str(args.shared / "data" / "nab"),
            str(args.shared / "data" / "nab" / "labels" / "windows.json"),
            TWEETS,
        )
        more = args.shared / "data" / "nab-more"
        cli_more = run_cli(args.shared, str(more), str(more / "labels" / "windows.json"), "all")
        lines.append(
            f"`vahti detect` through `nab_run.py` (every file ran without an error): tweets "
            f"{cli['alerts']['standard']['normalized']:.2f} as raised, "
            f"{cli['score']['standard']['normalized']:.2f} optimised; all of nab-more "
            f"(artificial included) {cli_more['alerts']['standard']['normalized']:.2f} as raised."
        )
    lines.append(falls_line(bench))
    md = "\n".join(lines)
    print(md)
    write_section("nab", md)


if __name__ == "__main__":
    main()
