"""`vahti demo`: no Slack, no network; weeks of sample data through the bot in simulated time."""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path

from bot.cli.common import batch_collector
from bot.demo.gateway import print_call
from bot.demo.run import DemoRun
from bot.demo.scenario import demo_config, demo_period
from bot.i18n import LOCALES


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "demo", help="run the bot over sample data in simulated time, no Slack needed"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=Path("demo-output"),
        help="folder for the SQLite file and the Block Kit JSON (default demo-output)",
    )
    parser.add_argument("--days", type=int, default=None, help="simulate only the first N days")
    parser.add_argument("--quiet", action="store_true", help="print only the summary")
    parser.add_argument(
        "--every-step",
        action="store_true",
        help="run the crisis watch at every five-minute step instead of jumping over quiet ones "
        "(slower; the same messages)",
    )
    parser.add_argument(
        "--locale",
        choices=LOCALES,
        default=None,
        help="the team's language for every message (default: the demo configuration's, en)",
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
    print(f"\nSimulated {start:%Y-%m-%d} to {end:%Y-%m-%d} ({(end - start).days} days).")
    print(
        f"Messages posted: {posts}; updated in place: {updates}; mentions ingested: "
        f"{history_count} of history, then {stats.get('mentions', 0)} as they came; "
        f"team actions: {stats.get('actions', 0)}."
    )
    print(f"Block Kit JSON: {args.output / 'messages.jsonl'}; database: {db_path}")
    return 0
