"""`vahti ingest FILE`: import a listening tool's export (CSV or JSON lines) into the store.

Each rejected row is printed as `line N: reason`, then where the rows went (database,
workspace, the tool the file came from, rows per brand and with no brand, the time span); the
last line is the summary that scripts parse, `read N, stored N, duplicates N, rejected N` (or all
of it as JSON with --json). Exit 0 when the file was read, rejects or not; 2 when it cannot be
used at all, or when no workspace is known to store under (it says how to name one).

Listening tools' exports are recognised by their header (bot.domain.mentions.presets);
`--preset NAME` forces one. Tools that write local time are read in the team's zone, or in
`--timezone`.

`--kind kpis` imports KPI figures instead (`date,metric,value`), with the same report.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import tzinfo
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.cli.common import LOCAL_TEAM, OfflineContext, batch_collector, load_offline_context
from bot.clock import SystemClock
from bot.config import ConfigError
from bot.db import session_scope
from bot.domain.mentions.fields import FIELDS, FieldMapError, parse_map
from bot.domain.mentions.presets import NAMES, by_name
from bot.domain.mentions.record import RecordRules
from bot.domain.mentions.shaping import zone_named
from bot.services.mentions.files import Reading, Record, UnusableInput, open_mention_file
from bot.services.mentions.ingest import IngestReport, Rejection, ingest, plan_for
from models.mentions.store import count_mentions

KINDS = ("mentions", "kpis")
# Allocations between two young-generation collections during an import (Python's default: 700).


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Register `vahti ingest`."""
    parser = sub.add_parser(
        "ingest",
        help="import mentions from a CSV or JSON lines export",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    parser.add_argument(
        "file", type=Path, metavar="FILE", help="the export (.csv, .jsonl, .xlsx, .gz)"
    )
    parser.add_argument("--kind", choices=KINDS, default="mentions", help="what the file holds")
    parser.add_argument(
        "--format", choices=("csv", "jsonl", "xlsx"), help="default: from the file name"
    )
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help=f"name the column of a field (fields: {', '.join(FIELDS)})",
    )
    parser.add_argument(
        "--preset",
        choices=NAMES,
        metavar="TOOL",
        help=f"read the file as this tool's export ({', '.join(NAMES)}); default: from the header",
    )
    parser.add_argument(
        "--timezone",
        metavar="ZONE",
        help="zone of stamps without one (default: UTC, or the "
        "team's zone for tools that export local time)",
    )
    parser.add_argument("--workspace", metavar="TEAM_ID", help="Slack team id to store under")
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


_TEAM_ID = re.compile(r"^[A-Z][A-Z0-9]{1,31}$")
NO_WORKSPACE = (
    "no workspace to store the mentions under: add `workspace: T…` (your Slack team id, the "
    "T… part of any Slack link) to vahti.yml, or pass --workspace T…, or start the bot once "
    "with `vahti run` so it records its workspace; nothing was stored"
)


def _reading(args: argparse.Namespace, team_zone: tzinfo) -> Reading:
    zone = zone_named(args.timezone) if args.timezone else None
    if args.timezone and zone is None:
        raise UnusableInput(f"--timezone: unknown zone {args.timezone!r} (e.g. Europe/Helsinki)")
    return Reading(by_name(args.preset) if args.preset else None, team_zone, zone)


def _import_mentions(
    args: argparse.Namespace, offline: OfflineContext, team_id: str
) -> tuple[IngestReport, dict[str, object]]:
    rules = RecordRules(source=args.source, brand=args.brand, date_format=args.date_format)
    workers = args.workers or offline.config.sources.ingest_workers
    plan = plan_for(offline.config, team_id, rules, workers)
    on_reject = None if args.json else _print_rejection
    reading = _reading(args, offline.config.tz)
    with open_mention_file(args.file, args.format, parse_map(args.map), reading) as export:
        if export.encoding in ("cp1252", "latin-1") and not args.json:
            print(f"note: the file is not UTF-8; read as {export.encoding}", file=sys.stderr)
        report = ingest(
            _with_progress(export.records), plan, offline.sessions, SystemClock(), on_reject
        )
        where: dict[str, object] = {
            "database": make_url(offline.settings.database_url).render_as_string(
                hide_password=True
            ),
            "workspace": team_id,
            "preset": export.preset.name if export.preset else None,
        }
        return replace(report, encoding=export.encoding), where


def _note_placeholder_rows(offline: OfflineContext, team_id: str) -> None:
    """Rows an earlier version stored under the placeholder are not this workspace's."""
    with session_scope(offline.sessions) as session:
        orphaned = count_mentions(session=session, team_id=LOCAL_TEAM)
    if orphaned and team_id != LOCAL_TEAM:
        print(
            f"note: {orphaned} mentions were stored earlier under the placeholder workspace "
            f"{LOCAL_TEAM}; they are not counted for {team_id}",
            file=sys.stderr,
        )


def _print_where(report: IngestReport, where: dict[str, object], zone: tzinfo) -> None:
    """Where the rows went, before the summary line."""
    print(f"database: {where['database']}")
    print(f"workspace: {where['workspace']}")
    if where["preset"]:
        print(f"read as: {where['preset']} export")
    named = ", ".join(f"{name} {count}" for name, count in report.brands) or "none"
    print(f"brands: {named}; no brand: {report.unbranded}")
    if report.first_at and report.last_at:
        first, last = report.first_at.astimezone(zone), report.last_at.astimezone(zone)
        print(f"time span: {first:%Y-%m-%d %H:%M} – {last:%Y-%m-%d %H:%M} ({zone})")


def _import_kpis(args: argparse.Namespace, offline: OfflineContext) -> int:
    # Imported here: the KPI side pulls in pandas, which a mention import never needs.
    from bot.services.kpi.manual_values import ImportContext, csv_items, import_items

    path = args.file
    ctx = ImportContext(
        offline.sessions,
        offline.team_id,
        SystemClock().now(),
        offline.config.tz,
        "csv",
        path.name[:64],
    )
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
        team_id = args.workspace or (offline.team_id if offline.workspace_from else None)
        if not team_id:
            return _fail(NO_WORKSPACE)
        if not _TEAM_ID.match(team_id) or team_id == LOCAL_TEAM:
            return _fail(f"--workspace: {team_id!r} is not a Slack team id (like T0123ABCD)")
        with batch_collector():
            report, where = _import_mentions(args, offline, team_id)
    except (ConfigError, FieldMapError, UnusableInput) as exc:
        return _fail(str(exc))
    except BrokenPipeError:
        raise  # stdout closed: not the file's fault
    except (OSError, EOFError) as exc:  # unreadable or truncated (.gz) file
        return _fail(f"cannot read {args.file}: {exc}")
    except SQLAlchemyError as exc:
        return _fail(f"database error: {type(exc).__name__}: {str(exc).splitlines()[0]}")
    if args.json:
        print(json.dumps(report.as_dict() | where))
        return 0
    _note_placeholder_rows(offline, team_id)
    _print_where(report, where, offline.config.tz)
    print(report.summary())
    return 0
