"""Held-out test of two self-scaling count rules beside the crisis detector (issue 10).

The rules, each searched on a small grid, alone and OR-ed with the count detector:

* a z-score of the bucket against the trailing window (one day or one week; median and IQR or
  mean and standard deviation; raw counts or square roots, whose Poisson spread is 1/2),
* the upper-tail probability of the bucket under a negative binomial around the hour-of-week
  typical count (`TypicalDay`, as the detector uses), its over-dispersion learnt per series from
  the last week's residuals (method of moments); the bar is -log10 of that probability.

A rule's alert needs at least 5 mentions (`min_mentions`). One alert per event for the rule and
for the ensemble: after an alert nothing more until an hour has passed (`MAX_REARM_HOURS`) and
the rule has been below its bar for 30 minutes (`calm_minutes`). The ensemble is judged from the
count detector's cached alerts (bench/nab_cv.py) merged under that hold, an approximation of
running both in one watch. Settings are chosen by the same folds and objective as
bench/nab_cv.py (a tweet series with its thinned copies held out; a nab-more corpus held out for
its count series), the count detector's own settings on the grids the shipped preset came from
(`BASE_GRIDS`); only thresholds within the product rule (>= `MIN_SURPRISE` wobbles, or a tail of
1e-5 or rarer) are searched. `artificialNoAnomaly` (plain noise) shows the alerts of the choice
on everything. Per tweet fold it also lists where the detector alone finds each window (share of
the window gone at its first alert) and its false alerts. Writes the `nab-ensemble` section of
bench/RESULTS.md.

    PYTHONPATH=. python bench/nab_ensemble.py [--shared /work/shared]
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import nab_cv as cv
from _results import write_section

from bot.domain.crisis.baseline import TypicalDay

HOLD = 12  # buckets of 5 minutes: one hour (MAX_REARM_HOURS)
CALM = 6  # buckets below the bar before the next event (calm_minutes 30)
MIN_MENTIONS = 5.0
Z_GRID: dict[str, tuple[Any, ...]] = {
    "window": (288, 2016),
    "scale": ("sqrt", "raw"),
    "centre": ("median", "mean"),
    "z": (5.0, 6.0, 8.0, 10.0, 12.0, 15.0),
}
NB_GRID: dict[str, tuple[Any, ...]] = {"tail": (5.0, 6.0, 8.0, 10.0, 12.0)}
DISPERSION_WINDOW = 2016  # a week of buckets
# The count detector's settings are searched on nab_cv's first three grids (before the one that
# brought rarity 14 days and 10-minute rises), as in bench/nab.py's "before" column.
BASE_GRIDS = 3
Variant = tuple[tuple[str, Any], ...]
Key = tuple[Any, Variant | None]  # (count detector setting or "never", rule or None)


def zscores(values: np.ndarray, window: int, scale: str, centre: str) -> np.ndarray:
    """The bucket against the `window` buckets before it, in their own spread (-inf before)."""
    y = np.sqrt(values + 0.375) if scale == "sqrt" else values
    past = pd.Series(y).shift(1).rolling(window, min_periods=window)
    if centre == "median":
        mid, spread = past.median(), (past.quantile(0.75) - past.quantile(0.25)) / 1.349
    else:
        mid, spread = past.mean(), past.std()
    floor = 0.5 if scale == "sqrt" else 1.0
    z = (y - mid.to_numpy()) / np.maximum(spread.to_numpy(), floor)
    result: np.ndarray = np.nan_to_num(z, nan=-np.inf)
    return result


def nb_tail(rows: Sequence[cv.Row]) -> np.ndarray:
    """-log10 P(X >= x) under a negative binomial around the hour-of-week typical count.

    The tail is the first term over one minus the ratio of successive terms (exact for a
    geometric tail, close above the mode); 0 where the bucket is not above its typical count.
    """
    day = TypicalDay(5, 4)
    mu = np.full(len(rows), np.nan)
    for i, (_, ts, _, value) in enumerate(rows):
        typical = day.typical(ts)
        if typical is not None and typical.source != "global":
            mu[i] = max(typical.count, 0.1)
        day.learn(ts, value)
    x = np.array([r[3] for r in rows], float)
    excess = pd.Series((x - mu) ** 2 - mu).shift(1).rolling(DISPERSION_WINDOW, min_periods=288)
    square = pd.Series(mu**2).shift(1).rolling(DISPERSION_WINDOW, min_periods=288)
    alpha = np.clip((excess.mean() / square.mean()).to_numpy(), 1e-6, None)
    out = np.zeros(len(rows))
    for j in np.flatnonzero((x > mu) & np.isfinite(alpha)):
        r, m, k = 1.0 / alpha[j], mu[j], x[j]
        q = m / (m + r)
        log_pmf = (
            math.lgamma(k + r)
            - math.lgamma(r)
            - math.lgamma(k + 1)
            + r * math.log(r / (m + r))
            + k * math.log(q)
        )
        ratio = min((k + r) / (k + 1) * q, 1 - 1e-12)
        out[j] = -(log_pmf - math.log1p(-ratio)) / math.log(10)
    return out


def merge(count_alerts: np.ndarray, evidence: np.ndarray, x: np.ndarray, bar: float) -> list[int]:
    """Rows that alert: the detector's or the rule's (>= bar), one per event."""
    rule = np.flatnonzero((evidence >= bar) & (x >= MIN_MENTIONS))
    below = pd.Series(evidence < bar).rolling(CALM, min_periods=CALM).sum().to_numpy() >= CALM
    calm = np.flatnonzero(below)
    kept: list[int] = []
    open_until = -1
    for i in np.union1d(count_alerts.astype(int), rule):
        if i <= open_until:
            continue
        kept.append(int(i))
        k = int(np.searchsorted(calm, i + HOLD))
        open_until = int(calm[k]) if k < len(calm) else sys.maxsize
    return kept


def raw_score(s: Any, alerts: Sequence[int], profile: dict[str, float]) -> float:
    """NAB's raw score of one series from its alert rows (as `score_at_threshold` at 0.5)."""
    best = dict.fromkeys(s.scorable_windows, -profile["fnWeight"])
    fp = 0.0
    for i in alerts:
        if i < s.probation:
            continue
        v, w = s.sweep_score(i, profile), s.win[i]
        if w is None:
            fp += v
        elif v > best[w]:
            best[w] = v
    return sum(best.values()) + fp


def variants() -> list[Variant]:
    grids = ({"rule": ("z",), **Z_GRID}, {"rule": ("nb",), **NB_GRID})
    return [tuple(zip(g, v, strict=True)) for g in grids for v in itertools.product(*g.values())]


def count_series(bench: cv.Bench) -> list[Any]:
    names = (cv.TWEETS, *(f"thin {level}" for level, _ in cv.THIN_LEVELS))
    return [s for n in names for s in bench.corpora[n].series] + bench.more_counts.series


def aligned(s: Any, rows: Sequence[cv.Row], column: np.ndarray) -> np.ndarray:
    """A per-row column on the series' scoring timestamps (-inf where no row)."""
    pos = {ts: i for i, ts in enumerate(s.timestamps)}
    out = np.full(s.n, -np.inf)
    for (_, ts, _, _), v in zip(rows, column, strict=True):
        if ts in pos:
            out[pos[ts]] = v
    return out


def rule_evidence(
    s: Any, rows: Sequence[cv.Row]
) -> list[tuple[Variant, tuple[np.ndarray, np.ndarray]]]:
    """Each rule's evidence per scoring row of `s`, with the counts (both on its timestamps)."""
    values = np.array([r[3] for r in rows], float)
    x = aligned(s, rows, values)
    tail = aligned(s, rows, nb_tail(rows))
    out = []
    for v in variants():
        p = dict(v)
        if p["rule"] == "z":
            z = zscores(values, p["window"], p["scale"], p["centre"])
            out.append((v, (aligned(s, rows, z), x)))
        else:
            out.append((v, (tail, x)))
    return out


def alerts_of(base_alerts: np.ndarray, rule: Variant | None, ev: Any) -> np.ndarray:
    """The rows that alert for a detector's alerts (all ones) and a rule (or none)."""
    if rule is None:
        return np.flatnonzero(base_alerts >= 0.5)
    bar = float(dict(rule).get("z", dict(rule).get("tail", 0.0)))
    return np.array(merge(np.flatnonzero(base_alerts >= 0.5), ev[0], ev[1], bar), dtype=int)


def noise_alerts(bench: cv.Bench, bases: dict[Any, cv.Output], key: Key) -> int:
    """Alerts on `artificialNoAnomaly` (plain noise, every alert false) for one choice."""
    corpus, total = bench.corpora[cv.NOISE], 0
    for s in corpus.series:
        rows = corpus.rows[s.name]
        base = np.zeros(s.n) if key[0] == "never" else np.asarray(bases[key[0]][s.name][1])
        if not cv._is_count(rows) or key[1] is None:
            total += int((base >= 0.5).sum())
            continue
        ev = dict(rule_evidence(s, rows))[key[1]]
        total += len(alerts_of(base, key[1], ev))
    return total


def scores(bench: cv.Bench, bases: dict[Any, cv.Output]) -> dict[Key, dict[str, float]]:
    """Raw NAB score per (detector setting, rule) and count series."""
    rows_of = {name: rows for c in bench.corpora.values() for name, rows in c.rows.items()}
    evidence = {
        (s.name, v): e for s in count_series(bench) for v, e in rule_evidence(s, rows_of[s.name])
    }
    out: dict[Key, dict[str, float]] = {}
    for base in [*bases, "never"]:
        rules: list[Variant | None] = [None, *variants()]
        for rule in rules:
            if base == "never" and rule is None:
                continue
            per = {}
            for s in count_series(bench):
                column = np.zeros(s.n) if base == "never" else np.asarray(bases[base][s.name][1])
                ev = None if rule is None else evidence[(s.name, rule)]
                al = alerts_of(column, rule, ev)
                per[s.name] = raw_score(s, [int(i) for i in al], bench.profile)
            out[(base, rule)] = per
    return out


def evaluate(
    bench: cv.Bench, raw: dict[Key, dict[str, float]], space: list[Key]
) -> tuple[dict[str, float], list[str], Key]:
    """Held-out figures when the setting is chosen among `space` by nab_cv's folds."""

    def objective(key: Key, groups: list[list[Any]]) -> float:
        return sum(bench.normalise(sum(raw[key][s.name] for s in g), g) for g in groups) / len(
            groups
        )

    def best(groups: list[list[Any]]) -> Key:
        return max(space, key=lambda k: round(objective(k, groups), 6))

    tweets = [s.name for s in bench.corpora[cv.TWEETS].series]
    real, thin = 0.0, {level: 0.0 for level, _ in cv.THIN_LEVELS}
    picks = []
    for held in tweets:
        key = best(cv.count_groups(bench, [n for n in tweets if n != held]))
        picks.append(f"{Path(held).stem}: {describe(key)}")
        real += raw[key][held]
        for level, _ in cv.THIN_LEVELS:
            thin[level] += sum(raw[key][s.name] for s in cv.thin_copies(bench, level, [held]))
    figures = {"tweets": bench.normalise(real, bench.corpora[cv.TWEETS].series)}
    for level, _ in cv.THIN_LEVELS:
        figures[f"thin {level}"] = bench.normalise(thin[level], cv.thin_copies(bench, level))
    figures["held-out mean"] = sum(figures.values()) / len(figures)
    more = 0.0
    for name in cv.OTHERS:
        key = best(cv.count_groups(bench, tweets, without=name))
        series = bench.more_counts.series
        more += sum(raw[key][s.name] for s in series if bench.more_counts.origin[s.name] == name)
    figures[cv.MORE_COUNTS] = bench.normalise(more, bench.more_counts.series)
    chosen = best(cv.count_groups(bench, tweets))
    picks.append(f"all: {describe(chosen)}")
    return figures, picks, chosen


def describe(key: Key) -> str:
    base, rule = key
    count = (
        "no count detector"
        if base == "never"
        else "count detector " + cv.describe(tuple((k, v) for k, v in base if k in cv.COUNT_KEYS))
    )
    return count + ("" if rule is None else " + " + ", ".join(f"{k} {v}" for k, v in rule))


def windows_report(bench: cv.Bench, bases: dict[Any, cv.Output]) -> list[str]:
    """Per tweet fold: each window's first alert (share of the window gone) and false alerts."""
    tweets = [s.name for s in bench.corpora[cv.TWEETS].series]
    lines = []
    for s in bench.corpora[cv.TWEETS].series:
        groups = cv.count_groups(bench, [n for n in tweets if n != s.name])
        choice = cv.pick(bench, bases, groups, s.name)
        alerts = [
            i
            for i, a in enumerate(bases[choice.params][s.name][1])
            if a >= 0.5 and i >= s.probation
        ]
        cells = []
        for a, b in s.spans:
            inside = [i for i in alerts if a <= i <= b]
            cells.append(
                f"{s.timestamps[a]:%m-%d}: "
                + (f"first at {(inside[0] - a) / (b - a + 1):.0%}" if inside else "missed")
            )
        fps = [f"{s.timestamps[i]:%m-%d %H:%M}" for i in alerts if s.win[i] is None]
        lines.append(
            f"- {Path(s.name).stem} (held out): windows {'; '.join(cells)}; "
            f"{len(fps)} false alerts ({', '.join(fps)})"
        )
    return lines


def verdicts(results: dict[str, dict[str, float]]) -> list[str]:
    """Whether each rule would be kept: a higher held-out mean than the detector alone, no
    lower nab-more counts figure and no alert on plain noise (the rule of issue 10)."""
    alone, *others = results.items()
    base = alone[1]
    lines = []
    for label, f in others:
        kept = (
            f["held-out mean"] > base["held-out mean"]
            and f[cv.MORE_COUNTS] >= base[cv.MORE_COUNTS]
            and f["noise alerts"] == 0
        )
        lines.append(
            f"- {label}: held-out mean {f['held-out mean']:.2f} vs {base['held-out mean']:.2f} "
            f"for the detector alone, nab-more counts {f[cv.MORE_COUNTS]:.2f} vs "
            f"{base[cv.MORE_COUNTS]:.2f}, {f['noise alerts']:.0f} noise alerts: "
            + ("better held out" if kept else "not kept")
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shared", type=Path, default=cv.ROOT.parent / "shared")
    args = parser.parse_args()
    bench = cv.Bench(args.shared)
    outs = cv.grid_outputs(bench, args.shared, cv.GRIDS[:BASE_GRIDS], only_admissible=True)
    bases = {c: o for c, o in outs.items() if cv.admissible(c)}
    raw = scores(bench, bases)
    spaces = {
        "count detector alone (nab_cv's grids)": [k for k in raw if k[1] is None],
        "count detector OR z-score": [k for k in raw if k[1] is None or dict(k[1])["rule"] == "z"],
        "count detector OR negative-binomial tail": [
            k for k in raw if k[1] is None or dict(k[1])["rule"] == "nb"
        ],
        "z-score alone": [
            k for k in raw if k[0] == "never" and dict(k[1] or {}).get("rule") == "z"
        ],
        "negative-binomial tail alone": [
            k for k in raw if k[0] == "never" and dict(k[1] or {}).get("rule") == "nb"
        ],
    }
    head = ["tweets", *(f"thin {level}" for level, _ in cv.THIN_LEVELS), "held-out mean"]
    head += [cv.MORE_COUNTS, "noise alerts"]
    table = [
        "| choice among | " + " | ".join(head) + " |",
        "|---" * (len(head) + 1) + "|",
    ]
    notes: list[str] = []
    results: dict[str, dict[str, float]] = {}
    for label, space in spaces.items():
        figures, picks, chosen = evaluate(bench, raw, space)
        figures["noise alerts"] = noise_alerts(bench, bases, chosen)
        results[label] = figures
        print(label, {k: round(v, 2) for k, v in figures.items()}, flush=True)
        table.append(
            f"| {label} | "
            + " | ".join(
                f"{figures[h]:.2f}" if h != "noise alerts" else f"{figures[h]:.0f}" for h in head
            )
            + " |"
        )
        notes.append(f"- {label}: " + "; ".join(picks))
    grids = f"z-score {Z_GRID}; negative-binomial tail (-log10 p) {NB_GRID}"
    text = "\n".join(
        [
            "## Self-scaling count rules beside the detector (`bench/nab_ensemble.py`)",
            "",
            "NAB standard, alerts as raised, chosen and held out as in `bench/nab_cv.py` "
            "(tweets: leave one series and its thinned copies out; nab-more counts: leave one "
            f"corpus out). Grids: {grids}; each rule needs {MIN_MENTIONS:g} mentions and holds "
            "an hour and until 30 minutes calm after an alert (the ensemble merges the count "
            "detector's alerts under the same hold).",
            "",
            *table,
            "",
            *verdicts(results),
            "",
            "Chosen per fold:",
            *notes,
            "",
            "Where the count detector (chosen without the series) finds and misses the windows:",
            *windows_report(bench, bases),
        ]
    )
    print(text)
    write_section("nab-ensemble", text)


if __name__ == "__main__":
    main()
