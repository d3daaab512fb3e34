"""`vahti detect FILE`: run the crisis watch's detector over a CSV series `timestamp,value`.

Writes CSV `timestamp,value,anomaly_score,alert` on stdout, one row per input row in the same
order. The detector is online: each output row depends only on that row and the rows before it,
exactly as the live watch would have judged it. `--explain` adds the direction, typical value,
ratio, baseline source and a plain-words reason.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
from dataclasses import replace
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from typing import TextIO

from bot.domain.crisis.detector import PRESETS, Decision, DetectorSettings, OnlineDetector

HEADER = ("timestamp", "value", "anomaly_score", "alert")
EXPLAIN = ("direction", "expected", "ratio", "source", "reason")
FIRST_YEAR, LAST_YEAR = 1900, 2999


class BadSeries(ValueError):
    """The input is not a usable `timestamp,value` series."""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Register `vahti detect`."""
    parser = sub.add_parser(
        "detect",
        help="flag spikes (and with --falls, drops) in a CSV series timestamp,value",
        description=__doc__.splitlines()[0] if __doc__ else None,
    )
    parser.add_argument("file", metavar="FILE", help="CSV with columns timestamp,value (- = stdin)")
    parser.add_argument(
        "--preset",
        choices=PRESETS,
        default="balanced",
        help="how eager to alert (default balanced)",
    )
    parser.add_argument(
        "--bucket",
        type=int,
        default=None,
        metavar="MINUTES",
        help="bucket length in minutes (default: the series' own step)",
    )
    parser.add_argument(
        "--falls",
        action="store_true",
        help="also alert on falls (interest dropping, feed outages), as the crisis watch does",
    )
    parser.add_argument("--explain", action="store_true", help="add columns saying why")
    return parser


Row = tuple[str, datetime, str, float]  # timestamp text, timestamp, value text, value


def read_series(source: TextIO) -> list[Row]:
    """Rows of the series, checked; raises BadSeries naming the line."""
    reader = csv.DictReader(source)
    fields = [name.strip() for name in reader.fieldnames or []]
    if "timestamp" not in fields or "value" not in fields:
        raise BadSeries(f"needs a header with columns timestamp,value (found {','.join(fields)})")
    reader.fieldnames = fields
    rows: list[Row] = []
    for row in reader:
        line = reader.line_num
        text, raw = (row.get("timestamp") or "").strip(), (row.get("value") or "").strip()
        try:
            ts = datetime.fromisoformat(text)
        except ValueError:
            raise BadSeries(f"line {line}: bad timestamp {text[:40]!r}") from None
        if not FIRST_YEAR <= ts.year <= LAST_YEAR:  # the detector looks weeks back and ahead
            raise BadSeries(
                f"line {line}: timestamp {text[:40]!r} not in {FIRST_YEAR}..{LAST_YEAR}"
            )
        try:
            value = float(raw)
        except ValueError:
            raise BadSeries(f"line {line}: bad value {raw[:40]!r}") from None
        if not value >= 0 or value == float("inf"):
            raise BadSeries(f"line {line}: value must be a count >= 0, got {raw[:40]!r}")
        if rows and (ts.tzinfo is None) != (rows[-1][1].tzinfo is None):
            raise BadSeries(f"line {line}: mixes timestamps with and without a time zone")
        if rows and ts <= rows[-1][1]:
            raise BadSeries(f"line {line}: timestamps must increase ({text} after {rows[-1][0]})")
        rows.append((text, ts, raw, value))
    if not rows:
        raise BadSeries("no data rows")
    return rows


def series_step(timestamps: list[datetime]) -> int:
    """The usual step of the series in minutes, snapped to a length that divides an hour."""
    if len(timestamps) < 2:
        return 5
    gaps = [(b - a).total_seconds() / 60 for a, b in pairwise(timestamps)]
    step = statistics.median(gaps)
    return min((m for m in (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60)), key=lambda m: abs(m - step))


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.6g}"


def _row(text: str, raw: str, decision: Decision, explain: bool) -> list[str]:
    row = [text, raw, f"{decision.score:.6f}", "1" if decision.alert else "0"]
    if explain:
        direction: str = decision.direction or ""
        if decision.cause:
            direction = f"{direction} ({decision.cause.replace('_', ' ')})"
        row += [direction, _number(decision.expected), _number(decision.ratio)]
        row += [decision.source or "", decision.reason]
    return row


def run(args: argparse.Namespace) -> int:
    """Detect over FILE and write the scored series to stdout."""
    try:
        if args.file == "-":
            rows = read_series(sys.stdin)
        else:
            with Path(args.file).open(newline="", encoding="utf-8") as handle:
                rows = read_series(handle)
        bucket = args.bucket or series_step([row[1] for row in rows])
        settings = replace(DetectorSettings.preset(args.preset), bucket_minutes=bucket)
        # A volume series' anomalies are its spikes; the crisis watch adds falls as their own
        # signal (a feed outage is worth a message, but it is not a spike).
        settings = replace(settings, watch_falls=bool(args.falls))
        detector = OnlineDetector(settings)
    except (OSError, UnicodeDecodeError, BadSeries, ValueError, csv.Error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(f"vahti detect: {args.file}: {reason}", file=sys.stderr)
        return 2
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(HEADER + EXPLAIN if args.explain else HEADER)
    for text, ts, raw, value in rows:
        writer.writerow(_row(text, raw, detector.update(ts, value), args.explain))
    return 0
