"""`vahti demo`: no Slack, no network; weeks of sample data through the bot in simulated time."""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path

from bot.cli.common import batch_collector
from bot.cli.language import add_locale_option
from bot.demo.gateway import print_call
from bot.demo.run import DemoRun
from bot.demo.scenario import demo_config, demo_period
from bot.i18n import N_, translator


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "demo", help=N_("run the bot over sample data in simulated time, no Slack needed")
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=Path("demo-output"),
        help=N_("folder for the SQLite file and the Block Kit JSON (default demo-output)"),
    )
    parser.add_argument("--days", type=int, default=None, help=N_("simulate only the first N days"))
    parser.add_argument("--quiet", action="store_true", help=N_("print only the summary"))
    parser.add_argument(
        "--every-step",
        action="store_true",
        help=N_(
            "run the crisis watch at every five-minute step instead of jumping over quiet ones "
            "(slower; the same messages)"
        ),
    )
    add_locale_option(
        parser, N_("the team's language for every message (default: the demo configuration's, en)")
    )
    return parser


def run(args: argparse.Namespace) -> int:
    args.output.mkdir(parents=True, exist_ok=True)
    db_path = args.output / "vahti-demo.db"
    _, start, end = demo_period()
    if args.days is not None:
        end = min(end, start + timedelta(days=args.days))
    config = demo_config()
    if args.locale is not None:
        config = config.model_copy(update={"locale": args.locale})
    demo = DemoRun.open(db_path, config, echo=None if args.quiet else print_call)
    try:
        with batch_collector():
            history_count, stats = demo.simulate(start, end, every_step=args.every_step)
    finally:
        demo.close()
    gateway = demo.gateway
    gateway.save(args.output / "messages.jsonl")
    posts = sum(1 for c in gateway.calls if c.method == "chat.postMessage")
    updates = sum(1 for c in gateway.calls if c.method == "chat.update")
    t = translator(config.locale)
    days = (end - start).days
    simulated = t.ngettext(
        "Simulated {start} to {end} ({n} day).", "Simulated {start} to {end} ({n} days).", days
    )
    print("\n" + simulated.format(start=t.date(start, "date"), end=t.date(end, "date"), n=days))
    counts = t.gettext(
        "Messages posted: {posts}; updated in place: {updates}; mentions ingested: {history} of "
        "history, then {live} as they came; team actions: {actions}."
    )
    print(
        counts.format(
            posts=t.num(posts),
            updates=t.num(updates),
            history=t.num(history_count),
            live=t.num(stats.get("mentions", 0)),
            actions=t.num(stats.get("actions", 0)),
        )
    )
    files = t.gettext("Block Kit JSON: {messages}; database: {database}")
    print(files.format(messages=args.output / "messages.jsonl", database=db_path))
    return 0
