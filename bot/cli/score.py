"""`vahti score`: score texts from stdin, one CSV row `polarity,subjectivity,label` per line.

Lines are read and scored in batches, so a file of any size streams through in bounded memory,
and the output keeps the input's order and line count (an empty line gives `0,0,neutral`). Every
row keeps the contract scripts and evaluation tools rely on: two numbers and one of `positive`,
`neutral`, `negative`. A text in a language Vahti cannot score (Finnish…) has no measured opinion,
so it is written `0,0,neutral` and counted on stderr; `--unscored mark` writes `,,unscored`
instead, as the KPIs and exports treat such posts.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TextIO

from bot.cli.language import add_locale_option, cli_translator
from bot.domain.sentiment.scorer import Sentiment, Thresholds, score_many
from bot.i18n import N_

BATCH_SIZE = 1000


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Register `vahti score`."""
    defaults = Thresholds()
    parser = sub.add_parser(
        "score",
        help=N_("score texts on stdin (one per line) as CSV polarity,subjectivity,label"),
        description=N_(
            "`vahti score`: score texts from stdin, one CSV row `polarity,subjectivity,label` per "
            "line."
        ),
    )
    parser.add_argument(
        "--positive",
        type=float,
        default=defaults.positive,
        help=N_("polarity above which a text is positive (default %(default)s)"),
    )
    parser.add_argument(
        "--negative",
        type=float,
        default=defaults.negative,
        help=N_("polarity below which a text is negative (default %(default)s)"),
    )
    parser.add_argument(
        "--unscored",
        choices=("neutral", "mark"),
        default="neutral",
        help=N_("a text in a language Vahti cannot score: 0,0,neutral (default) or ,,unscored"),
    )
    add_locale_option(parser)
    return parser


def _batches(lines: Iterable[str], size: int) -> Iterator[list[str]]:
    iterator = iter(lines)
    while batch := list(islice(iterator, size)):
        yield batch


def _number(value: float) -> str:
    return f"{round(value, 4) + 0.0:.4f}"  # + 0.0 turns -0.0 into 0.0


def _row(sentiment: Sentiment, mark_unscored: bool) -> tuple[str, str, str]:
    if not sentiment.scored and mark_unscored:  # a language it cannot score (Finnish…)
        return "", "", "unscored"
    return _number(sentiment.polarity), _number(sentiment.subjectivity), sentiment.label


def score_stream(
    source: TextIO, sink: TextIO, thresholds: Thresholds, *, mark_unscored: bool = False
) -> tuple[int, int]:
    """Write one CSV row per input line; return (lines read, lines in a language not scored)."""
    writer = csv.writer(sink, lineterminator="\n")
    count = unscored = 0
    for batch in _batches(source, BATCH_SIZE):
        texts = [line.rstrip("\r\n") for line in batch]
        found = score_many(texts, thresholds)
        writer.writerows(_row(sentiment, mark_unscored) for sentiment in found)
        sink.flush()
        count += len(batch)
        unscored += sum(1 for sentiment in found if not sentiment.scored)
    return count, unscored


def run(args: argparse.Namespace) -> int:
    """Score stdin to stdout."""
    if args.negative > args.positive:
        message = cli_translator(args.locale).gettext(
            "--negative ({negative}) must not exceed --positive ({positive})"
        )
        print(
            f"vahti score: {message.format(negative=args.negative, positive=args.positive)}",
            file=sys.stderr,
        )
        return 2
    thresholds = Thresholds(positive=args.positive, negative=args.negative)
    if isinstance(sys.stdin, io.TextIOWrapper):
        # Only "\n" ends a line (a stray "\r" must not add a row); bad bytes must not abort.
        sys.stdin.reconfigure(encoding="utf-8", errors="replace", newline="\n")
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8")
    mark = args.unscored == "mark"
    _, unscored = score_stream(sys.stdin, sys.stdout, thresholds, mark_unscored=mark)
    if unscored:
        t = cli_translator(args.locale)
        note = t.ngettext(
            "{n} line in a language Vahti does not score, written as {written}",
            "{n} lines in a language Vahti does not score, written as {written}",
            unscored,
        )
        written = ",,unscored" if mark else "0,0,neutral"
        print(f"vahti score: {note.format(n=t.num(unscored), written=written)}", file=sys.stderr)
    return 0
