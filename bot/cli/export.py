"""`vahti export WHAT [--since DATE] [--until DATE] [--output FILE]`: CSV for other departments.

WHAT is one of the exporters the features list in `bot.features`. Dates are local
days in the team's time zone, both ends included; the default is the last 30 days up to today
(for `year`, the current fiscal year up to today).
The CSV goes to stdout, or to FILE with --output.
"""

from __future__ import annotations

import argparse
import csv
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import TextIO

from sqlalchemy.exc import SQLAlchemyError

from bot.cli.common import database_error, load_offline_context
from bot.cli.language import add_locale_option, cli_translator
from bot.clock import SystemClock
from bot.config import ConfigError, VahtiConfig
from bot.db import session_scope
from bot.domain.time import fiscal_year_start
from bot.features import EXPORTERS
from bot.i18n import N_
from bot.services.exports import ExportRequest

DEFAULT_DAYS = 30
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2999, 12, 31)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Register `vahti export`."""
    parser = sub.add_parser(
        "export",
        help=N_("write CSV (KPIs, mentions, checklists, alerts, …)"),
        description=N_(
            "`vahti export WHAT [--since DATE] [--until DATE] [--output FILE]`: CSV for "
            "other departments."
        ),
    )
    parser.add_argument(
        "what",
        choices=sorted(EXPORTERS),
        metavar="WHAT",
        help=N_("one of: %(choices)s"),
    )
    parser.add_argument(
        "--since",
        type=_day,
        metavar="YYYY-MM-DD",
        help=N_("first day (default: 30 days ago; for year, the fiscal year's first day)"),
    )
    parser.add_argument(
        "--until", type=_day, metavar="YYYY-MM-DD", help=N_("last day (default: today)")
    )
    parser.add_argument(
        "--output", type=Path, metavar="FILE", help=N_("write here instead of stdout")
    )
    add_locale_option(parser)
    return parser


def _day(text: str) -> date:
    try:
        if len(text) != 10:
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None
    if not FIRST_DAY <= day <= LAST_DAY:  # the windows' ends must stay within `date`'s range
        raise argparse.ArgumentTypeError(f"{text} is not between {FIRST_DAY} and {LAST_DAY}")
    return day


def _default_since(what: str, until: date, config: VahtiConfig) -> date:
    """The year review covers the fiscal year so far; every other export the last 30 days."""
    if what == "year":
        return fiscal_year_start(until, config.schedule.fiscal_year_end_month)
    return until - timedelta(days=DEFAULT_DAYS - 1)


def _fail(message: str) -> int:
    print(f"vahti export: {message}", file=sys.stderr)
    return 2


def _write(args: argparse.Namespace, out: TextIO) -> int:
    offline, now = load_offline_context(), SystemClock().now()
    until = args.until or now.astimezone(offline.config.tz).date()
    since = args.since or _default_since(args.what, until, offline.config)
    if since > until:
        message = cli_translator(args.locale, offline.config).gettext(
            "--since {since} is after --until {until}"
        )
        return _fail(message.format(since=since, until=until))
    writer = csv.writer(out, lineterminator="\n")
    with session_scope(offline.sessions) as session:
        req = ExportRequest(session, offline.team_id, offline.config, since, until, now)
        writer.writerows(EXPORTERS[args.what](req))
    return 0


def run(args: argparse.Namespace) -> int:
    """Write the export; one line on stderr and exit 2 when it cannot be made."""
    try:
        if args.output is None:
            return _write(args, sys.stdout)
        with args.output.open("w", encoding="utf-8", newline="") as out:
            return _write(args, out)
    except ConfigError as exc:
        return _fail(exc.text(cli_translator(args.locale)))
    except BrokenPipeError:
        raise  # a closed stdout: `main` ends quietly
    except OSError as exc:
        message = cli_translator(args.locale).gettext("cannot write {path}: {reason}")
        return _fail(message.format(path=args.output, reason=exc.strerror))
    except SQLAlchemyError as exc:
        return _fail(database_error(exc, cli_translator(args.locale)))
