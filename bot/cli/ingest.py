"""`vahti ingest FILE`: import a listening tool's export (CSV or JSON lines) into the store.

Each rejected row is printed as `line N: reason`; the last line is the summary that scripts
parse, `read N, stored N, duplicates N, rejected N` (or the same as JSON with --json). Exit 0
when the file was read, rejects or not; 2 when it cannot be used at all.

`--kind kpis` imports KPI figures instead (`date,metric,value`), with the same report.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from bot.cli.common import OfflineContext, load_offline_context
from bot.clock import SystemClock
from bot.config import ConfigError
from bot.domain.mentions.fields import FIELDS, FieldMapError, parse_map
from bot.domain.mentions.record import RecordRules
from bot.services.mentions.files import Record, UnusableInput, open_mention_file
from bot.services.mentions.ingest import IngestReport, Rejection, ingest, plan_for

KINDS = ("mentions", "kpis")


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Register `vahti ingest`."""
    parser = sub.add_parser(
        "ingest", help="import mentions from a CSV or JSON lines export",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )  # fmt: skip
    parser.add_argument("file", type=Path, metavar="FILE", help="the export (.csv, .jsonl, .gz)")
    parser.add_argument("--kind", choices=KINDS, default="mentions", help="what the file holds")
    parser.add_argument("--format", choices=("csv", "jsonl"), help="default: from the file name")
    parser.add_argument(
        "--map", action="append", default=[], metavar="FIELD=COLUMN",
        help=f"name the column of a field (fields: {', '.join(FIELDS)})",
    )  # fmt: skip
    parser.add_argument("--brand", help="brand of rows that do not name one")
    parser.add_argument("--source", default="import", help="source of rows without a network")
    parser.add_argument(
        "--date-format", help="strptime format of the date column, e.g. %%d.%%m.%%Y"
    )
    parser.add_argument("--workers", type=int, help="scoring processes (default: config, 1)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    return parser


def _fail(message: str) -> int:
    print(f"vahti ingest: {message}", file=sys.stderr)
    return 2


def _with_progress(records: Iterator[Record]) -> Iterable[Record]:
    """A progress bar on stderr when it is a terminal; plain records otherwise."""
    if not sys.stderr.isatty():
        return records
    from tqdm import tqdm

    bar: Iterable[Record] = tqdm(records, unit=" rows", file=sys.stderr, mininterval=0.5)
    return bar


def _print_rejection(rejection: Rejection) -> None:
    print(f"line {rejection.line}: {rejection.reason}")


def _import_mentions(args: argparse.Namespace, offline: OfflineContext) -> IngestReport:
    rules = RecordRules(source=args.source, brand=args.brand, date_format=args.date_format)
    workers = args.workers or offline.config.sources.ingest_workers
    plan = plan_for(offline.config, offline.team_id, rules, workers)
    on_reject = None if args.json else _print_rejection
    with open_mention_file(args.file, args.format, parse_map(args.map)) as export:
        if export.encoding in ("cp1252", "latin-1") and not args.json:
            print(f"note: the file is not UTF-8; read as {export.encoding}", file=sys.stderr)
        report = ingest(_with_progress(export.records), plan, offline.sessions, SystemClock(),
                        on_reject)  # fmt: skip
        return replace(report, encoding=export.encoding)


def _import_kpis(args: argparse.Namespace, offline: OfflineContext) -> int:
    # Imported here: the KPI side pulls in pandas, which a mention import never needs.
    from bot.services.kpi.manual_values import ImportContext, csv_items, import_items

    path = args.file
    ctx = ImportContext(offline.sessions, offline.team_id, SystemClock().now(), offline.config.tz,
                        "csv", path.name[:64])  # fmt: skip
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            report = import_items(csv_items(stream), ctx)
    except (ValueError, UnicodeDecodeError, csv.Error) as exc:
        return _fail(f"{path}: {exc}")
    if args.json:
        print(json.dumps(report.as_dict()))
        return 0
    for line, reason in report.rejections:
        print(f"line {line}: {reason}")
    print(report.summary())
    return 0


def run(args: argparse.Namespace) -> int:
    """Import the file and print the report."""
    if not args.file.is_file():
        return _fail(f"no such file: {args.file}")
    if args.workers is not None and args.workers < 1:
        return _fail("--workers must be at least 1")
    try:
        offline = load_offline_context()
        if args.kind == "kpis":
            return _import_kpis(args, offline)
        report = _import_mentions(args, offline)
    except (ConfigError, FieldMapError, UnusableInput) as exc:
        return _fail(str(exc))
    except SQLAlchemyError as exc:
        return _fail(f"database error: {type(exc).__name__}: {str(exc).splitlines()[0]}")
    print(json.dumps(report.as_dict()) if args.json else report.summary())
    return 0
