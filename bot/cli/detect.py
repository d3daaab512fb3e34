"""`vahti detect FILE`: run the crisis watch's detector over a CSV series `timestamp,value`.

Writes CSV `timestamp,value,anomaly_score,alert` on stdout, one row per timestamp in time order.
The detector is online: each output row depends only on that row and the rows before it,
exactly as the live watch would have judged it. `--explain` adds the direction, typical value,
ratio, baseline source and a plain-words reason.

Real exports are cleaned, each fix told on stderr, never a crash: rows out of order are sorted,
a repeated timestamp (a clock change, a double export) is one bucket holding the sum of its rows,
and a missing bucket stays unknown (`--gaps skip`, the default: nothing is invented for a sensor
that was off) or, with `--gaps zero`, holds no mentions, as the live watch counts an empty bucket
(for exports that leave empty buckets out). Values may be fractional or negative: such a series
is a measurement and is judged on its own scale rather than as mention counts.
"""

from __future__ import annotations

import argparse
import csv
import math
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial
from itertools import groupby, pairwise
from pathlib import Path
from typing import TextIO

from bot.cli.language import add_locale_option, cli_translator
from bot.domain.crisis.detector import PRESETS, Decision, DetectorSettings, OnlineDetector
from bot.i18n import N_, Problem, Translator

HEADER = ("timestamp", "value", "anomaly_score", "alert")
EXPLAIN = ("direction", "expected", "ratio", "source", "reason")
FIRST_YEAR, LAST_YEAR = 1900, 2999


class BadSeries(Problem):
    """The input is not a usable `timestamp,value` series."""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Register `vahti detect`."""
    parser = sub.add_parser(
        "detect",
        help=N_("flag spikes (and with --falls, drops) in a CSV series timestamp,value"),
        description=N_(
            "`vahti detect FILE`: run the crisis watch's detector over a CSV series "
            "`timestamp,value`."
        ),
    )
    parser.add_argument(
        "file", metavar="FILE", help=N_("CSV with columns timestamp,value (- = stdin)")
    )
    parser.add_argument(
        "--preset",
        choices=PRESETS,
        default="balanced",
        help=N_("how eager to alert (default balanced)"),
    )
    parser.add_argument(
        "--bucket",
        type=int,
        default=None,
        metavar="MINUTES",
        help=N_("bucket length in minutes (default: the series' own step)"),
    )
    parser.add_argument(
        "--falls",
        action="store_true",
        help=N_("also alert on falls (interest dropping, feed outages), as the crisis watch does"),
    )
    parser.add_argument(
        "--gaps",
        choices=("skip", "zero"),
        default="skip",
        help=N_("missing buckets: leave unknown (default) or fill with 0 mentions"),
    )
    parser.add_argument("--explain", action="store_true", help=N_("add columns saying why"))
    add_locale_option(parser)
    return parser


Row = tuple[str, datetime, str, float]  # timestamp text, timestamp, value text, value


def read_series(source: TextIO) -> list[Row]:
    """Rows of the series, checked; raises BadSeries naming the line."""
    reader = csv.DictReader(source)
    fields = [name.strip() for name in reader.fieldnames or []]
    if "timestamp" not in fields or "value" not in fields:
        raise BadSeries(
            N_("needs a header with columns timestamp,value (found {found})"),
            found=",".join(fields),
        )
    reader.fieldnames = fields
    rows: list[Row] = []
    for row in reader:
        line = reader.line_num
        text, raw = (row.get("timestamp") or "").strip(), (row.get("value") or "").strip()
        try:
            ts = datetime.fromisoformat(text)
        except ValueError:
            raise BadSeries(
                N_("line {line}: bad timestamp {text!r}"), line=line, text=text[:40]
            ) from None
        if not FIRST_YEAR <= ts.year <= LAST_YEAR:  # the detector looks weeks back and ahead
            raise BadSeries(
                N_("line {line}: timestamp {text!r} not in {first}..{last}"),
                line=line,
                text=text[:40],
                first=FIRST_YEAR,
                last=LAST_YEAR,
            )
        try:
            value = float(raw)
        except ValueError:
            raise BadSeries(N_("line {line}: bad value {raw!r}"), line=line, raw=raw[:40]) from None
        if not math.isfinite(value):
            raise BadSeries(
                N_("line {line}: value must be a finite number, got {raw!r}"),
                line=line,
                raw=raw[:40],
            )
        if rows and (ts.tzinfo is None) != (rows[-1][1].tzinfo is None):
            raise BadSeries(
                N_("line {line}: mixes timestamps with and without a time zone"), line=line
            )
        rows.append((text, ts, raw, value))
    if not rows:
        raise BadSeries(N_("no data rows"))
    return rows


Note = Callable[[Translator], str]  # a fix told on stderr, in the command line's language


@dataclass(frozen=True)
class Cleaned:
    """The rows to judge, in time order, and what was fixed on the way (for stderr)."""

    rows: list[Row]
    notes: list[Note]


def clean_series(rows: list[Row], bucket: int, gaps: str) -> Cleaned:
    """Sorted rows, repeated timestamps summed, missing buckets skipped or filled with zero."""
    notes: list[Note] = []
    ordered = sorted(rows, key=lambda row: row[1])  # stable: repeats keep their file order
    if ordered != rows:
        notes.append(lambda t: t.gettext("rows were not in time order; sorted them"))
    merged: list[Row] = []
    repeats = 0
    for ts, group in groupby(ordered, key=lambda row: row[1]):
        same = list(group)
        if len(same) == 1:
            merged.append(same[0])
            continue
        repeats += len(same) - 1
        total = sum(row[3] for row in same)
        merged.append((same[0][0], ts, f"{total:.12g}", total))
    if repeats:
        notes.append(partial(_repeated_note, repeats))
    step = timedelta(minutes=bucket)
    missing = sum(max(0, round((b[1] - a[1]) / step) - 1) for a, b in pairwise(merged))
    if missing and gaps == "zero":
        filled: list[Row] = []
        for a, b in pairwise(merged):
            filled.append(a)
            for k in range(1, round((b[1] - a[1]) / step)):
                ts = a[1] + k * step
                filled.append((ts.isoformat(sep=" "), ts, "0", 0.0))
        merged = [*filled, merged[-1]]
        notes.append(partial(_missing_note, missing, filled=True))
    elif missing:
        notes.append(partial(_missing_note, missing, filled=False))
    return Cleaned(merged, notes)


def _repeated_note(n: int, t: Translator) -> str:
    return t.ngettext(
        "{n} repeated timestamp; its values were summed into one bucket",
        "{n} repeated timestamps; their values were summed into one bucket",
        n,
    ).format(n=t.num(n))


def _missing_note(n: int, t: Translator, *, filled: bool) -> str:
    if filled:
        text = t.ngettext(
            "{n} missing bucket filled with 0", "{n} missing buckets filled with 0", n
        )
    else:
        text = t.ngettext(
            "{n} missing bucket left unjudged (--gaps zero fills it with 0)",
            "{n} missing buckets left unjudged (--gaps zero fills them with 0)",
            n,
        )
    return text.format(n=t.num(n))


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
        bucket = args.bucket or series_step(sorted({row[1] for row in rows}))
        cleaned = clean_series(rows, bucket, args.gaps)
        settings = replace(DetectorSettings.preset(args.preset), bucket_minutes=bucket)
        # A volume series' anomalies are its spikes; the crisis watch adds falls as their own
        # signal (a feed outage is worth a message, but it is not a spike).
        settings = replace(settings, watch_falls=bool(args.falls))
        detector = OnlineDetector(settings)
    except (OSError, UnicodeDecodeError, BadSeries, ValueError, csv.Error) as exc:
        t = cli_translator(args.locale)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        reason = exc.text(t) if isinstance(exc, Problem) else reason
        print(f"vahti detect: {args.file}: {reason}", file=sys.stderr)
        return 2
    if cleaned.notes:
        t = cli_translator(args.locale)
        warning = t.gettext("warning: {note}")
        for note in cleaned.notes:
            print(f"vahti detect: {args.file}: " + warning.format(note=note(t)), file=sys.stderr)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(HEADER + EXPLAIN if args.explain else HEADER)
    for text, ts, raw, value in cleaned.rows:
        writer.writerow(_row(text, raw, detector.update(ts, value), args.explain))
    return 0
