"""`vahti kpi [today|week|month|YYYY-MM-DD]`: the `/kpi` report in a terminal."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.exc import SQLAlchemyError

from bot.blocks.kpi import plain_text
from bot.cli.common import database_error, offline_or_reason
from bot.cli.language import add_locale_option, cli_translator
from bot.clock import SystemClock
from bot.db import session_scope
from bot.domain.command_args import UsageError
from bot.domain.kpi.metrics import parse_period
from bot.i18n import N_
from bot.services.kpi.reports import summary_in


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Register `vahti kpi`."""
    parser = sub.add_parser(
        "kpi",
        help=N_("print the KPI report (as /kpi shows it)"),
        description=N_(
            "`vahti kpi [today|week|month|YYYY-MM-DD]`: the `/kpi` report in a terminal."
        ),
    )
    parser.add_argument(
        "period",
        nargs="?",
        default="today",
        metavar="PERIOD",
        help=N_("today (default), yesterday, week, month or YYYY-MM-DD"),
    )
    add_locale_option(parser)
    return parser


def _fail(message: str) -> int:
    print(f"vahti kpi: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    """Print the report; one line on stderr and exit 2 on a bad period or configuration."""
    offline = offline_or_reason(args.locale)
    if isinstance(offline, str):
        return _fail(offline)
    t = cli_translator(args.locale, offline.config)
    try:
        period = parse_period(args.period, SystemClock().now(), offline.config.tz)
        with session_scope(offline.sessions) as session:
            summary = summary_in(session, offline.team_id, offline.config, period)
    except UsageError as exc:
        periods = t.gettext("Use today, yesterday, week, month or YYYY-MM-DD.")
        return _fail(exc.text(t).replace("`", "") + " " + periods)
    except SQLAlchemyError as exc:
        return _fail(database_error(exc, t))
    print(plain_text(summary, t))
    return 0
