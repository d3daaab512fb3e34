"""`vahti kpi [today|week|month|YYYY-MM-DD]`: the `/kpi` report in a terminal."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.exc import SQLAlchemyError

from bot.blocks.kpi import plain_text
from bot.cli.common import load_offline_context
from bot.clock import SystemClock
from bot.config import ConfigError
from bot.db import session_scope
from bot.domain.command_args import UsageError
from bot.domain.kpi.metrics import parse_period
from bot.i18n import translator
from bot.services.kpi.reports import summary_in


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Register `vahti kpi`."""
    parser = sub.add_parser(
        "kpi",
        help="print the KPI report (as /kpi shows it)",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    parser.add_argument(
        "period",
        nargs="?",
        default="today",
        metavar="PERIOD",
        help="today (default), yesterday, week, month or YYYY-MM-DD",
    )
    return parser


def _fail(message: str) -> int:
    print(f"vahti kpi: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    """Print the report; one line on stderr and exit 2 on a bad period or configuration."""
    try:
        offline = load_offline_context()
        period = parse_period(args.period, SystemClock().now(), offline.config.tz)
        with session_scope(offline.sessions) as session:
            summary = summary_in(session, offline.team_id, offline.config, period)
    except UsageError as exc:
        return _fail(
            str(exc).replace("`", "") + " Use today, yesterday, week, month or YYYY-MM-DD."
        )
    except ConfigError as exc:
        return _fail(str(exc))
    except SQLAlchemyError as exc:
        return _fail(f"database error: {type(exc).__name__}: {str(exc).splitlines()[0]}")
    print(plain_text(summary, translator(offline.config.locale)))
    return 0
