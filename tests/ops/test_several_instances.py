"""Several `vahti run` processes on one database do every effect exactly once, one killed mid-run.

Three processes on one PostgreSQL schema (two on one SQLite file) start together on an empty
database, so they also race the migrations. Then: the scheduled checklists (every process runs
the catch-up at start), clicks sent twice to two processes at once, one process killed with
SIGKILL while its message update is in flight and replaced, and a crisis alert. The fake Slack's
recorded calls show each post, click and alert once.
"""

from __future__ import annotations

import json
import signal
import threading
import time
import urllib.request
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from bot.db import make_engine
from bot.ids import ActionId
from tests.fakes.slack_api import FakeSlack
from tests.fakes.vahti_process import VahtiProcess, wait_until

pytestmark = pytest.mark.slow
INGEST_TOKEN = "e2e-ingest"


def _rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        engine.dispose()


def _top_level_posts(fake: FakeSlack, event_type: str) -> Counter[str]:
    """How many times each keyed message was posted (not thread replies, not refused calls)."""
    keys: Counter[str] = Counter()
    for call in fake.calls_of("chat.postMessage"):
        meta = call.args.get("metadata") or {}
        if meta.get("event_type") == event_type and "__failed__" not in call.args:
            keys[meta["event_payload"]["key"]] += 1
    return keys


def _done_buttons(fake: FakeSlack) -> list[str]:
    daily = next(
        c.args
        for c in fake.calls_of("chat.postMessage")
        if ":daily:" in ((c.args.get("metadata") or {}).get("event_payload") or {}).get("key", "")
    )
    return [
        e["value"]
        for b in daily["blocks"]
        if b.get("type") == "actions"
        for e in b["elements"]
        if e["action_id"] == ActionId.CHECKLIST_DONE
    ]


def _updates(fake: FakeSlack) -> list[dict[str, Any]]:
    return [c.args for c in fake.calls_of("chat.update") if "__failed__" not in c.args]


def _click_twice(first: VahtiProcess, second: VahtiProcess, value: str) -> None:
    """The same click reaching two processes at once (a double click, or Slack retrying)."""
    replies: list[int] = []

    def send(process: VahtiProcess) -> None:
        replies.append(process.sender().block_action(ActionId.CHECKLIST_DONE, value).status)

    threads = [threading.Thread(target=send, args=(p,)) for p in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    assert replies == [200, 200]


def _post_crisis_mention(process: VahtiProcess) -> None:
    item = {
        "id": "urn:post:recall-1",
        "source": "x",
        "created_at": datetime.now(UTC).isoformat(),
        "author": "@angry_customer",
        "text": "Northwind Coffee recall: the beans made my whole family sick",
        "reach": 50_000,
    }
    req = urllib.request.Request(
        f"http://127.0.0.1:{process.port}/mentions",
        data=json.dumps([item]).encode(),
        headers={"Authorization": f"Bearer {INGEST_TOKEN}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req, timeout=20) as resp:
        assert json.loads(resp.read())["stored"] == 1


@pytest.mark.parametrize(
    ("backend", "count"), [("sqlite", 2), pytest.param("postgres", 3, marks=pytest.mark.postgres)]
)
def test_several_instances_post_click_and_alert_exactly_once(
    backend: str, count: int, tmp_path: Path, fake_slack: FakeSlack, request: pytest.FixtureRequest
) -> None:
    url = (
        f"sqlite:///{tmp_path / 'vahti.db'}"
        if backend == "sqlite"
        else str(request.getfixturevalue("pg_url"))
    )

    def process(name: str) -> VahtiProcess:
        return VahtiProcess(
            url, fake_slack, tmp_path, name, env={"VAHTI_INGEST_TOKEN": INGEST_TOKEN}
        )

    procs = [process(f"v{i}") for i in range(count)]
    try:
        for p in procs:  # together, on an empty database
            p.start()
        for p in procs:
            p.wait_healthy()

        # Scheduled posts: every process ran the catch-up at start; each checklist went out once.
        assert wait_until(lambda: all(p.ran("checklists.catch_up") for p in procs), 40)
        posted = _top_level_posts(fake_slack, "vahti_checklist")
        runs = _rows(url, "SELECT run_key FROM checklist_run WHERE ts IS NOT NULL")
        assert len(runs) >= 3 and set(posted) == {k for (k,) in runs}
        assert set(posted.values()) == {1}

        # Clicks: each reaches two processes at once; the third one's update is in flight when
        # its process is killed.
        buttons, alive = _done_buttons(fake_slack), list(procs)
        victim = procs[0]
        for n, value in enumerate(buttons):
            before = len(_updates(fake_slack))
            if n == 2:
                fake_slack.delay_next("chat.update", 2)
                arrived = fake_slack.arrived.count("chat.update")
                assert victim.sender().block_action(ActionId.CHECKLIST_DONE, value).status == 200
                assert fake_slack.wait_for(
                    lambda a=arrived: fake_slack.arrived.count("chat.update") > a
                )
                victim.signal(signal.SIGKILL)
                victim.wait(timeout=10)
                alive.remove(victim)
            else:
                _click_twice(alive[n % len(alive)], alive[(n + 1) % len(alive)], value)
            assert fake_slack.wait_for(lambda b=before: len(_updates(fake_slack)) > b, timeout=20)

        # A replacement starts; the alert waits for it: a crisis term arrives first.
        _post_crisis_mention(alive[0])
        replacement = process(f"v{count}")
        procs.append(replacement)
        replacement.start().wait_healthy()
        assert wait_until(lambda: replacement.ran("checklists.catch_up"), 40)
        assert wait_until(lambda: _top_level_posts(fake_slack, "vahti_incident"), 70)
        time.sleep(1.5)  # long enough for a duplicate update or alert to show up

        assert _top_level_posts(fake_slack, "vahti_checklist") == posted  # nothing posted again
        assert list(_top_level_posts(fake_slack, "vahti_incident").values()) == [1]
        done = _rows(url, "SELECT item_id FROM checklist_completion WHERE done")
        assert len(done) == len(buttons) == len({i for (i,) in done})
        daily_updates = _updates(fake_slack)
        assert len(daily_updates) == len(buttons)  # one message update per click
        total = len(buttons)
        assert f"{total} of {total} done" in json.dumps(daily_updates[-1]["blocks"])
        assert _rows(url, "SELECT count(*) FROM mention") == [(1,)]
    finally:
        for p in procs:
            p.stop()
    assert all(p.proc is not None and p.proc.returncode == 0 for p in procs if p is not victim)
