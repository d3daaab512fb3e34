"""In production mode the HTTP answer comes at the ack; the Slack calls follow after it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from werkzeug.serving import make_server

from bot.app import build_app
from bot.background import Background
from bot.deps import Deps
from bot.features import ROUTES
from bot.ids import ActionId
from bot.web import build_web
from jobs.checklists import post_due_checklists
from tests.fakes.deps import SECRET
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackSender


@pytest.fixture
def production_deps(deps: Deps) -> Iterator[Deps]:
    """The fixture's deps with the real follow-up pool `vahti run` has."""
    pool = Background()
    yield replace(deps, background=pool)
    pool.shutdown()


@pytest.fixture
def production_send(production_deps: Deps, fake_slack: FakeSlack) -> Iterator[SlackSender]:
    deps = production_deps
    server = make_server("127.0.0.1", 0, build_web(build_app(deps), deps, ROUTES), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield SlackSender(f"http://127.0.0.1:{server.server_port}/slack/events", SECRET, fake_slack)
    finally:
        server.shutdown()


def test_click_is_acked_then_message_updated(
    production_deps: Deps, fake_slack: FakeSlack, clock, production_send
) -> None:
    deps = production_deps
    clock.set(datetime(2026, 11, 3, 7, 0, tzinfo=UTC))
    post_due_checklists(deps)
    msg = next(c.args for c in fake_slack.calls_of("chat.postMessage") if "Daily" in c.args["text"])
    value = next(
        e["value"]
        for b in msg["blocks"]
        if b.get("block_id") == "item:publish"
        for e in b["elements"]
        if e["action_id"] == ActionId.CHECKLIST_DONE
    )
    reply = production_send.block_action(ActionId.CHECKLIST_DONE, value)
    assert reply.status == 200 and reply.body == ""
    assert fake_slack.wait_for(lambda: bool(fake_slack.calls_of("chat.update")), timeout=10)
    assert "1 of 6 done" in str(fake_slack.last("chat.update").args["blocks"])
