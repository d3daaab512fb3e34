"""Load and fault figures (issue 11): acks under many users, with and without a big import.

Each scenario starts a fresh server process: the production WSGI app (Flask + bolt, production
mode: `process_before_response` off, the real follow-up pool) under waitress with as many threads
as `vahti run`, on a database holding `--mentions` generated mentions (one year, three brands,
hourly roll-ups rebuilt). Before serving it posts the due checklists to a local Slack stub and
warms their live lines, as a running bot has. Then `--users` threads loop for `--seconds`, each
sending signed requests to `/slack/events` and waiting for the HTTP answer: Done and Undo clicks on
the items of the daily and weekly checklists, `/kpi today`, `/checklist daily`, `/pulse
advocates`, in random order. The ack latency is the time until the HTTP response; a request
fails when it is not answered 200 within 3 s (Slack's limit). With `import`, `vahti ingest` of
`--import-rows` generated rows runs in its own process on the same database during the window.

The load generator, the Slack stub and the import share the machine with the server, so the
figures are for this machine at its load average (noted with them), not a capacity claim.
SQLite fills are cached in `--cache` between runs; PostgreSQL gets a database created for the
run and dropped after it.

Run: `PYTHONPATH=. python bench/load.py [--databases sqlite postgresql] [--users 1 20 50]
[--mentions 1000000] [--seconds 20] [--import-rows 100000]
[--database-url postgresql://postgres@127.0.0.1:5432/test]`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import yaml
from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.engine import Engine, make_url

from bench._results import RESULTS, write_section
from bench._slack import TEAM, Signer, SlackStub, running_slack
from bench.ingest_data import BRANDS
from bench.ingest_data import rows as export_rows
from bot.db import create_schema, make_engine, session_factory, session_scope
from bot.ids import ActionId
from models.kpi import rollups as kpi_repo
from models.mentions.tables import Mention, MentionBrand
from models.sql.core import table_of

SECRET, TOKEN = "bench-secret", "xoxb-bench"
NOW = datetime(2026, 11, 3, 8, 30, tzinfo=UTC)  # Tuesday 10:30 in Helsinki: daily and weekly due
DAYS = 365
ACK_LIMIT_MS = 3000.0  # Slack shows the user an error after three seconds
ANSWER_GRACE = 3.0  # seconds after the window in which answers still count
CHUNK = 50_000
OPS = ("done", "undo", "kpi", "checklist", "pulse")
DEMO_CONFIG = Path(__file__).resolve().parent.parent / "bot" / "data" / "demo.yml"


def write_config(folder: Path) -> Path:
    """The demo's configuration (three brands, the import's names) for the bench workspace."""
    config = yaml.safe_load(DEMO_CONFIG.read_text(encoding="utf-8"))
    config["workspace"] = TEAM
    path = folder / "vahti.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def fill(engine: Engine, count: int, seed: int = 7) -> float:
    """Bulk-insert `count` mentions over the year before NOW (SQLAlchemy Core, either database)
    with their brand rows, then rebuild the roll-ups; returns the seconds taken."""
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    start = NOW - timedelta(days=DAYS)
    offsets = np.sort(rng.integers(0, DAYS * 86400, size=count))
    brands = rng.choice(BRANDS, size=count, p=[0.6, 0.25, 0.15])
    labels = rng.choice(["positive", "neutral", "negative"], size=count, p=[0.5, 0.35, 0.15])
    polarity = {"positive": 0.5, "neutral": 0.0, "negative": -0.5}
    reach = rng.integers(10, 5000, size=count)
    authors = rng.integers(0, 50_000, size=count)
    with engine.begin() as conn:
        for first in range(0, count, CHUNK):
            mentions, brand_rows = [], []
            for i in range(first, min(first + CHUNK, count)):
                at = start + timedelta(seconds=int(offsets[i]))
                brand, label, r = str(brands[i]), str(labels[i]), int(reach[i])
                mentions.append(
                    {
                        "id": i + 1,
                        "team_id": TEAM,
                        "source": "bench",
                        "external_id": f"m{i}",
                        "created_at": at,
                        "ingested_at": at,
                        "author": f"user{authors[i]}",
                        "text": "text",
                        "url": None,
                        "reach": r,
                        "engagement": r // 50,
                        "shares": r // 500,
                        "media": "text",
                        "lang": "en",
                        "brand": brand,
                        "polarity": polarity[label],
                        "subjectivity": 0.5,
                        "label": label,
                        "scored": True,
                    }
                )
                brand_rows.append(
                    {"mention_id": i + 1, "brand": brand, "team_id": TEAM, "created_at": at}
                )
            conn.execute(insert(table_of(Mention)), mentions)
            conn.execute(insert(table_of(MentionBrand)), brand_rows)
        if engine.dialect.name == "postgresql":  # explicit ids: move the sequence past them
            conn.execute(
                text("SELECT setval(pg_get_serial_sequence('mention', 'id'), :n)"), {"n": count}
            )
    with session_scope(session_factory(engine)) as session:
        kpi_repo.rebuild_rollups(
            session=session, team_id=TEAM, start=start, end=NOW + timedelta(hours=1)
        )
    if engine.dialect.name == "postgresql":
        # Planner statistics, as autovacuum gathers them after a big load; without them the
        # advocates query plans a nested loop and runs for minutes on 200k rows.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    return time.perf_counter() - started


def stored(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return int(
                conn.execute(select(func.count()).select_from(table_of(Mention))).scalar_one()
            )
    finally:
        engine.dispose()


# --- the server process ---------------------------------------------------------------------


def serve(database_url: str, slack_url: str, config_path: str) -> None:
    """Child process: what `vahti run` serves in HTTP mode, with NOW as the clock."""
    import waitress

    from bot.app import build_app
    from bot.background import Background
    from bot.cli.run import WAITRESS_THREADS
    from bot.clock import FrozenClock
    from bot.config import Settings, load_config
    from bot.deps import Deps
    from bot.features import PROVIDERS, ROUTES
    from bot.slack_gateway import WebGateway, make_client
    from bot.web import build_web
    from jobs.checklists import post_due_checklists, refresh_live_data

    settings = Settings(
        slack_bot_token=TOKEN,
        slack_signing_secret=SECRET,
        slack_api_url=slack_url,
        database_url=database_url,
    )
    engine = make_engine(database_url)
    create_schema(engine)
    gateway = WebGateway(make_client(TOKEN, slack_url))
    deps = Deps(
        settings,
        load_config(Path(config_path)),
        session_factory(engine),
        FrozenClock(NOW),
        gateway,
        TEAM,
        PROVIDERS,
        background=Background(),
    )
    post_due_checklists(deps)
    refresh_live_data(deps)  # the live lines a running bot has cached
    web = build_web(build_app(deps), deps, ROUTES)
    server = waitress.create_server(web, host="127.0.0.1", port=0, threads=WAITRESS_THREADS)
    print(json.dumps({"port": server.effective_port}), flush=True)
    server.run()


@contextmanager
def server_process(database_url: str, stub: SlackStub, config: Path) -> Iterator[str]:
    """A server child on `database_url`; yields its `/slack/events` URL."""
    command = [sys.executable, __file__, "--serve", database_url, stub.url, str(config)]
    env = os.environ | {"PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        if not line:
            raise SystemExit(f"the server process ended ({child.wait()})")
        yield f"http://127.0.0.1:{json.loads(line)['port']}/slack/events"
    finally:
        child.terminate()
        child.wait(30)


def checklist_buttons(stub: SlackStub) -> list[tuple[str, str]]:
    """(channel, value) of every item button of the posted daily and weekly checklists."""
    found = []
    for args in stub.posted:
        key = json.dumps(args.get("metadata") or {})
        if not any(cadence in key for cadence in ("daily", "weekly")):
            continue
        for block in args.get("blocks") or []:
            for element in block.get("elements") or []:
                if element.get("action_id") == ActionId.CHECKLIST_DONE.value:
                    found.append((str(args.get("channel")), str(element["value"])))
    return found


# --- the load -------------------------------------------------------------------------------


@dataclass
class Sample:
    op: str
    status: int
    ms: float
    sent: float = 0.0  # time.monotonic() when sent
    reply_to: str | None = None  # a command's response_url name


@dataclass
class Outcome:
    database: str
    mentions: int
    users: int
    importing: bool
    seconds: float
    samples: list[Sample] = field(default_factory=list)
    imported: int = 0
    followups: int = 0
    load_average: float = 0.0
    answered: dict[str, float] = field(default_factory=dict)

    def figures(self) -> dict[str, float]:
        ms = [s.ms for s in self.samples]
        failed = sum(1 for s in self.samples if s.status != 200 or s.ms > ACK_LIMIT_MS)
        # a command's answer time: from sending it to its reply at the response_url (inf: none)
        answers = [
            (self.answered[s.reply_to] - s.sent) * 1000 if s.reply_to in self.answered else np.inf
            for s in self.samples
            if s.reply_to is not None
        ]
        return {
            "requests": len(ms),
            "rps": len(ms) / self.seconds,
            "p50": float(np.percentile(ms, 50)),
            "p99": float(np.percentile(ms, 99)),
            "max": max(ms),
            "failed": failed,
            "answer_p50": float(np.percentile(answers, 50, method="nearest"))
            if answers
            else np.nan,
            "answered_3s": sum(a <= ACK_LIMIT_MS for a in answers) / max(len(answers), 1),
        }


def user_loop(
    signer: Signer,
    buttons: list[tuple[str, str]],
    until: float,
    seed: int,
    out: list[Sample],
    tag: str = "",
) -> None:
    """One user: signed requests back to back until `until`, each timed to its HTTP answer;
    `tag` keeps the names of the commands' answers apart from other scenarios' answers."""
    rng = random.Random(seed)
    user = f"U{seed:07d}"
    for n in itertools.count():
        if time.monotonic() >= until:
            return
        op = rng.choice(OPS)
        reply_to = None if op in ("done", "undo") else f"{tag}{user}-{n}"
        sent, began = time.monotonic(), time.perf_counter()
        try:
            if op in ("done", "undo"):
                channel, value = rng.choice(buttons)
                action = ActionId.CHECKLIST_DONE if op == "done" else ActionId.CHECKLIST_UNDO
                reply = signer.block_action(
                    action.value, value, channel=channel, message_ts="1800000000.000001", user=user
                )
            elif op == "kpi":
                reply = signer.command("/kpi", "today", user, reply_to)
            elif op == "checklist":
                reply = signer.command("/checklist", "daily", user, reply_to)
            else:
                reply = signer.command("/pulse", "advocates", user, reply_to)
            status = reply.status
        except OSError:  # timed out or refused: a failed ack
            status = 0
        out.append(Sample(op, status, (time.perf_counter() - began) * 1000, sent, reply_to))


def import_export(folder: Path, rows: int, tag: str, seed: int) -> Path:
    """A CSV of `rows` generated mentions whose ids are new to the database (tagged)."""
    import csv

    from bench.ingest_data import COLUMNS

    path = folder / f"import-{tag}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in export_rows(rows, seed=seed):
            writer.writerow((f"{tag}-{row[0]}", *row[1:]))
    return path


def run_scenario(
    database_url: str,
    stub: SlackStub,
    config: Path,
    users: int,
    seconds: float,
    export: Path | None,
    buttons: list[tuple[str, str]],
) -> tuple[Outcome, list[tuple[str, str]]]:
    before = stored(database_url)
    outcome = Outcome("", before, users, export is not None, seconds)
    with server_process(database_url, stub, config) as endpoint:
        buttons = checklist_buttons(stub) or buttons
        if not buttons:
            raise SystemExit("no daily or weekly checklist was posted")
        signer = Signer(endpoint, SECRET, stub)
        signer.command("/kpi", "today")  # the first requests import lazily loaded code
        signer.command("/checklist", "daily")
        signer.command("/pulse", "advocates")
        importer = None
        if export is not None:
            env = os.environ | {"DATABASE_URL": database_url, "VAHTI_CONFIG": str(config)}
            importer = subprocess.Popen(
                [sys.executable, "-m", "bot", "ingest", str(export), "--json"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            time.sleep(2)  # past start-up: the import is reading, scoring and storing
        calls_before = stub.responses + stub.calls["chat.update"]
        tag = f"{uuid.uuid4().hex[:6]}-"
        until = time.monotonic() + seconds
        per_user: list[list[Sample]] = [[] for _ in range(users)]

        threads = [
            threading.Thread(
                target=user_loop,
                args=(Signer(endpoint, SECRET, stub), buttons, until, n + 1, out, tag),
            )
            for n, out in enumerate(per_user)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        outcome.load_average = os.getloadavg()[0]
        time.sleep(ANSWER_GRACE)  # the last commands' answers get their time too
        outcome.followups = stub.responses + stub.calls["chat.update"] - calls_before
        outcome.answered = dict(stub.answered)
        if importer is not None:
            importer.terminate()
            importer.wait(30)
    outcome.samples = list(itertools.chain.from_iterable(per_user))
    outcome.imported = stored(database_url) - before
    return outcome, buttons


# --- databases ------------------------------------------------------------------------------


def sqlite_cached(cache: Path, mentions: int) -> tuple[Path, float]:
    """A filled SQLite file for `mentions`, built once and kept in `cache`."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"load-{mentions}.db"
    if path.exists():
        return path, 0.0
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{partial}")
    create_schema(engine)
    seconds = fill(engine, mentions)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    partial.rename(path)
    return path, seconds


@contextmanager
def postgres_database(admin_url: str) -> Iterator[str]:
    """A database created for this run (dropped after it); yields its URL."""
    name = f"vahti_load_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run_database(
    kind: str, args: argparse.Namespace, stub: SlackStub, folder: Path
) -> tuple[list[Outcome], float]:
    """Every users × import scenario on one database kind; returns them and the fill time."""
    config = write_config(folder)
    mentions = args.sqlite_mentions if kind == "sqlite" else args.pg_mentions
    outcomes: list[Outcome] = []
    buttons: list[tuple[str, str]] = []
    scenarios = [(u, imp) for imp in args.imports for u in args.users]
    with _database(kind, args, mentions) as (url, fill_s):
        for n, (users, importing) in enumerate(scenarios):
            work = url
            if kind == "sqlite":  # a fresh copy per scenario: imports and clicks do not pile up
                copy = folder / "work.db"
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{copy}{suffix}").unlink(missing_ok=True)
                shutil.copyfile(url, copy)
                work = f"sqlite:///{copy}"
            export = (
                import_export(folder, args.import_rows, f"i{n}", n) if importing == "yes" else None
            )
            outcome, buttons = run_scenario(
                work, stub, config, users, args.seconds, export, buttons
            )
            outcome.database = kind
            outcomes.append(outcome)
            print(row(outcome), flush=True)
    return outcomes, fill_s


@contextmanager
def _database(kind: str, args: argparse.Namespace, mentions: int) -> Iterator[tuple[str, float]]:
    if kind == "sqlite":
        path, seconds = sqlite_cached(Path(args.cache), mentions)
        yield str(path), seconds
        return
    with postgres_database(args.database_url) as url:
        engine = make_engine(url)
        create_schema(engine)
        seconds = fill(engine, mentions)
        engine.dispose()
        yield url, seconds


def row(o: Outcome) -> str:
    f = o.figures()
    return (
        f"| {o.database} | {o.mentions:,} | {o.users} | {'yes' if o.importing else 'no'} "
        f"| {f['requests']:,.0f} | {f['rps']:.1f} | {f['p50']:.0f} | {f['p99']:.0f} "
        f"| {f['max']:.0f} | {f['failed']:.0f} | {answer(f['answer_p50'])} "
        f"| {f['answered_3s']:.0%} | {o.followups:,} | {o.imported:,} "
        f"| {o.load_average:.1f} |"
    )


def answer(ms: float) -> str:
    return "none" if ms == np.inf else f"{ms:,.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--serve", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--users", type=int, nargs="+", default=[1, 20, 50])
    parser.add_argument("--imports", nargs="+", choices=("no", "yes"), default=["no", "yes"])
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--pg-mentions", type=int, help="default: --mentions")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "vahti-bench"))
    parser.add_argument("--no-write", action="store_true", help="print, do not touch RESULTS.md")
    parser.add_argument("--append", action="store_true", help="add to the recorded runs")
    args = parser.parse_args()
    if args.serve:
        serve(*args.serve)
        return
    args.sqlite_mentions = args.mentions
    args.pg_mentions = args.pg_mentions or args.mentions
    load_before = os.getloadavg()
    outcomes, fills = [], {}
    with running_slack() as stub, tempfile.TemporaryDirectory() as tmp:
        for kind in args.databases:
            done, fills[kind] = run_database(kind, args, stub, Path(tmp))
            outcomes.extend(done)
    load_after = os.getloadavg()
    markdown = report(args, outcomes, fills, load_before, load_after)
    print(markdown)
    if not args.no_write:
        write_section("load", f"{recorded()}\n\n{markdown}" if args.append else markdown)


def recorded() -> str:
    """The load section's current text (earlier runs), without its markers."""
    found = re.search(
        r"<!-- load:start -->\n(.*?)\n<!-- load:end -->", RESULTS.read_text("utf-8"), re.S
    )
    return found.group(1) if found else ""


def report(
    args: argparse.Namespace,
    outcomes: list[Outcome],
    fills: dict[str, float],
    before: tuple[float, float, float],
    after: tuple[float, float, float],
) -> str:
    command = " ".join(["python bench/load.py", *sys.argv[1:]])
    return "\n".join(
        [
            "## Load: acks under many users and a concurrent import (`bench/load.py`)",
            "",
            f"Ran `{command}` on {os.cpu_count()} shared cores; load average (1 min) "
            f"{before[0]:.1f} before, {after[0]:.1f} after (each row: at its end). Each row is a "
            "fresh server process (production mode, waitress, the real follow-up pool); users "
            "loop "
            f"for {args.seconds:g} s sending signed Done/Undo clicks on the daily and weekly "
            "checklists, `/kpi today`, `/checklist daily` and `/pulse advocates`; ack = time "
            "to the "
            f"HTTP answer; failed = not 200 within 3 s. Import: `vahti ingest` of "
            f"{args.import_rows:,} generated rows in its own process on the same database, started "
            "2 s before the window; *imported* is what it stored by the window's end. *Answer* "
            "is a "
            f"command's time from sending to its reply at the response_url (the work after the "
            f"ack, on the follow-up pool), over every command sent, waiting {ANSWER_GRACE:g} s "
            f"after the window; *follow-ups* are all replies and `chat.update`s that reached Slack "
            f"in the window and that grace.",
            "",
            "| database | stored | users | import | requests | req/s | ack p50 ms | ack p99 ms "
            "| ack max ms | failed | answer p50 ms | answered ≤ 3 s | follow-ups | imported "
            "| load avg |",
            "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            *(row(o) for o in outcomes),
            "",
            "Fill (bulk insert + roll-ups): "
            + ", ".join(f"{k} {v:.0f} s" if v else f"{k} cached" for k, v in fills.items())
            + ".",
        ]
    )


if __name__ == "__main__":
    main()
