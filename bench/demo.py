"""CPU cost of `vahti demo`: the whole process, as a user runs it, before and after.

Runs `vahti demo --quiet` (all 25 days, then `--days 5`) as child processes and takes each one's
user + system CPU seconds from `os.wait4`, so imports, the sample's history and the closing
summary count too. `--before DIR` also runs the `vahti` of another checkout (its own `.venv`,
run from that directory, writing only to a temporary folder) in the same session, since CPU
seconds on a shared machine move from one hour to the next; `--every-step` adds this checkout
ticking the crisis watch at every five-minute step (the same messages, the old pace).

Run: `PYTHONPATH=. python bench/demo.py [--before /path/to/main] [--every-step] [--repeat 1]`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench._results import write_section

HERE = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Measured:
    """One configuration's runs: CPU seconds of each, and what the demo reported."""

    label: str
    days: str
    cpu: list[float]
    posts: int
    updates: int
    summary: str


def run_once(checkout: Path, days: int | None, extra: list[str]) -> tuple[float, int, int, str]:
    """One `vahti demo --quiet` of `checkout`: CPU seconds, posts, updates, its summary line."""
    with tempfile.TemporaryDirectory(prefix="vahti-demo-bench-") as tmp:
        cmd = [str(checkout / ".venv/bin/vahti"), "demo", "--quiet", "--output", tmp, *extra]
        if days is not None:
            cmd += ["--days", str(days)]
        with open(Path(tmp) / "stdout.txt", "w", encoding="utf-8") as out:
            proc = subprocess.Popen(cmd, cwd=checkout, stdout=out, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(proc.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(cmd)} failed")
        calls = [
            json.loads(line)
            for line in (Path(tmp) / "messages.jsonl").read_text(encoding="utf-8").splitlines()
        ]
        posts = sum(1 for c in calls if c["method"] == "chat.postMessage")
        updates = sum(1 for c in calls if c["method"] == "chat.update")
        lines = (Path(tmp) / "stdout.txt").read_text(encoding="utf-8").splitlines()
        summary = next((line for line in lines if line.startswith("Messages posted")), "")
    return usage.ru_utime + usage.ru_stime, posts, updates, summary


def measure(
    label: str, checkout: Path, days: int | None, extra: list[str], repeat: int
) -> Measured:
    cpu: list[float] = []
    posts = updates = 0
    summary = ""
    for _ in range(repeat):
        seconds, posts, updates, summary = run_once(checkout, days, extra)
        cpu.append(seconds)
        print(f"{label:>28} days={days or 'all'}: {seconds:6.1f} s CPU  {summary}", flush=True)
    return Measured(label, str(days or "all (25)"), cpu, posts, updates, summary)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="another checkout to time the same way")
    parser.add_argument("--every-step", action="store_true", help="also time --every-step")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--no-write", action="store_true", help="print only, leave RESULTS.md")
    args = parser.parse_args()
    runs: list[Measured] = []
    for days in (None, 5):
        if args.before is not None:
            runs.append(measure("before (--before)", args.before, days, [], args.repeat))
        runs.append(measure("this checkout", HERE, days, [], args.repeat))
        if args.every_step:
            runs.append(
                measure("this checkout, --every-step", HERE, days, ["--every-step"], args.repeat)
            )
    rows = [
        "| run | days | CPU s (user+sys, median) | posts | updates in place |",
        "|---|---|---:|---:|---:|",
    ]
    rows += [
        f"| {m.label} | {m.days} | {statistics.median(m.cpu):.1f} | {m.posts} | {m.updates} |"
        for m in runs
    ]
    table = "\n".join(rows)
    print(table)
    if not args.no_write:
        write_section(
            "demo",
            "## `vahti demo` CPU (`bench/demo.py`)\n\n"
            "Whole `vahti demo --quiet` processes, user + system CPU seconds from `os.wait4`, "
            f"{args.repeat} run(s) each, all in one session on this shared machine "
            f"(`python bench/demo.py {' '.join(sys.argv[1:])}`).\n\n" + table,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
