"""The `vahti` command line: one module per subcommand, each with `add_parser` and `run`."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from bot.cli.language import locale_in, parser_class
from bot.i18n import N_

DESCRIPTION = N_("Vahti: social media checklists and brand watch for Slack.")
# Each module exposes `add_parser(subparsers) -> argparse.ArgumentParser` and `run(args) -> int`.
SUBCOMMANDS: tuple[str, ...] = ("run", "demo", "ingest", "score", "detect", "kpi", "export", "db")


def build_parser(only: str | None = None, locale: str | None = None) -> argparse.ArgumentParser:
    """The parser; with `only`, just that subcommand's module is imported (fast start-up). Its
    help is written in `locale`, else in the configured one."""
    parser = parser_class(locale)(prog="vahti", description=DESCRIPTION)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in SUBCOMMANDS if only is None else (only,):
        try:
            module = importlib.import_module(f"bot.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"bot.cli.{name}":
                raise
            continue
        module.add_parser(sub).set_defaults(handler=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `vahti` and `python -m bot`."""
    argv = list(sys.argv[1:] if argv is None else argv)
    only = argv[0] if argv and argv[0] in SUBCOMMANDS else None
    args = build_parser(only, locale_in(argv)).parse_args(argv)
    try:
        code = int(args.handler(args))
        sys.stdout.flush()
    except BrokenPipeError:
        return _pipe_closed()
    return code


def _pipe_closed() -> int:
    """The reader went away (`vahti kpi | head -3`): stop quietly, as `head`'s writers do.

    Python flushes stdout again at exit, which would raise once more; pointing stdout at devnull
    first is the Python docs' recipe (library/signal, "Note on SIGPIPE").
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 141  # 128 + SIGPIPE, what a shell reports for a writer killed by a closed pipe


if __name__ == "__main__":
    sys.exit(main())
