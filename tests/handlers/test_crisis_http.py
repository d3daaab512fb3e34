"""Crisis alert controls and /crisis through signed requests and the fake Slack API."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.clock import FrozenClock
from bot.config import VahtiConfig
from bot.db import session_scope
from bot.deps import Deps
from bot.domain.crisis.figures import Figures, Sample
from bot.ids import ActionId, BlockId, CallbackId, IncidentRef
from bot.services.crisis.incidents import Sighting, file_sighting
from bot.services.crisis.publish import publish
from models.crisis import incidents as alert_repo
from models.crisis.tables import Incident
from tests.crisis_streams import TEAM, crisis_config
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackSender

NOW = datetime(2026, 11, 3, 12, 0, tzinfo=UTC)
RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}


@pytest.fixture
def config() -> VahtiConfig:
    return crisis_config()


def open_incident(deps: Deps, clock: FrozenClock, brand: str = "Northwind") -> tuple[int, str]:
    """File and post one spike; returns its id and message ts."""
    clock.set(NOW)
    sample = Sample(
        "loud<@U1>", "<!channel> <@U123> *bold*", "https://x.com/a/1", "twitter", 900, 3
    )
    figures = Figures(observed=412, typical=38.0, ratio=10.8, window_minutes=60, samples=(sample,))
    sighting = Sighting(
        "volume_spike", brand, "", NOW, NOW + timedelta(minutes=10), "elevated", 10.8, figures
    )
    with session_scope(deps.sessions) as session:
        filed = file_sighting(session, TEAM, sighting, timedelta(minutes=60))
    assert filed is not None
    publish(deps)
    with session_scope(deps.sessions) as session:
        incident = alert_repo.get(session=session, team_id=TEAM, incident_id=filed.incident_id)
    assert incident is not None and incident.ts is not None
    return filed.incident_id, incident.ts


def stored(deps: Deps, incident_id: int) -> Incident:
    with session_scope(deps.sessions) as session:
        found = alert_repo.get(session=session, team_id=TEAM, incident_id=incident_id)
        assert found is not None
        return found


def events(deps: Deps, incident_id: int) -> list[str]:
    with session_scope(deps.sessions) as session:
        return [e.kind for e in alert_repo.events(session=session, incident_id=incident_id)]


def select_action(send: SlackSender, action: dict[str, Any], headers: dict | None = None) -> int:
    """A users_select or static_select choice, shaped as Slack sends it."""
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "acme"},
        "user": {"id": "U0BOB", "username": "u0bob", "team_id": TEAM},
        "api_app_id": "A0VAHTI",
        "token": "legacy",
        "trigger_id": "7.trigger",
        "container": {"type": "message", "message_ts": "1", "channel_id": "C0ALERT"},
        "channel": {"id": "C0ALERT", "name": "alerts"},
        "response_url": send.fake.response_url("sel"),
        "actions": [action | {"action_ts": action.get("action_ts", f"{time.time():.6f}")}],
    }
    return send.interactive(payload, headers).status


def last_blocks(fake: FakeSlack) -> str:
    return json.dumps(fake.last("chat.update").args["blocks"], ensure_ascii=False)


def test_acknowledge_once_through_double_clicks_and_retries(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock, send: SlackSender
) -> None:
    incident_id, ts = open_incident(deps, clock)
    value = IncidentRef(incident_id).encode()
    for headers in (None, None, RETRY):
        reply = send.block_action(
            ActionId.CRISIS_ACK,
            value,
            user="U0BOB",
            channel="C0ALERT",
            message_ts=ts,
            headers=headers,
        )
        assert reply.status == 200
    assert len(fake_slack.calls_of("chat.update")) == 1
    assert stored(deps, incident_id).state == "acknowledged"
    assert events(deps, incident_id).count("acknowledged") == 1
    shown = last_blocks(fake_slack)
    assert "*Acknowledged*" in shown and "<@U0BOB> acknowledged" in shown
    assert ActionId.CRISIS_ACK.value not in shown and ActionId.CRISIS_RESOLVE.value in shown


def test_own_assign_and_severity_each_change_once(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock, send: SlackSender
) -> None:
    incident_id, ts = open_incident(deps, clock)
    value = IncidentRef(incident_id).encode()
    send.block_action(ActionId.CRISIS_OWN, value, user="U0BOB", channel="C0ALERT", message_ts=ts)
    send.block_action(
        ActionId.CRISIS_OWN, value, user="U0BOB", channel="C0ALERT", message_ts=ts, headers=RETRY
    )
    assert stored(deps, incident_id).owner == "U0BOB"
    assert "owner <@U0BOB>" in last_blocks(fake_slack)
    assert ActionId.CRISIS_OWN.value not in last_blocks(fake_slack)
    assign = {
        "type": "users_select",
        "action_id": ActionId.CRISIS_ASSIGN.value,
        "block_id": value,
        "selected_user": "U0CAROL",
    }
    assert select_action(send, assign) == 200
    assert select_action(send, assign, RETRY) == 200
    assert stored(deps, incident_id).owner == "U0CAROL"
    assert "assigned it to <@U0CAROL>" in last_blocks(fake_slack)
    choice = {
        "type": "static_select",
        "action_id": ActionId.CRISIS_SEVERITY.value,
        "block_id": value,
        "selected_option": {
            "text": {"type": "plain_text", "text": "Crisis"},
            "value": f"isev:{incident_id}:crisis",
        },
    }
    assert select_action(send, choice) == 200
    assert select_action(send, choice) == 200
    incident = stored(deps, incident_id)
    assert (incident.severity, incident.severity_set_by) == ("crisis", "U0BOB")
    assert len(fake_slack.calls_of("chat.update")) == 3
    assert events(deps, incident_id).count("severity") == 1
    assert "severity *Crisis*" in last_blocks(fake_slack)


def note_values(text: str) -> dict[str, Any]:
    return {
        BlockId.CRISIS_TEXT_INPUT: {
            BlockId.CRISIS_TEXT: {"type": "plain_text_input", "value": text}
        }
    }


def test_note_modal_stores_once_and_shows_escaped(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock, send: SlackSender
) -> None:
    incident_id, ts = open_incident(deps, clock)
    value = IncidentRef(incident_id).encode()
    send.block_action(ActionId.CRISIS_NOTE, value, channel="C0ALERT", message_ts=ts)
    view = fake_slack.last("views.open").args["view"]
    assert view["callback_id"] == CallbackId.CRISIS_NOTE and view["private_metadata"] == value
    empty = send.view_submission(CallbackId.CRISIS_NOTE, value, note_values("  "), view_id="V1")
    assert empty.json()["response_action"] == "errors"
    for _ in range(2):
        reply = send.view_submission(
            CallbackId.CRISIS_NOTE, value, note_values("<!here> called *legal*"), view_id="V2"
        )
        assert reply.status == 200
    assert events(deps, incident_id).count("note") == 1
    assert len(fake_slack.calls_of("chat.update")) == 1
    shown = last_blocks(fake_slack)
    assert "&lt;!here&gt; called" in shown and "<!here>" not in shown


def test_resolve_with_summary_then_buttons_change_and_repeat_is_ignored(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock, send: SlackSender
) -> None:
    incident_id, ts = open_incident(deps, clock)
    value = IncidentRef(incident_id).encode()
    send.block_action(ActionId.CRISIS_RESOLVE, value, channel="C0ALERT", message_ts=ts)
    view = fake_slack.last("views.open").args["view"]
    assert view["callback_id"] == CallbackId.CRISIS_RESOLVE
    send.view_submission(
        CallbackId.CRISIS_RESOLVE,
        value,
        note_values("Launch day traffic"),
        user="U0BOB",
        view_id="V3",
    )
    send.view_submission(
        CallbackId.CRISIS_RESOLVE, value, note_values("Something else"), user="U0EVE", view_id="V4"
    )
    incident = stored(deps, incident_id)
    assert (incident.state, incident.summary, incident.resolved_by) == (
        "resolved",
        "Launch day traffic",
        "U0BOB",
    )
    assert len(fake_slack.calls_of("chat.update")) == 1
    shown = last_blocks(fake_slack)
    assert "*Resolved* by <@U0BOB>: Launch day traffic" in shown
    for gone in (
        ActionId.CRISIS_ACK,
        ActionId.CRISIS_RESOLVE,
        ActionId.CRISIS_FALSE_ALARM,
        ActionId.CRISIS_ASSIGN,
    ):
        assert gone.value not in shown
    assert ActionId.CRISIS_NOTE.value in shown
    send.block_action(ActionId.CRISIS_FALSE_ALARM, value, channel="C0ALERT", message_ts=ts)
    assert stored(deps, incident_id).state == "resolved"


def test_false_alarm_and_crisis_commands(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock, send: SlackSender
) -> None:
    first, ts = open_incident(deps, clock)
    open_incident(deps, clock, brand="Bluebird")
    for _ in range(2):
        send.block_action(
            ActionId.CRISIS_FALSE_ALARM,
            IncidentRef(first).encode(),
            channel="C0ALERT",
            message_ts=ts,
        )
    assert stored(deps, first).state == "false_alarm"
    assert events(deps, first).count("false_alarm") == 1
    send.command("/crisis", "status")
    status = json.dumps(fake_slack.responses[-1], ensure_ascii=False)
    assert "Open incidents (1)" in status and "Bluebird" in status and "Northwind" not in status
    send.command("/crisis", "list")
    listed = json.dumps(fake_slack.responses[-1], ensure_ascii=False)
    assert (
        "2 incidents in the last 30 days; 1 closed, 1 marked false alarm (100% of closed)" in listed
    )
    assert "False alarm" in listed
    help_reply = send.command("/crisis", "help").json()
    assert "/crisis status" in help_reply["text"]
    bad = send.command("/crisis", "panic <!here>").json()
    assert bad["response_type"] == "ephemeral"
    assert "I don't know `panic &lt;!here&gt;`" in bad["text"] and "/crisis list" in bad["text"]


def test_button_of_another_workspace_gets_a_friendly_answer(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock, send: SlackSender
) -> None:
    open_incident(deps, clock)
    send.block_action(ActionId.CRISIS_ACK, IncidentRef(999).encode(), channel="C0ALERT")
    assert "not in this workspace" in fake_slack.responses[-1]["text"]
    assert fake_slack.calls_of("chat.update") == []
