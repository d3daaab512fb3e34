"""CPU cost of `vahti demo`: the whole process, as a user runs it, before and after.

Runs `vahti demo --quiet` (all 25 days, then `--days 5`) as child processes and takes each one's
user + system CPU seconds from `os.wait4`, so imports, the sample's history and the closing
summary count too. `--before DIR` also runs the `vahti` of another checkout (its own `.venv`,
run from that directory, writing only to a temporary folder); `--every-step` adds this checkout
ticking the crisis watch at every five-minute step (the same messages, the old pace). The
configurations run side by side, so each meets the same load: CPU seconds on a shared machine
move from one hour to the next.

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


def _start(
    checkout: Path, days: int | None, extra: list[str], tmp: Path
) -> subprocess.Popen[bytes]:
    cmd = [str(checkout / ".venv/bin/vahti"), "demo", "--quiet", "--output", str(tmp), *extra]
    if days is not None:
        cmd += ["--days", str(days)]
    with open(tmp / "stdout.txt", "wb") as out:
        return subprocess.Popen(cmd, cwd=checkout, stdout=out, stderr=subprocess.DEVNULL)


def _finish(proc: subprocess.Popen[bytes], tmp: Path) -> tuple[float, int, int, str]:
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(map(str, proc.args))} failed")  # type: ignore[arg-type]
    calls = [
        json.loads(line)
        for line in (tmp / "messages.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    posts = sum(1 for c in calls if c["method"] == "chat.postMessage")
    updates = sum(1 for c in calls if c["method"] == "chat.update")
    lines = (tmp / "stdout.txt").read_text(encoding="utf-8").splitlines()
    summary = next((line for line in lines if line.startswith("Messages posted")), "")
    return usage.ru_utime + usage.ru_stime, posts, updates, summary


def measure_together(
    configs: list[tuple[str, Path, list[str]]], days: int | None, repeat: int
) -> list[Measured]:
    """Run the configurations side by side (the same load on the shared machine for each)."""
    found: dict[str, list[tuple[float, int, int, str]]] = {label: [] for label, _, _ in configs}
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="vahti-demo-bench-") as tmp:
            running = []
            for i, (label, checkout, extra) in enumerate(configs):
                out = Path(tmp) / str(i)
                out.mkdir()
                running.append((label, _start(checkout, days, extra, out), out))
            for label, proc, out in running:
                result = _finish(proc, out)
                found[label].append(result)
                print(f"{label:>28} days={days or 'all'}: {result[0]:6.1f} s CPU  {result[3]}")
    return [
        Measured(
            label,
            str(days or "all (25)"),
            [r[0] for r in runs],
            runs[-1][1],
            runs[-1][2],
            runs[-1][3],
        )
        for label, runs in found.items()
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="another checkout to time the same way")
    parser.add_argument("--every-step", action="store_true", help="also time --every-step")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--no-write", action="store_true", help="print only, leave RESULTS.md")
    args = parser.parse_args()
    configs: list[tuple[str, Path, list[str]]] = []
    if args.before is not None:
        configs.append(("before (--before)", args.before, []))
    configs.append(("this checkout", HERE, []))
    if args.every_step:
        configs.append(("this checkout, --every-step", HERE, ["--every-step"]))
    runs: list[Measured] = []
    for days in (None, 5):
        runs += measure_together(configs, days, args.repeat)
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
