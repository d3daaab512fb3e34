"""Ingest benchmark: end-to-end mentions per second next to TextBlob alone, and peak memory.

End to end is `vahti ingest`'s path (stream the CSV, check, deduplicate, tag brands, extract
tags, score, store into a SQLite file) over N generated mentions. The baseline is plain
`TextBlob(text).sentiment` over the same texts in the same run. Ratios are given on wall time
and, for one process, on CPU time too, which other programs on the machine do not disturb.
With `--pg URL` the same imports also go into PostgreSQL (a fresh schema each). CPU time of a
run with workers counts the worker processes too (RUSAGE_CHILDREN), so its CPU ratio says what
the work costs in total and the wall ratio what the second core buys. The memory figure is the
RSS high-water mark (getrusage) of a child process importing the big file.

The whole-process check is the issue's own: `vahti ingest FILE` as a child process against a
child process that loops `TextBlob(text).sentiment` over the same file's texts, start-up
included, CPU time = user + sys of each child (`os.wait4`), median of three runs each. Beside it
the same `vahti ingest` with scoring replaced by a constant, so the effect of a faster scorer can
be predicted: ratio = 1 / (1 / constant ratio + the scorer's cost in TextBlob units).
`--compare DIR` adds `vahti ingest` from another checkout of the code (for instance `git archive
COMMIT | tar -x -C DIR`) to the whole-process table, run in turn with the rest, so a change is
measured before and after under the same load.
Run: `PYTHONPATH=. python bench/ingest.py [--rows N] [--pg URL] [--big-rows N] [--skip-memory]
[--whole-runs N] [--compare DIR]`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from textblob import TextBlob

from bench._results import write_section
from bench.ingest_data import REPOST_SHARE, texts_of, write_export
from bot.clock import SystemClock
from bot.config import load_config
from bot.db import create_schema, make_engine, session_factory
from bot.domain.mentions.record import RecordRules
from bot.domain.sentiment import scorer as sentiment
from bot.domain.sentiment.scorer import Sentiment, score_many
from bot.services.mentions import scoring
from bot.services.mentions.files import open_mention_file
from bot.services.mentions.ingest import IngestReport, ingest, plan_for

ROOT = Path(__file__).resolve().parent.parent
DEMO_CONFIG = ROOT / "bot" / "data" / "demo.yml"


@dataclass(frozen=True)
class Timing:
    count: int
    wall: float
    cpu: float

    def rate(self, cpu: bool = False) -> float:
        return self.count / (self.cpu if cpu else self.wall)


def timed_textblob(texts: list[str]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    for item in texts:
        TextBlob(item).sentiment  # noqa: B018 (the call is what is measured)
    return Timing(len(texts), time.perf_counter() - wall, time.process_time() - cpu)


def timed_scorer(texts: list[str]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    score_many(texts)
    return Timing(len(texts), time.perf_counter() - wall, time.process_time() - cpu)


@contextmanager
def patched(module: object, name: str, value: object) -> Iterator[None]:
    """Swap one attribute for a diagnostic run (where the time goes), then put it back."""
    original = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, original)


def constant_scores(texts: list[str], _thresholds: object) -> list[Sentiment]:
    return [Sentiment(0.0, 0.0, "neutral", "en", scored=True) for _ in texts]


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the scoring workers)."""
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _engine(database: Path | str) -> Engine:
    if isinstance(database, Path):
        return make_engine(f"sqlite:///{database}")
    url, schema = database.rsplit("#", 1)
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    return create_engine(url, connect_args={"options": f"-csearch_path={schema}"})


def run_ingest(
    export: Path, database: Path | str, workers: int, engine: Engine | None = None
) -> tuple[Timing, IngestReport]:
    """Import `export` into a SQLite file or `URL#schema` (a fresh PostgreSQL schema)."""
    engine = engine or _engine(database)
    create_schema(engine)
    plan = plan_for(load_config(DEMO_CONFIG), "TBENCH", RecordRules(source="bench"), workers)
    wall, cpu = time.perf_counter(), _cpu()
    with open_mention_file(export, None, {}) as opened:
        report = ingest(opened.records, plan, session_factory(engine), SystemClock())
    timing = Timing(report.read, time.perf_counter() - wall, _cpu() - cpu)
    engine.dispose()
    return timing, report


CONSTANT_CHILD = """
import sys
from bot.domain.sentiment.scorer import Sentiment
from bot.services.mentions import scoring
def constant(texts, _thresholds=None):
    return [Sentiment(0.0, 0.0, "neutral", "en", scored=True) for _ in texts]
scoring.score_many = constant
scoring._score_texts = constant
from bot.cli import main
sys.exit(main(["ingest", sys.argv[1], "--workspace", "TBENCH"]))
"""
TEXTBLOB_CHILD = """
import csv, sys
from textblob import TextBlob
with open(sys.argv[1], encoding="utf-8", newline="") as handle:
    for row in csv.DictReader(handle):
        TextBlob(row["text"]).sentiment
"""


def _child_cpu(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """CPU seconds (user + sys, the child and what it waited for) and wall of one command.

    Run from a folder of its own, so `python -m bot` imports the tree on PYTHONPATH."""
    wall = time.perf_counter()
    cwd = Path(env["PYTHONPYCACHEPREFIX"]).parent
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, cwd=cwd)
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{command[:4]} failed: exit {child.returncode}")
    return usage.ru_utime + usage.ru_stime, time.perf_counter() - wall


def _child_env(folder: Path) -> dict[str, str]:
    """The children's environment: byte-code cached as an installed package has it.

    PYTHONDONTWRITEBYTECODE (often set in development shells) would make every child compile
    Vahti's modules from source; the children write and read their caches under a folder of
    their own instead (PYTHONPYCACHEPREFIX), filled by one untimed run of each command.
    """
    env = dict(os.environ, VAHTI_CONFIG=str(DEMO_CONFIG))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def whole_processes(
    folder: Path, export: Path, runs: int, compare: Path | None = None
) -> dict[str, list[tuple[float, float]]]:
    """(CPU, wall) of each child: TextBlob alone, `vahti ingest` on a new database (it builds
    the schema first) and on one already at the newest revision, and with constant scores; with
    `compare`, also `vahti ingest` from that checkout (another commit), in turn with the rest."""
    env = _child_env(folder)
    found: dict[str, list[tuple[float, float]]] = {
        "textblob": [],
        "vahti": [],
        "at_head": [],
        "constant": [],
    }
    ingest_command = [sys.executable, "-m", "bot", "ingest", str(export), "--workspace", "TBENCH"]
    commands = {
        "textblob": [sys.executable, "-c", TEXTBLOB_CHILD, str(export)],
        "vahti": ingest_command,
        "at_head": ingest_command,
        "constant": [sys.executable, "-c", CONSTANT_CHILD, str(export)],
    }
    envs = dict.fromkeys(commands, env)
    if compare is not None:
        commands["compare"] = ingest_command
        found["compare"] = []
        envs["compare"] = dict(env, PYTHONPATH=str(compare.resolve()))
    small = write_export(folder / "warm-up.csv", 50)
    for name, command in commands.items():  # fills the byte-code caches
        envs[name]["DATABASE_URL"] = f"sqlite:///{folder / f'warm-up-{name}.db'}"
        _child_cpu([str(small) if part == str(export) else part for part in command], envs[name])
    for run in range(runs):
        for name, command in commands.items():
            envs[name]["DATABASE_URL"] = f"sqlite:///{folder / f'whole-{name}-{run}.db'}"
            if name == "at_head":  # untimed: the database a second import finds
                _child_cpu([sys.executable, "-m", "bot", "db", "upgrade"], envs[name])
            found[name].append(_child_cpu(command, envs[name]))
    return found


def memory_child(export: Path, database: Path) -> None:
    """Import `export` and print the counts and this process's peak RSS as JSON."""
    timing, report = run_ingest(export, database, 1)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "read": report.read,
                "stored": report.stored,
                "seconds": timing.wall,
                "peak_mb": peak_kb / 1024,
            }
        )
    )


def peak_memory(folder: Path, rows: int) -> dict[str, float]:
    export = write_export(folder / "big.csv", rows, seed=11)
    command = [sys.executable, __file__, "--memory-child", str(export), str(folder / "big.db")]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def _checkout_name(checkout: Path) -> str:
    """The compared checkout's commit when it is a git checkout, else its folder's name."""
    done = subprocess.run(
        ["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    inside = done.returncode == 0 and (checkout / ".git").exists()
    return done.stdout.strip() if inside else checkout.resolve().name


def measure(
    folder: Path, rows: int, pg: str | None, whole_runs: int, compare: Path | None = None
) -> dict[str, object]:
    load_before = os.getloadavg()[0]
    export = write_export(folder / "mentions.csv", rows)
    whole = whole_processes(folder, export, whole_runs, compare) if whole_runs else None
    texts = list(texts_of(export))
    TextBlob("warm up").sentiment  # noqa: B018
    score_many(["warm up the lexicons", "ja kielentunnistus myös, kiitos paljon ystävät"])
    baseline = timed_textblob(texts)
    scorer = timed_scorer(texts[: rows // 4])
    one, report = run_ingest(export, folder / "one.db", 1)
    two, _ = run_ingest(export, folder / "two.db", 2)
    again, repeat = run_ingest(export, folder / "one.db", 1)
    pg_one = run_ingest(export, f"{pg}#bench_ingest_1", 1)[0] if pg else None
    pg_two = run_ingest(export, f"{pg}#bench_ingest_2", 2)[0] if pg else None
    with patched(scoring, "score_many", constant_scores):
        unscored, _ = run_ingest(export, folder / "stub.db", 1)
    with patched(sentiment, "detect_language", lambda _text: "en"):
        no_language = timed_scorer(texts[: rows // 4])
    return {
        "rows": rows,
        "unique": len(set(texts)) / len(texts),
        "baseline": baseline,
        "scorer": scorer,
        "one": one,
        "two": two,
        "report": report,
        "again": again,
        "repeat": repeat,
        "unscored": unscored,
        "no_language": no_language,
        "pg_one": pg_one,
        "pg_two": pg_two,
        "load": (load_before, os.getloadavg()[0]),
        "whole": whole,
        "compared": _checkout_name(compare) if compare else "",
    }


def _row(name: str, timing: object, base: Timing, cpu: bool = True) -> tuple[str, Timing, str, str]:
    assert isinstance(timing, Timing)
    wall = f"{timing.rate() / base.rate():.2f}"
    return name, timing, wall, f"{timing.rate(True) / base.rate(True):.2f}" if cpu else "–"


def markdown(figures: dict[str, object], memory: dict[str, float] | None) -> str:
    base, one, two = figures["baseline"], figures["one"], figures["two"]
    scorer, again, report = figures["scorer"], figures["again"], figures["report"]
    assert isinstance(report, IngestReport)
    load = figures["load"]
    assert isinstance(load, tuple)
    assert isinstance(base, Timing) and isinstance(one, Timing) and isinstance(two, Timing)
    assert isinstance(scorer, Timing) and isinstance(again, Timing)
    diagnostics = [
        _row("diagnostic: scorer with the language check skipped", figures["no_language"], base),
        _row("diagnostic: ingest with scoring replaced by a constant", figures["unscored"], base),
    ]
    rows = [
        ("TextBlob alone (`TextBlob(t).sentiment`)", base, "1.00", "1.00"),
        (
            "Vahti scorer alone (`score_many`, no cache)",
            scorer,
            f"{scorer.rate() / base.rate():.2f}",
            f"{scorer.rate(True) / base.rate(True):.2f}",
        ),
        (
            "ingest end to end, 1 process",
            one,
            f"{one.rate() / base.rate():.2f}",
            f"{one.rate(True) / base.rate(True):.2f}",
        ),
        _row("ingest end to end, `--workers 2` (CPU of all processes)", two, base),
        ("re-import (all duplicates)", again, f"{again.rate() / base.rate():.2f}", "–"),
    ]
    for name, key in (("1 process", "pg_one"), ("`--workers 2`", "pg_two")):
        if isinstance(figures[key], Timing):
            rows.append(_row(f"PostgreSQL: ingest end to end, {name}", figures[key], base))
    lines = [
        f"## Ingest ({figures['rows']:,} generated mentions, CSV → SQLite file, PostgreSQL)",
        "",
        f"Texts: {REPOST_SHARE:.0%} reposts; {figures['unique']:.1%} of the texts are distinct. "
        f"First import: {report.summary()}.",
        "",
        f"Two cores; load average {load[0]:.1f} before and {load[1]:.1f} "
        "after: the wall-clock figures move with what else runs on the machine, the CPU-time "
        "ratios hardly do. The diagnostic rows show where the time goes. These rows call "
        "`ingest()` in this process (no start-up, the collector at Python's defaults); the "
        "whole-process table below is the command as it is run.",
        "",
        "| path | mentions/s (wall) | ratio (wall) | ratio (CPU) |",
        "|---|---:|---:|---:|",
        *(f"| {name} | {t.rate():,.0f} | {wall} | {cpu} |" for name, t, wall, cpu in rows),
        *(f"| {name} | {t.rate():,.0f} | {wall} | {cpu} |" for name, t, wall, cpu in diagnostics),
    ]
    whole = figures["whole"]
    if isinstance(whole, dict):
        lines += ["", *whole_markdown(whole, figures["rows"], str(figures.get("compared", "")))]
    if memory:
        peak, seconds = memory["peak_mb"], memory["seconds"]
        lines += [
            "",
            f"Peak memory of a {memory['read']:,.0f}-row import (one process, RSS "
            f"high-water mark): **{peak:.0f} MB** ({seconds:.0f} s).",
        ]
    return "\n".join(lines)


def whole_markdown(
    whole: dict[str, list[tuple[float, float]]], rows: object, compared: str = ""
) -> list[str]:
    """The whole-process table: each child's median CPU and wall, and the ratios."""
    cpu = {name: statistics.median(c for c, _ in runs) for name, runs in whole.items()}
    wall = {name: statistics.median(w for _, w in runs) for name, runs in whole.items()}
    base_cpu, base_wall = cpu["textblob"], wall["textblob"]
    names = {
        "textblob": "TextBlob alone (a script looping `TextBlob(t).sentiment`)",
        "vahti": "`vahti ingest FILE` (one process, new database: builds the schema first)",
        "at_head": "`vahti ingest FILE`, database already at the newest revision",
        "constant": "diagnostic: `vahti ingest FILE`, new database, scoring replaced by a constant",
        "compare": f"`vahti ingest FILE` from the compared checkout ({compared}), new database",
    }
    names = {name: label for name, label in names.items() if name in whole}
    each = "; ".join(
        f"{name} " + ", ".join(f"{c:.1f}" for c, _ in runs) for name, runs in whole.items()
    )
    return [
        f"Whole processes (the issue's check): {rows:,} mentions, each command a child process "
        f"(start-up included) on a new SQLite file, CPU = user + sys of the child (`os.wait4`), "
        f"median of {len(whole['textblob'])} runs (CPU s: {each}). Byte-code cached as an "
        "installed package has it (PYTHONDONTWRITEBYTECODE unset, one untimed run of each "
        "command first); the TextBlob script is a file's worth of Python, compiled either way.",
        "",
        "| process | CPU s | wall s | ratio (CPU) | ratio (wall) |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {label} | {cpu[name]:.1f} | {wall[name]:.1f} | {base_cpu / cpu[name]:.2f} "
            f"| {base_wall / wall[name]:.2f} |"
            for name, label in names.items()
        ),
        "",
        *(
            [
                "The compared checkout's `vahti ingest` ran in turn with the other commands, on "
                "the same file and with its own byte-code cache, so the two rows compare under "
                "the same load.",
                "",
            ]
            if "compare" in whole
            else []
        ),
        "In CPU, the import without scoring costs "
        f"{cpu['constant'] / base_cpu:.2f}× TextBlob alone over the same file (start-up "
        f"included) and scoring adds {(cpu['vahti'] - cpu['constant']) / base_cpu:.2f}×, so a "
        f"scorer k times cheaper gives a ratio of about 1 / ({cpu['constant'] / base_cpu:.2f} "
        f"+ {(cpu['vahti'] - cpu['constant']) / base_cpu:.2f} / k).",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--pg", metavar="URL", help="also import into this PostgreSQL database")
    parser.add_argument("--big-rows", type=int, default=1_000_000)
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--whole-runs", type=int, default=3, help="0: skip the process check")
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="CHECKOUT",
        help="also time `vahti ingest` from this checkout (e.g. `git worktree add DIR COMMIT`)",
    )
    parser.add_argument("--memory-child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(*args.memory_child)
        return 0
    with tempfile.TemporaryDirectory() as folder:
        figures = measure(Path(folder), args.rows, args.pg, args.whole_runs, args.compare)
        memory = None if args.skip_memory else peak_memory(Path(folder), args.big_rows)
    text = markdown(figures, memory)
    print(text)
    write_section("ingest", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
