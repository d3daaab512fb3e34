"""`vahti db upgrade`: apply the schema migrations (`vahti run` also does it at start)."""

from __future__ import annotations

import argparse
import sys

from alembic.util.exc import CommandError
from sqlalchemy.exc import SQLAlchemyError

from bot.config import Settings
from bot.db import make_engine
from bot.schema import head_revision, upgrade_schema


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Register `vahti db`."""
    parser = sub.add_parser("db", help="database schema: `vahti db upgrade`")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    upgrade = actions.add_parser("upgrade", help="apply the schema migrations (Alembic)")
    upgrade.add_argument(
        "revision", nargs="?", default="head", help="target revision (default: the newest)"
    )
    return parser


def run(args: argparse.Namespace) -> int:
    """Upgrade the database at DATABASE_URL and say from which revision to which."""
    engine = make_engine(Settings().database_url)
    try:
        done = upgrade_schema(engine, args.revision)
    except SQLAlchemyError as exc:
        print(f"vahti db upgrade: database error: {type(exc).__name__}", file=sys.stderr)
        return 1
    except CommandError as exc:  # an unknown target revision
        print(f"vahti db upgrade: {exc}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    if done.stamped:
        print("The tables were made before migrations; recorded them as such.")
    if done.before == done.after:
        print(f"Database schema at {done.after} (newest {head_revision()}); nothing to do.")
    else:
        print(f"Database schema upgraded from {done.before or 'empty'} to {done.after}.")
    return 0
