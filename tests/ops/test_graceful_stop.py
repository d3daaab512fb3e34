"""SIGTERM stops a busy `vahti run`: no new work, work in flight finished, a clean exit in time.

Each test starts the real process (HTTP mode, SQLite file, the fake Slack answering slowly) and
signals it while a Slack call is in flight.
"""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.ids import ActionId
from tests.fakes.slack_api import FakeSlack
from tests.fakes.vahti_process import VahtiProcess, wait_until

pytestmark = pytest.mark.slow
GRACE = 15.0


@pytest.fixture
def vahti(tmp_path: Path, fake_slack: FakeSlack) -> Iterator[VahtiProcess]:
    process = VahtiProcess(
        f"sqlite:///{tmp_path / 'vahti.db'}",
        fake_slack,
        tmp_path,
        extra_args=("--grace", str(GRACE)),
    )
    try:
        yield process
    finally:
        process.stop()


def _rows(tmp_path: Path, sql: str) -> list[tuple[object, ...]]:
    engine = create_engine(f"sqlite:///{tmp_path / 'vahti.db'}")
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        engine.dispose()


def _clean(vahti: VahtiProcess) -> list[str]:
    """The messages of the process's log; fails on an error or a traceback in it."""
    records = vahti.records()
    bad = [r for r in records if r["level"] in ("ERROR", "CRITICAL") or "exception" in r]
    assert not bad and "Traceback" not in vahti.log.read_text(), vahti.log.read_text()
    return [str(r["message"]) for r in records]


def _stopped_within(vahti: VahtiProcess, limit: float) -> tuple[int, float]:
    started = time.monotonic()
    vahti.signal(signal.SIGTERM)
    code = vahti.wait(timeout=limit + 10)
    return code, time.monotonic() - started


def test_sigterm_during_a_scheduled_post_finishes_it_and_exits(
    vahti: VahtiProcess, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    fake_slack.delay_next("chat.postMessage", 3)  # the catch-up's first post is slow
    vahti.start()
    assert fake_slack.wait_for(lambda: "chat.postMessage" in fake_slack.arrived, timeout=40)

    code, took = _stopped_within(vahti, GRACE)

    assert code == 0 and took < GRACE
    messages = _clean(vahti)
    assert messages.index("stopping") < messages.index("stopped")
    runs = _rows(tmp_path, "SELECT run_key, ts FROM checklist_run")
    # The job in flight finished its pass: every run it claimed is posted, once.
    assert runs and all(ts for _, ts in runs)
    posted = [m for m in fake_slack.messages if not m.get("thread_ts")]
    assert sorted(m["metadata"]["event_payload"]["key"] for m in posted) == sorted(
        k for k, _ in runs
    )


def _done_value(fake: FakeSlack) -> str:
    daily = next(m for m in fake.messages if "daily" in m["metadata"]["event_payload"]["key"])
    return next(
        e["value"]
        for b in daily["blocks"]
        if b.get("type") == "actions"
        for e in b["elements"]
        if e["action_id"] == ActionId.CHECKLIST_DONE
    )


def test_sigterm_during_a_click_answers_it_saves_it_and_updates_the_message(
    vahti: VahtiProcess, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    vahti.start().wait_healthy()
    assert wait_until(
        lambda: len(_rows(tmp_path, "SELECT id FROM checklist_run WHERE ts IS NOT NULL")) >= 3
    )
    fake_slack.delay_next("chat.update", 3)

    reply = vahti.sender().block_action(ActionId.CHECKLIST_DONE, _done_value(fake_slack))
    assert reply.status == 200
    assert fake_slack.wait_for(lambda: "chat.update" in fake_slack.arrived, timeout=10)
    code, took = _stopped_within(vahti, GRACE)

    assert code == 0 and took < GRACE
    _clean(vahti)
    assert _rows(tmp_path, "SELECT done FROM checklist_completion") == [(1,)]
    update = fake_slack.last("chat.update").args
    assert "1 of" in json.dumps(update["blocks"])


def test_a_second_sigterm_or_the_grace_running_out_exits_at_once(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    fake_slack.delay_next("chat.postMessage", 60)  # a post that will not finish in time
    fake_slack.delay_next("chat.postMessage", 60)
    first = VahtiProcess(
        f"sqlite:///{tmp_path / 'a.db'}", fake_slack, tmp_path, "a", ("--grace", "2")
    )
    second = VahtiProcess(
        f"sqlite:///{tmp_path / 'b.db'}", fake_slack, tmp_path, "b", ("--grace", "60")
    )
    try:
        first.start(), second.start()
        assert fake_slack.wait_for(lambda: fake_slack.arrived.count("chat.postMessage") == 2, 40)

        code, took = _stopped_within(first, 2)
        assert code == 1 and took < 6
        assert "stop grace ran out: exiting with work in flight" in [
            r["message"] for r in first.records()
        ]

        second.signal(signal.SIGTERM)
        time.sleep(0.5)
        started = time.monotonic()
        second.signal(signal.SIGTERM)
        assert second.wait(timeout=10) == 1 and time.monotonic() - started < 5
    finally:
        first.stop(), second.stop()
