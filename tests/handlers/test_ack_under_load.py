"""Acks never wait behind follow-up work, however much of it is stuck (issue 11).

The app runs as `vahti run` serves it (production mode, waitress, the real follow-up pool) and
every query on the mention tables blocks on a gate, as behind a huge store or a busy import.
A burst of clicks and commands, more than bolt has listener threads, must all be answered 200
while that work is still blocked, and the blocked work must sit in the follow-up pool only: had
any of it run before the ack or on the listener threads, more would be blocked, or the burst
would stall with it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import waitress
from sqlalchemy import event

from bot.app import LISTENER_THREADS, build_app
from bot.background import Background
from bot.cli.run import WAITRESS_THREADS
from bot.clock import FrozenClock
from bot.config import VahtiConfig
from bot.db import create_schema, make_engine
from bot.deps import Deps
from bot.features import ROUTES
from bot.ids import ActionId
from bot.live.cache import LiveCache
from bot.web import build_web
from jobs.checklists import post_due_checklists
from tests.fakes.deps import SECRET, make_deps
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import Reply, SlackSender

BURST = 40
WORKERS = 4  # Background's default, as `vahti run` has it
MENTION_TABLES = re.compile(r"\bmention")


class Gate:
    """Holds every query on the mention tables until opened; counts the queries it holds."""

    def __init__(self) -> None:
        self.opened = threading.Event()
        self.opened.set()
        self.held = 0
        self.changed = threading.Condition()

    def before_query(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if self.opened.is_set() or not MENTION_TABLES.search(statement):
            return
        with self.changed:
            self.held += 1
            self.changed.notify_all()
        self.opened.wait(30)
        with self.changed:
            self.held -= 1
            self.changed.notify_all()

    def wait_held(self, count: int) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.held >= count, 10)


@pytest.fixture
def gate() -> Gate:
    return Gate()


@pytest.fixture
def served(
    tmp_path: Path, fake_slack: FakeSlack, clock: FrozenClock, config: VahtiConfig, gate: Gate
) -> Iterator[tuple[Deps, SlackSender]]:
    """Production deps on a SQLite file (many threads at once) behind waitress."""
    engine = make_engine(f"sqlite:///{tmp_path / 'vahti.db'}")
    create_schema(engine)
    event.listen(engine, "before_cursor_execute", gate.before_query)
    pool = Background(WORKERS)
    deps = replace(
        make_deps(engine, fake_slack, clock, config),
        background=pool,
        live_cache=LiveCache(ttl=timedelta(0)),  # every re-render computes its live lines
    )
    web = build_web(build_app(deps), deps, ROUTES)
    server = waitress.create_server(web, host="127.0.0.1", port=0, threads=WAITRESS_THREADS)
    threading.Thread(target=server.run, daemon=True).start()
    try:
        yield (
            deps,
            SlackSender(
                f"http://127.0.0.1:{server.effective_port}/slack/events", SECRET, fake_slack
            ),
        )
    finally:
        gate.opened.set()
        pool.shutdown()
        server.close()
        engine.dispose()


def done_buttons(fake: FakeSlack, title: str) -> list[str]:
    """The Done values of every item of the posted checklist whose text names `title`."""
    msg = next(c.args for c in fake.calls_of("chat.postMessage") if title in c.args["text"])
    return [
        e["value"]
        for b in msg["blocks"]
        if str(b.get("block_id", "")).startswith("item:")
        for e in b["elements"]
        if e["action_id"] == ActionId.CHECKLIST_DONE
    ]


def test_burst_is_acknowledged_while_follow_up_work_is_blocked(
    served: tuple[Deps, SlackSender], fake_slack: FakeSlack, gate: Gate
) -> None:
    deps, send = served
    assert post_due_checklists(deps) >= 2
    buttons = done_buttons(fake_slack, "Daily") + done_buttons(fake_slack, "Weekly")
    assert len(buttons) >= 8
    gate.opened.clear()

    requests = [lambda v=v: send.block_action(ActionId.CHECKLIST_DONE, v) for v in buttons]
    commands = [("/kpi", "today"), ("/pulse", "advocates"), ("/checklist", "daily")]
    while len(requests) < BURST:
        command, text = commands[len(requests) % len(commands)]
        requests.append(lambda c=command, t=text: send.command(c, t))
    assert BURST > LISTENER_THREADS

    with ThreadPoolExecutor(BURST) as senders:
        replies: list[Reply] = list(senders.map(lambda request: request(), requests))

    assert [r.status for r in replies] == [200] * BURST
    assert gate.wait_held(1)
    assert gate.held <= WORKERS  # what is blocked is the follow-up pool's work, nothing else
    assert not fake_slack.calls_of("chat.update")
    gate.opened.set()
    assert fake_slack.wait_for(lambda: len(fake_slack.calls_of("chat.update")) >= 2, timeout=10)
    assert fake_slack.wait_for(lambda: len(fake_slack.responses) == BURST - len(buttons), 10)
