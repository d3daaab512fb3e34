"""Checklist surfaces through the signed HTTP endpoint and the fake Slack API."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.clock import FrozenClock
from bot.deps import Deps
from bot.ids import ActionId, BlockId, CallbackId, ItemRef
from jobs.checklists import post_due_checklists
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackSender


def posted_daily(deps: Deps, fake: FakeSlack, clock: FrozenClock) -> dict:
    clock.set(datetime(2026, 11, 3, 7, 0, tzinfo=UTC))
    post_due_checklists(deps)
    return next(c.args for c in fake.calls_of("chat.postMessage") if "Daily" in c.args["text"])


def button_value(message: dict, action_id: str, item_id: str) -> str:
    for block in message["blocks"]:
        if block.get("block_id") == f"item:{item_id}":
            return next(e["value"] for e in block["elements"] if e["action_id"] == action_id)
    raise AssertionError(f"no {action_id} for {item_id}")


def test_done_click_recorded_once_and_message_updated(
    deps, fake_slack, clock, send: SlackSender
) -> None:
    msg = posted_daily(deps, fake_slack, clock)
    value = button_value(msg, ActionId.CHECKLIST_DONE, "crisis_check")
    assert send.block_action(ActionId.CHECKLIST_DONE, value, user="U0BOB").status == 200
    assert (
        send.block_action(ActionId.CHECKLIST_DONE, value, user="U0BOB").status == 200
    )  # double click
    retry = send.block_action(
        ActionId.CHECKLIST_DONE, value, user="U0BOB", headers={"X-Slack-Retry-Num": "1"}
    )
    assert retry.status == 200
    updates = fake_slack.calls_of("chat.update")
    assert len(updates) == 1
    blocks = json.dumps(updates[0].args["blocks"])
    assert "1 of 6 done" in blocks and "Done by <@U0BOB> at 09:00" in blocks
    assert ActionId.CHECKLIST_UNDO.value in blocks


def test_undo_reopens_the_item(deps, fake_slack, clock, send: SlackSender) -> None:
    msg = posted_daily(deps, fake_slack, clock)
    send.block_action(
        ActionId.CHECKLIST_DONE, button_value(msg, ActionId.CHECKLIST_DONE, "publish")
    )
    value = ItemRef.decode(button_value(msg, ActionId.CHECKLIST_DONE, "publish")).encode()
    send.block_action(ActionId.CHECKLIST_UNDO, value)
    send.block_action(ActionId.CHECKLIST_UNDO, value)
    updates = fake_slack.calls_of("chat.update")
    assert len(updates) == 2
    assert "0 of 6 done" in json.dumps(updates[-1].args["blocks"])


def test_note_through_the_modal_is_escaped(deps, fake_slack, clock, send: SlackSender) -> None:
    msg = posted_daily(deps, fake_slack, clock)
    value = button_value(msg, ActionId.CHECKLIST_NOTE, "advocates")
    send.block_action(ActionId.CHECKLIST_NOTE, value)
    view = fake_slack.last("views.open").args["view"]
    assert view["callback_id"] == CallbackId.CHECKLIST_NOTE and view["private_metadata"] == value
    note = {
        BlockId.NOTE_INPUT: {
            BlockId.NOTE_TEXT: {
                "type": "plain_text_input",
                "value": "<!channel> ask @maija & <@U999> about it",
            }
        }
    }
    assert send.view_submission(CallbackId.CHECKLIST_NOTE, value, note).status == 200
    assert send.view_submission(CallbackId.CHECKLIST_NOTE, value, note).status == 200  # resubmitted
    updates = fake_slack.calls_of("chat.update")
    assert len(updates) == 1
    shown = json.dumps(updates[0].args["blocks"])
    assert "&lt;!channel&gt; ask @maija &amp; &lt;@U999&gt; about it" in shown
    assert "<!channel>" not in shown


def test_empty_note_is_refused_in_the_modal(deps, fake_slack, clock, send: SlackSender) -> None:
    msg = posted_daily(deps, fake_slack, clock)
    value = button_value(msg, ActionId.CHECKLIST_NOTE, "advocates")
    empty = {BlockId.NOTE_INPUT: {BlockId.NOTE_TEXT: {"type": "plain_text_input", "value": "   "}}}
    reply = send.view_submission(CallbackId.CHECKLIST_NOTE, value, empty)
    assert reply.json() == {
        "response_action": "errors",
        "errors": {"note_input": "Write a note first."},
    }
    assert fake_slack.calls_of("chat.update") == []


def test_checklist_command_posts_once_then_links(
    deps, fake_slack, clock, send: SlackSender
) -> None:
    clock.set(datetime(2026, 11, 3, 6, 0, tzinfo=UTC))  # 08:00 local, before the schedule
    assert send.command("/checklist", "daily").status == 200
    assert send.command("/checklist", "daily").status == 200
    clock.set(datetime(2026, 11, 3, 7, 0, tzinfo=UTC))
    post_due_checklists(deps)
    daily = [c for c in fake_slack.calls_of("chat.postMessage") if "Daily" in c.args["text"]]
    assert len(daily) == 1
    replies = [r["text"] for r in fake_slack.responses]
    assert replies[0].startswith("Posted this period's daily checklist")
    assert replies[1].startswith("This period's daily checklist is already posted")
    assert "fake.slack.com/archives" in replies[1]


def test_checklist_command_on_a_weekend_says_there_is_none(
    deps, fake_slack, clock, send: SlackSender
) -> None:
    clock.set(datetime(2026, 11, 7, 9, 0, tzinfo=UTC))  # a Saturday
    assert send.command("/checklist", "daily").status == 200
    assert fake_slack.calls_of("chat.postMessage") == []
    assert [r["text"] for r in fake_slack.responses] == [
        "Today is not a working day, so there is no daily checklist for it."
    ]


def test_bad_checklist_argument_gets_usage(send: SlackSender, fake_slack) -> None:
    reply = send.command("/checklist", "dialy <!here>")
    body = reply.json()
    assert body["response_type"] == "ephemeral"
    assert (
        "I don't know `dialy &lt;!here&gt;`" in body["text"]
        and "/checklist daily|weekly" in body["text"]
    )
    assert fake_slack.calls_of("chat.postMessage") == []


def test_checklist_history(deps, fake_slack, clock, send: SlackSender) -> None:
    msg = posted_daily(deps, fake_slack, clock)
    send.block_action(
        ActionId.CHECKLIST_DONE, button_value(msg, ActionId.CHECKLIST_DONE, "publish")
    )
    send.command("/checklist", "history")
    text = json.dumps(fake_slack.responses[-1]["blocks"])
    assert "1/6" in text and "Daily" in text and "Weekly" in text


def test_unsigned_and_stale_requests_get_401(send: SlackSender, fake_slack) -> None:
    assert (
        send.post(
            "command=%2Fchecklist&text=daily", "application/x-www-form-urlencoded", signed=False
        ).status
        == 401
    )
    stale = send.post(
        "command=%2Fchecklist&text=daily", "application/x-www-form-urlencoded", timestamp=1_000_000
    )
    assert stale.status == 401
    assert fake_slack.calls == []


def test_foreign_item_reference_gets_friendly_reply(
    deps, fake_slack, clock, send: SlackSender
) -> None:
    posted_daily(deps, fake_slack, clock)
    send.block_action(ActionId.CHECKLIST_DONE, ItemRef(999, "publish").encode())
    assert fake_slack.calls_of("chat.update") == []
    assert "no longer available" in fake_slack.responses[-1]["text"]


def test_app_home_shows_progress(deps, fake_slack, clock, send: SlackSender) -> None:
    posted_daily(deps, fake_slack, clock)
    send.event({"type": "app_home_opened", "user": "U0ALICE", "channel": "D1", "tab": "home"})
    view = fake_slack.last("views.publish").args["view"]
    assert "0 of 6 done" in json.dumps(view["blocks"])
