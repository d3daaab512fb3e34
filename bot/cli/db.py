"""`vahti db upgrade`: apply the schema migrations (`vahti run` also does it at start)."""

from __future__ import annotations

import argparse
import sys

from alembic.util.exc import CommandError
from sqlalchemy.exc import SQLAlchemyError

from bot.cli.language import add_locale_option, cli_translator
from bot.config import Settings
from bot.db import make_engine
from bot.i18n import N_
from bot.schema import head_revision, upgrade_schema


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Register `vahti db`."""
    parser = sub.add_parser("db", help=N_("database schema: `vahti db upgrade`"))
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    upgrade = actions.add_parser("upgrade", help=N_("apply the schema migrations (Alembic)"))
    upgrade.add_argument(
        "revision", nargs="?", default="head", help=N_("target revision (default: the newest)")
    )
    add_locale_option(upgrade)
    return parser


def run(args: argparse.Namespace) -> int:
    """Upgrade the database at DATABASE_URL and say from which revision to which."""
    engine = make_engine(Settings().database_url)
    t = cli_translator(args.locale)
    _ = t.gettext
    try:
        done = upgrade_schema(engine, args.revision)
    except SQLAlchemyError as exc:
        error = _("database error: {error}").format(error=type(exc).__name__)
        print(f"vahti db upgrade: {error}", file=sys.stderr)
        return 1
    except CommandError as exc:  # an unknown target revision (Alembic's own words)
        print(f"vahti db upgrade: {exc}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    if done.stamped:
        print(_("The tables were made before migrations; recorded them as such."))
    if done.before == done.after:
        line = _("Database schema at {revision} (newest {newest}); nothing to do.")
        print(line.format(revision=done.after, newest=head_revision()))
    elif not done.before:
        print(_("Database schema upgraded from empty to {after}.").format(after=done.after))
    else:
        line = _("Database schema upgraded from {before} to {after}.")
        print(line.format(before=done.before, after=done.after))
    return 0
