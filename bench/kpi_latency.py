"""`/kpi today` end to end with 10,000 and with 1,000,000 stored mentions, in one run.

Each request is a signed slash command to the real HTTP endpoint (Flask + bolt under waitress,
production mode: bolt acks at once and answers from a worker thread); the time runs from sending
it until the ephemeral reply reaches the local Slack stub's response_url. The mentions are bulk
inserted straight into a SQLite file (one year, three brands) and the hourly roll-ups are built
from them once with `kpi_repo.rebuild_rollups`, as the ingest hook would have built them.
Goal: p99 under 300 ms and a 1M/10k ratio under 1.5 (the cost does not grow with history).

Run: `PYTHONPATH=. python bench/kpi_latency.py [--requests 200] [--sizes 10000 1000000]`.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import waitress
from sqlalchemy.engine import Engine

from bench._results import write_section
from bench._slack import TEAM, Signer, SlackStub, running_slack
from bot.app import build_app
from bot.clock import FrozenClock
from bot.config import Settings, VahtiConfig
from bot.db import create_schema, make_engine, session_factory, session_scope
from bot.deps import Deps
from bot.features import PROVIDERS, ROUTES
from bot.slack_gateway import WebGateway, make_client
from bot.web import build_web
from models.kpi import rollups as kpi_repo
from models.kpi import targets as kpi_target_repo

SECRET, TOKEN = "bench-secret", "xoxb-bench"
NOW = datetime(2026, 11, 3, 8, 30, tzinfo=UTC)  # Tuesday 10:30 in Helsinki
DAYS = 365
WARMUP = 10
CONFIG = VahtiConfig.model_validate(
    {
        "timezone": "Europe/Helsinki",
        "brand": {"name": "Acme"},
        "competitors": [{"name": "Rival"}, {"name": "Other"}],
        "kpi_targets": {"mentions": 120, "positive_share": 0.5, "new_followers": 40},
    }
)
INSERT = (
    "INSERT INTO mention (team_id, source, external_id, created_at, ingested_at, author, text, "
    "url, reach, engagement, shares, media, lang, brand, polarity, subjectivity, label, scored) "
    "VALUES (?, 'bench', ?, ?, ?, 'author', 'text', NULL, ?, ?, ?, 'text', 'en', ?, 0, 0, ?, 1)"
)


def fill(engine: Engine, count: int, seed: int = 7) -> float:
    """Insert `count` mentions over the last year; returns the seconds taken (with roll-ups)."""
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    start = NOW - timedelta(days=DAYS)
    offsets = np.sort(rng.integers(0, DAYS * 86400, size=count))
    brands = rng.choice(["Acme", "Rival", "Other"], size=count, p=[0.6, 0.25, 0.15])
    labels = rng.choice(["positive", "neutral", "negative"], size=count, p=[0.5, 0.35, 0.15])
    reach = rng.integers(10, 5000, size=count)
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for first in range(0, count, 100_000):
            rows = []
            for i in range(first, min(first + 100_000, count)):
                at = (start + timedelta(seconds=int(offsets[i]))).strftime("%Y-%m-%d %H:%M:%S.%f")
                rows.append(
                    (
                        TEAM,
                        f"m{i}",
                        at,
                        at,
                        int(reach[i]),
                        int(reach[i]) // 50,
                        int(reach[i]) // 500,
                        str(brands[i]),
                        str(labels[i]),
                    )
                )
            cursor.executemany(INSERT, rows)
        raw.commit()
    finally:
        raw.close()
    with session_scope(session_factory(engine)) as session:
        kpi_repo.rebuild_rollups(
            session=session, team_id=TEAM, start=start, end=NOW + timedelta(hours=1)
        )
        kpi_target_repo.set_target(
            session=session,
            team_id=TEAM,
            metric="mentions",
            value=130,
            now=NOW - timedelta(days=20),
        )
    return time.perf_counter() - started


@contextmanager
def serving(deps: Deps) -> Iterator[str]:
    """The production WSGI app under waitress on a free port."""
    server = waitress.create_server(
        build_web(build_app(deps), deps, ROUTES), host="127.0.0.1", port=0, threads=8
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}/slack/events"
    finally:
        server.close()


def timed_request(sender: Signer, stub: SlackStub) -> float:
    """Milliseconds from a signed `/kpi today` to its reply at the response_url."""
    seen = stub.responses
    started = time.perf_counter()
    reply = sender.command("/kpi", "today")
    if reply.status != 200 or not stub.wait_for(lambda: stub.responses > seen, 10):
        raise SystemExit(f"status {reply.status}, no reply at the response_url")
    elapsed = (time.perf_counter() - started) * 1000
    if "Mentions" not in stub.last_response.get("text", ""):
        raise SystemExit(f"unexpected reply: {stub.last_response}")
    return elapsed


def deps_for(workdir: Path, stub: SlackStub, count: int) -> tuple[Deps, float]:
    """A filled database of `count` mentions and the app's dependencies on it."""
    engine = make_engine(f"sqlite:///{workdir / f'kpi-{count}.db'}")
    create_schema(engine)
    load_seconds = fill(engine, count)
    settings = Settings(slack_bot_token=TOKEN, slack_signing_secret=SECRET, slack_api_url=stub.url)
    deps = Deps(
        settings,
        CONFIG,
        session_factory(engine),
        FrozenClock(NOW),
        WebGateway(make_client(TOKEN, stub.url)),
        TEAM,
        PROVIDERS,
    )
    return deps, load_seconds


def run_sizes(workdir: Path, sizes: list[int], requests: int) -> dict[int, dict[str, float]]:
    """Serve every size at once and alternate requests between them, so that background load
    on the machine falls on all sizes alike."""
    with running_slack() as stub, ExitStack() as stack:
        senders, loads, times = {}, {}, {}
        for count in sizes:
            deps, loads[count] = deps_for(workdir, stub, count)
            senders[count] = Signer(stack.enter_context(serving(deps)), SECRET, stub)
            times[count] = []
        for n in range(WARMUP + requests):
            for count in sizes:
                elapsed = timed_request(senders[count], stub)
                if n >= WARMUP:
                    times[count].append(elapsed)
    return {
        c: {
            "load_s": loads[c],
            "p50": float(np.percentile(t, 50)),
            "p99": float(np.percentile(t, 99)),
            "max": max(t),
        }
        for c, t in times.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--sizes", type=int, nargs=2, default=[10_000, 1_000_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = run_sizes(Path(tmp), args.sizes, args.requests)
    small, large = (results[c] for c in args.sizes)
    p50_ratio, p99_ratio = large["p50"] / small["p50"], large["p99"] / small["p99"]
    rows = [
        f"| {c:,} | {r['p50']:.1f} | {r['p99']:.1f} | {r['max']:.1f} | {r['load_s']:.1f} |"
        for c, r in results.items()
    ]
    verdict = "met" if large["p99"] < 300 and p99_ratio < 1.5 else "NOT met"
    markdown = "\n".join(
        [
            "## KPI latency (`bench/kpi_latency.py`)",
            "",
            "Signed `/kpi today` to the HTTP endpoint (waitress, production mode), timed until "
            "the "
            f"ephemeral reply reaches the response_url; {args.requests} requests per size after "
            f"{WARMUP} warm-up ones, alternating between the sizes (both served at once); mentions "
            f"over one year, three brands, one SQLite file per size.",
            "",
            "| stored mentions | p50 ms | p99 ms | max ms | load + roll-up s |",
            "|---|---|---|---|---|",
            *rows,
            "",
            f"{args.sizes[1]:,}/{args.sizes[0]:,} ratio: p50 {p50_ratio:.2f}, p99 {p99_ratio:.2f}. "
            f"Goal (p99 < 300 ms, ratio < 1.5): **{verdict}**.",
        ]
    )
    print(markdown)
    write_section("kpi", markdown)


if __name__ == "__main__":
    main()
