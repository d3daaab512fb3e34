"""`vahti ingest FILE`: import a listening tool's export (CSV or JSON lines) into the store.

Each rejected row is printed as `line N: reason`, then where the rows went (database,
workspace, the tool the file came from, rows per brand and with no brand, the time span); the
last line is the summary that scripts parse, `read N, stored N, duplicates N, rejected N` (or all
of it as JSON with --json). Those lines are in the team's language; a script that parses them
passes `--locale en`. Exit 0 when the file was read, rejects or not; 2 when it cannot be
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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import tzinfo
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.cli.common import (
    LOCAL_TEAM,
    OfflineContext,
    batch_collector,
    database_error,
    offline_or_reason,
)
from bot.cli.language import add_locale_option, cli_translator
from bot.clock import SystemClock
from bot.db import session_scope
from bot.domain.mentions.fields import FIELDS, FieldMapError, parse_map
from bot.domain.mentions.presets import NAMES, by_name
from bot.domain.mentions.record import RecordRules
from bot.domain.mentions.shaping import zone_named
from bot.i18n import N_, Problem, Translator, said
from bot.services.mentions.files import Reading, Record, UnusableInput, open_mention_file
from bot.services.mentions.ingest import IngestReport, Rejection, ingest, plan_for
from models.mentions.store import count_mentions

KINDS = ("mentions", "kpis")
# Allocations between two young-generation collections during an import (Python's default: 700).


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Register `vahti ingest`."""
    parser = sub.add_parser(
        "ingest",
        help=N_("import mentions from a CSV or JSON lines export"),
        description=N_(
            "`vahti ingest FILE`: import a listening tool's export (CSV or JSON lines) into the "
            "store."
        ),
    )
    parser.add_argument(
        "file", type=Path, metavar="FILE", help=N_("the export (.csv, .jsonl, .xlsx, .gz)")
    )
    parser.add_argument("--kind", choices=KINDS, default="mentions", help=N_("what the file holds"))
    parser.add_argument(
        "--format", choices=("csv", "jsonl", "xlsx"), help=N_("default: from the file name")
    )
    mapping = parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help=N_("name the column of a field (fields: %(fields)s)"),
    )
    setattr(mapping, "fields", ", ".join(FIELDS))  # noqa: B010 (argparse fills %(fields)s in)
    parser.add_argument(
        "--preset",
        choices=NAMES,
        metavar="TOOL",
        help=N_("read the file as this tool's export (%(choices)s); default: from the header"),
    )
    parser.add_argument(
        "--timezone",
        metavar="ZONE",
        help=N_(
            "zone of stamps without one (default: UTC, or the team's zone for tools that export "
            "local time)"
        ),
    )
    parser.add_argument("--workspace", metavar="TEAM_ID", help=N_("Slack team id to store under"))
    parser.add_argument("--brand", help=N_("brand of rows that do not name one"))
    parser.add_argument("--source", default="import", help=N_("source of rows without a network"))
    parser.add_argument(
        "--date-format", help=N_("strptime format of the date column, e.g. %%d.%%m.%%Y")
    )
    parser.add_argument("--workers", type=int, help=N_("scoring processes (default: config, 1)"))
    parser.add_argument("--json", action="store_true", help=N_("print the report as JSON"))
    add_locale_option(parser)
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


def _rejection_printer(t: Translator) -> Callable[[Rejection], None]:
    """Prints each rejected row as it is found, `line N: reason`."""
    line = t.gettext("line {line}: {reason}")

    def _print(rejection: Rejection) -> None:
        print(line.format(line=rejection.line, reason=said(rejection.reason, t)))

    return _print


_TEAM_ID = re.compile(r"^[A-Z][A-Z0-9]{1,31}$")
NO_WORKSPACE = N_(
    "no workspace to store the mentions under: add `workspace: T…` (your Slack team id, the "
    "T… part of any Slack link) to vahti.yml, or pass --workspace T…, or start the bot once "
    "with `vahti run` so it records its workspace; nothing was stored"
)


def _reading(args: argparse.Namespace, team_zone: tzinfo) -> Reading:
    zone = zone_named(args.timezone) if args.timezone else None
    if args.timezone and zone is None:
        raise UnusableInput(
            N_("--timezone: unknown zone {zone!r} (e.g. Europe/Helsinki)"), zone=args.timezone
        )
    return Reading(by_name(args.preset) if args.preset else None, team_zone, zone)


def _import_mentions(
    args: argparse.Namespace, offline: OfflineContext, team_id: str, t: Translator
) -> tuple[IngestReport, dict[str, object]]:
    rules = RecordRules(source=args.source, brand=args.brand, date_format=args.date_format)
    workers = args.workers or offline.config.sources.ingest_workers
    plan = plan_for(offline.config, team_id, rules, workers)
    on_reject = None if args.json else _rejection_printer(t)
    reading = _reading(args, offline.config.tz)
    with open_mention_file(args.file, args.format, parse_map(args.map), reading) as export:
        if export.encoding in ("cp1252", "latin-1") and not args.json:
            note = t.gettext("note: the file is not UTF-8; read as {encoding}")
            print(note.format(encoding=export.encoding), file=sys.stderr)
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


def _note_placeholder_rows(offline: OfflineContext, team_id: str, t: Translator) -> None:
    """Rows an earlier version stored under the placeholder are not this workspace's."""
    with session_scope(offline.sessions) as session:
        orphaned = count_mentions(session=session, team_id=LOCAL_TEAM)
    if orphaned and team_id != LOCAL_TEAM:
        note = t.ngettext(
            "note: {n} mention was stored earlier under the placeholder workspace "
            "{placeholder}; it is not counted for {team}",
            "note: {n} mentions were stored earlier under the placeholder workspace "
            "{placeholder}; they are not counted for {team}",
            orphaned,
        )
        print(note.format(n=t.num(orphaned), placeholder=LOCAL_TEAM, team=team_id), file=sys.stderr)


def _print_where(
    report: IngestReport, where: dict[str, object], zone: tzinfo, t: Translator
) -> None:
    """Where the rows went, before the summary line."""
    _ = t.gettext
    print(_("database: {database}").format(database=where["database"]))
    print(_("workspace: {workspace}").format(workspace=where["workspace"]))
    if where["preset"]:
        print(_("read as: {preset} export").format(preset=where["preset"]))
    named = ", ".join(f"{name} {t.num(count)}" for name, count in report.brands)
    line = _("brands: {brands}; no brand: {unbranded}")
    print(line.format(brands=named or _("none"), unbranded=t.num(report.unbranded)))
    if report.first_at and report.last_at:
        first, last = report.first_at.astimezone(zone), report.last_at.astimezone(zone)
        span = _("time span: {first} – {last} ({zone})")
        print(span.format(first=t.date(first, "stamp"), last=t.date(last, "stamp"), zone=zone))


def _import_kpis(args: argparse.Namespace, offline: OfflineContext, t: Translator) -> int:
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
        return _fail(f"{path}: {exc.text(t) if isinstance(exc, Problem) else exc}")
    if args.json:
        print(json.dumps(report.as_dict()))
        return 0
    rejected = t.gettext("line {line}: {reason}")
    for line, reason in report.rejections:
        print(rejected.format(line=line, reason=said(reason, t)))
    print(report.summary(t))
    return 0


def run(args: argparse.Namespace) -> int:
    """Import the file and print the report."""
    if not args.file.is_file():
        message = cli_translator(args.locale).gettext("no such file: {path}")
        return _fail(message.format(path=args.file))
    if args.workers is not None and args.workers < 1:
        return _fail(cli_translator(args.locale).gettext("--workers must be at least 1"))
    offline = offline_or_reason(args.locale)
    if isinstance(offline, str):
        return _fail(offline)
    t = cli_translator(args.locale, offline.config)
    try:
        if args.kind == "kpis":
            return _import_kpis(args, offline, t)
        team_id = args.workspace or (offline.team_id if offline.workspace_from else None)
        if not team_id:
            return _fail(t.gettext(NO_WORKSPACE))
        if not _TEAM_ID.match(team_id) or team_id == LOCAL_TEAM:
            message = t.gettext("--workspace: {team!r} is not a Slack team id (like T0123ABCD)")
            return _fail(message.format(team=team_id))
        with batch_collector():
            report, where = _import_mentions(args, offline, team_id, t)
    except (FieldMapError, UnusableInput) as exc:
        return _fail(exc.text(t))
    except BrokenPipeError:
        raise  # stdout closed: not the file's fault
    except (OSError, EOFError) as exc:  # unreadable or truncated (.gz) file
        message = t.gettext("cannot read {path}: {reason}")
        return _fail(message.format(path=args.file, reason=exc))
    except SQLAlchemyError as exc:
        return _fail(database_error(exc, t))
    if args.json:
        print(json.dumps(report.as_dict() | where))
        return 0
    _note_placeholder_rows(offline, team_id, t)
    _print_where(report, where, offline.config.tz, t)
    print(report.summary(t))
    return 0
