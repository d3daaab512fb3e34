"""Slack failing: one timed-out post does not stop the others, updates are retried (also on
`ratelimited` inside an HTTP 200), a message Slack refused is redrawn later, and the person who
clicked is told the truth."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from werkzeug.serving import make_server

from bot.app import build_app
from bot.clock import FrozenClock
from bot.config import VahtiConfig
from bot.db import session_scope
from bot.deps import Deps
from bot.features import ROUTES
from bot.ids import ActionId, ItemRef
from bot.services.checklists import runs
from bot.services.crisis.publish import publish
from bot.web import build_web
from jobs.checklists import catch_up_checklists, post_due_checklists
from models.checklists.tables import ChecklistCompletion, ChecklistRun
from models.crisis import incidents as incident_repo
from models.crisis.tables import Incident
from tests.fakes.deps import SECRET, make_deps
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackSender

MONDAY = datetime(2026, 11, 2, 7, 5, tzinfo=UTC)  # 09:05 Helsinki: daily, weekly and monthly due


@pytest.fixture
def live_send(deps: Deps, fake_slack: FakeSlack) -> Iterator[SlackSender]:
    """The app as `vahti run` serves it: the HTTP answer is the ack, the work follows."""
    server = make_server("127.0.0.1", 0, build_web(build_app(deps), deps, ROUTES), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield SlackSender(f"http://127.0.0.1:{server.server_port}/slack/events", SECRET, fake_slack)
    finally:
        server.shutdown()


def _told(fake: FakeSlack, count: int) -> str:
    assert fake.wait_for(lambda: len(fake.responses) >= count, timeout=10)
    reply = fake.responses[count - 1]
    assert reply["response_type"] == "ephemeral"
    return str(reply["text"])


def titles(fake: FakeSlack) -> list[str]:
    return sorted(m["blocks"][0]["text"]["text"] for m in fake.messages if not m.get("thread_ts"))


def test_a_timed_out_post_does_not_stop_the_others_and_never_posts_twice(
    engine: Engine, fake_slack: FakeSlack, clock: FrozenClock, config: VahtiConfig
) -> None:
    deps = make_deps(engine, fake_slack, clock, config, slack_timeout=1)
    clock.set(MONDAY)
    fake_slack.delay_next("chat.postMessage", 2.5)  # the first post: Slack answers too late
    post_due_checklists(deps)
    posted = list(fake_slack.calls_of("chat.postMessage"))
    assert len(posted) == 2  # the two others went out in the same pass
    # Slack posted the slow one anyway; its claim has no ts, so it is not posted again...
    assert fake_slack.wait_for(lambda: len(fake_slack.messages) == 3)
    clock.advance(timedelta(minutes=1))
    post_due_checklists(deps)
    assert len(fake_slack.messages) == 3 and _unposted(engine) == 1
    # ...and once the claim's lease has run out, the retry finds the message by its metadata.
    clock.advance(timedelta(minutes=5))
    post_due_checklists(deps)
    assert _unposted(engine) == 0
    assert titles(fake_slack) == [
        "Daily social media checklist",
        "Monthly social media checklist",
        "Weekly social media checklist",
    ]


def _unposted(engine: Engine) -> int:
    with Session(engine) as session:
        return sum(r.ts is None for r in session.exec(select(ChecklistRun)))


def _posted_daily(deps: Deps, clock: FrozenClock) -> ChecklistRun:
    clock.set(datetime(2026, 11, 3, 7, 0, tzinfo=UTC))
    post_due_checklists(deps)
    with Session(deps.sessions().get_bind()) as session:
        return session.exec(select(ChecklistRun).where(ChecklistRun.cadence == "daily")).one()


def _updates(fake: FakeSlack) -> list[dict]:
    return [c.args for c in fake.calls_of("chat.update")]


def test_update_ratelimited_inside_a_200_is_retried_with_backoff(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    run = _posted_daily(deps, clock)
    assert run.id is not None
    fake_slack.fail_next("chat.update", status=200, error="ratelimited", retry_after=None)
    assert runs.set_done(deps, ItemRef(run.id, "publish"), "T0001", "U1", True) is True
    calls = _updates(fake_slack)
    assert [c.get("__failed__") for c in calls] == [200, None]
    assert re.search(r"\b1 of \d+ done", json.dumps(calls[-1]["blocks"]))


def test_update_timing_out_is_retried(
    engine: Engine, fake_slack: FakeSlack, clock: FrozenClock, config: VahtiConfig
) -> None:
    deps = make_deps(engine, fake_slack, clock, config, slack_timeout=1)
    run = _posted_daily(deps, clock)
    assert run.id is not None
    fake_slack.delay_next("chat.update", 1.5)
    assert runs.set_done(deps, ItemRef(run.id, "publish"), "T0001", "U1", True) is True
    assert len(_updates(fake_slack)) >= 1  # the late one landed too: repeating it is harmless
    with session_scope(deps.sessions) as session:
        assert session.get(ChecklistRun, run.id).stale_since is None  # type: ignore[union-attr]


def _stale_since(deps: Deps, run_id: int) -> datetime | None:
    with session_scope(deps.sessions) as session:
        run = session.get(ChecklistRun, run_id)
        assert run is not None
        return run.stale_since


def test_refused_update_is_saved_told_truthfully_and_redrawn_by_the_catch_up(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock, live_send: SlackSender
) -> None:
    run = _posted_daily(deps, clock)
    assert run.id is not None
    for _ in range(4):  # the first try and the gateway's three retries
        fake_slack.fail_next("chat.update", status=200, error="ratelimited", retry_after=0)

    reply = live_send.block_action(ActionId.CHECKLIST_DONE, ItemRef(run.id, "publish").encode())

    assert reply.status == 200
    told = _told(fake_slack, 1)
    assert told.startswith("Saved.") and "will show your change" in told
    with session_scope(deps.sessions) as session:
        done = session.exec(select(ChecklistCompletion)).one()
        assert done.done and done.item_id == "publish"
    assert _stale_since(deps, run.id) is not None

    clock.advance(timedelta(minutes=10))
    catch_up_checklists(deps)
    assert re.search(r"\b1 of \d+ done", json.dumps(_updates(fake_slack)[-1]["blocks"]))
    assert _stale_since(deps, run.id) is None
    catch_up_checklists(deps)  # nothing stale any more: no further update
    assert len(_updates(fake_slack)) == 5


def test_a_success_drawn_before_a_newer_failure_keeps_the_run_stale(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    from models.checklists import runs as repo

    run = _posted_daily(deps, clock)
    assert run.id is not None
    with session_scope(deps.sessions) as session:
        repo.mark_stale(session=session, run_id=run.id, drawn_at=clock.now())
        repo.clear_stale(session=session, run_id=run.id, drawn_at=clock.now() - timedelta(1))
    assert _stale_since(deps, run.id) == clock.now()


def test_click_on_an_unknown_run_or_item_is_answered_at_once(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock, live_send: SlackSender
) -> None:
    run = _posted_daily(deps, clock)
    assert run.id is not None
    refs = (ItemRef(run.id + 99, "publish"), ItemRef(run.id, "no-such-item"))
    for n, ref in enumerate(refs, start=1):
        reply = live_send.block_action(ActionId.CHECKLIST_DONE, ref.encode())
        assert (reply.status, reply.body) == (200, "")
        assert "no longer available" in _told(fake_slack, n)
    assert _updates(fake_slack) == []


def _incident(deps: Deps, brand: str) -> int:
    now = deps.clock.now()
    values = {
        "team_id": deps.team_id,
        "key": f"term:{brand}",
        "kind": "crisis_term",
        "brand": brand,
        "subject": "recall",
        "severity": "crisis",
        "started_at": now,
        "last_seen_at": now,
    }
    with session_scope(deps.sessions) as session:
        incident, _ = incident_repo.open_incident(session=session, values=values)
        assert incident.id is not None
        return incident.id


def _incidents(deps: Deps) -> list[Incident]:
    with session_scope(deps.sessions) as session:
        return list(session.exec(select(Incident).order_by(Incident.id)))  # type: ignore[arg-type]


def test_crisis_post_timing_out_does_not_hold_back_the_next_incident(
    engine: Engine, fake_slack: FakeSlack, clock: FrozenClock, config: VahtiConfig
) -> None:
    deps = make_deps(engine, fake_slack, clock, config, slack_timeout=1)
    _incident(deps, "Acme"), _incident(deps, "Rival")
    fake_slack.delay_next("chat.postMessage", 2.5)
    publish(deps)
    assert [i.ts is not None for i in _incidents(deps)] == [False, True]
    assert fake_slack.wait_for(lambda: len(fake_slack.messages) == 2)
    clock.advance(timedelta(minutes=10))  # past the post lease: found by metadata, not reposted
    publish(deps)
    assert all(i.ts for i in _incidents(deps)) and len(fake_slack.messages) == 2


def test_crisis_update_refused_stays_due_and_is_redrawn_next_pass(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    incident_id = _incident(deps, "Acme")
    publish(deps)
    with session_scope(deps.sessions) as session:
        incident_repo.bump(session=session, incident_id=incident_id)
    for _ in range(4):
        fake_slack.fail_next("chat.update", status=200, error="ratelimited", retry_after=0)
    publish(deps)  # refused after the retries; logged, not raised
    shown = _incidents(deps)[0]
    assert shown.posted_version < shown.version
    publish(deps)
    shown = _incidents(deps)[0]
    assert shown.posted_version == shown.version
    assert [c.args.get("__failed__") for c in fake_slack.calls_of("chat.update")] == [
        200,
        200,
        200,
        200,
        None,
    ]


def test_every_coalesced_click_hears_how_the_shared_update_went() -> None:
    from bot.background import Background

    gate, heard = threading.Event(), []
    pool = Background(workers=1)
    try:
        pool.submit("block", lambda: gate.wait(5))  # keeps the only worker busy
        for n in range(3):
            pool.submit("checklist:1", lambda: "stale", then=lambda r, n=n: heard.append((n, r)))
        gate.set()
    finally:
        pool.shutdown(wait=True)
    assert sorted(heard) == [(0, "stale"), (1, "stale"), (2, "stale")]
