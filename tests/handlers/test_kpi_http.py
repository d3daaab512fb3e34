"""`/kpi` through signed requests: reports, set, log, usage, the chart upload and the log modal."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from bot.clock import FrozenClock
from bot.db import session_scope
from bot.deps import Deps
from bot.ids import ActionId, BlockId, CallbackId
from models.kpi.tables import KpiLog, KpiTarget
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackSender
from tests.kpi_data import history, mention, store


def last_reply(fake: FakeSlack) -> str:
    assert fake.responses, "no reply reached the response_url"
    body = fake.responses[-1]
    return body.get("text", "") + json.dumps(body.get("blocks") or [])


def line_of(fake: FakeSlack, label: str) -> str:
    section = next(b for b in fake.responses[-1]["blocks"] if b["type"] == "section")
    return next(line for line in section["text"]["text"].split("\n") if f"*{label}*" in line)


def rows(deps: Deps, model: type) -> list:
    with session_scope(deps.sessions) as session:
        return list(session.execute(select(model)).scalars())


def test_help_and_bad_input_answer_with_usage_in_the_ack(
    deps, fake_slack, send: SlackSender
) -> None:
    help_reply = send.command("/kpi", "help").json()
    assert (
        help_reply["response_type"] == "ephemeral" and "/kpi log METRIC VALUE" in help_reply["text"]
    )
    for text, problem in [
        ("set likes 3", "I don't know the metric `likes`"),
        ("set mentions many", "`many` is not a number"),
        ("2026-02-30", "is not a date"),
        ("log mentions 3", "is worked out from mentions"),
        ("fortnight", "I don't know `fortnight`"),
    ]:
        reply = send.command("/kpi", text).json()
        assert reply["response_type"] == "ephemeral"
        assert problem in reply["text"] and "share_of_voice" in reply["text"], text
    assert fake_slack.responses == [] and rows(deps, KpiTarget) == []


def test_set_twice_stores_one_target_and_today_shows_it(
    deps, fake_slack, send: SlackSender
) -> None:
    store(deps.sessions, [mention(datetime(2026, 11, 3, 6, 30, tzinfo=UTC)) for _ in range(30)])
    assert send.command("/kpi", "set mentions 120").status == 200
    assert "now 120 a day" in last_reply(fake_slack)
    send.command("/kpi", "set mentions 120")
    assert "already 120" in last_reply(fake_slack)
    assert [(t.metric, t.value, t.set_by) for t in rows(deps, KpiTarget)] == [
        ("mentions", 120, "U0ALICE")
    ]
    send.command("/kpi", "today")
    assert fake_slack.responses[-1]["response_type"] == "ephemeral"
    line = line_of(fake_slack, "Mentions")
    assert line.startswith("*Mentions* 30 · target 120 (50 by now)")
    assert "behind -20" in line  # 10:00 with no history: 10/24 of 120 is expected by now
    assert "KPIs · today" in last_reply(fake_slack)


def test_log_then_today_shows_the_value_and_a_second_log_replaces_it(
    deps, fake_slack, send: SlackSender
) -> None:
    send.command("/kpi", "set new_followers 40")
    send.command("/kpi", "log new_followers 42")
    send.command("/kpi", "log new_followers 42")  # fired twice
    assert "already 42" in last_reply(fake_slack)
    send.command("/kpi", "today")
    assert "*New followers* 42 · target 40" in line_of(fake_slack, "New followers")
    send.command("/kpi", "log followers 35 2026-11-03")
    logs = rows(deps, KpiLog)
    assert [(x.metric, x.value, x.source) for x in logs] == [("new_followers", 35, "slack")]
    send.command("/kpi", "today")
    assert "35 · target 40" in line_of(fake_slack, "New followers")
    assert "behind -5" in line_of(fake_slack, "New followers")


def test_a_past_day_uses_the_target_then_in_force(
    deps, fake_slack, clock: FrozenClock, send: SlackSender
) -> None:
    clock.set(datetime(2026, 11, 1, 9, 0, tzinfo=UTC))
    send.command("/kpi", "set mentions 100")
    clock.set(datetime(2026, 11, 3, 8, 0, tzinfo=UTC))
    send.command("/kpi", "set mentions 150")
    store(deps.sessions, [mention(datetime(2026, 11, 2, 10, 0, tzinfo=UTC)) for _ in range(95)])
    send.command("/kpi", "2026-11-02")
    assert "KPIs · Mon 2 Nov 2026" in last_reply(fake_slack)
    assert line_of(fake_slack, "Mentions").startswith("*Mentions* 95 · target 100 · typical")
    assert "on track -5" in line_of(fake_slack, "Mentions")
    send.command("/kpi", "today")
    assert "target 150" in line_of(fake_slack, "Mentions")
    assert len(rows(deps, KpiTarget)) == 2


def test_typical_by_this_hour_from_the_same_weekday(deps, fake_slack, send: SlackSender) -> None:
    for weeks in range(1, 5):  # four earlier Tuesdays, from local midnight (DST ended on 25 Oct)
        day = date(2026, 11, 3) - timedelta(weeks=weeks)
        store(deps.sessions, history(datetime.combine(day, time(), deps.config.tz), 1, 2))
    store(deps.sessions, [mention(datetime(2026, 11, 3, 7, 10, tzinfo=UTC)) for _ in range(5)])
    send.command("/kpi", "today")
    # Two per hour since midnight: 20 by 10:00 on a typical Tuesday.
    assert "*Mentions* 5 · no target · typical 20" in line_of(fake_slack, "Mentions")
    assert "the same weekday of the last 8 weeks (4 with data)" in last_reply(fake_slack)


def test_week_and_month_upload_a_chart_after_the_reply(deps, fake_slack, send: SlackSender) -> None:
    store(deps.sessions, [mention(datetime(2026, 11, 2, 10, tzinfo=UTC))])
    send.command("/kpi", "set mentions 10")
    send.command("/kpi", "week")
    assert "KPIs · this week" in last_reply(fake_slack)
    methods = [c.method for c in fake_slack.calls if c.method.startswith(("files.", "upload"))]
    assert methods == ["files.getUploadURLExternal", "upload", "files.completeUploadExternal"]
    complete = fake_slack.last("files.completeUploadExternal").args
    assert complete["channel_id"] == "C0CMD"
    file_id = complete["files"][0]["id"]
    assert fake_slack.uploads[file_id].startswith(b"\x89PNG")
    send.command("/kpi", "month")
    assert len(fake_slack.calls_of("files.completeUploadExternal")) == 2
    send.command("/kpi", "today")
    assert len(fake_slack.calls_of("files.completeUploadExternal")) == 2  # no chart for a day


def test_chart_refused_by_slack_gets_a_note(deps, fake_slack, send: SlackSender) -> None:
    fake_slack.fail_next("files.getUploadURLExternal", status=200, error="not_in_channel")
    send.command("/kpi", "week")
    assert "invite me" in fake_slack.responses[-1]["text"]


def test_log_modal_opens_and_stores_once(deps, fake_slack, send: SlackSender) -> None:
    send.block_action(ActionId.KPI_LOG_OPEN, "log")
    view = fake_slack.last("views.open").args["view"]
    assert view["callback_id"] == CallbackId.KPI_LOG
    date_input = next(b for b in view["blocks"] if b["block_id"] == BlockId.KPI_DATE)
    assert date_input["element"]["initial_date"] == "2026-11-03"

    def values(value: str, day: str) -> dict:
        metric = {"type": "static_select", "selected_option": {"value": "purchase_opportunities"}}
        return {
            BlockId.KPI_METRIC: {BlockId.KPI_METRIC: metric},
            BlockId.KPI_VALUE: {BlockId.KPI_VALUE: {"type": "plain_text_input", "value": value}},
            BlockId.KPI_DATE: {BlockId.KPI_DATE: {"type": "datepicker", "selected_date": day}},
        }

    bad = send.view_submission(CallbackId.KPI_LOG, "", values("several", "2026-11-02")).json()
    assert bad["response_action"] == "errors" and "not a number" in bad["errors"]["kpi_value"]
    future = send.view_submission(CallbackId.KPI_LOG, "", values("3", "2026-12-02")).json()
    assert "in the future" in future["errors"]["kpi_date"]
    for _ in range(2):  # resubmitted
        assert send.view_submission(CallbackId.KPI_LOG, "", values("3", "2026-11-02")).status == 200
    logs = rows(deps, KpiLog)
    assert [(x.metric, x.value, str(x.day), x.source) for x in logs] == [
        ("purchase_opportunities", 3, "2026-11-02", "modal")
    ]


def test_typical_falls_back_to_every_recent_day(deps, fake_slack, send: SlackSender) -> None:
    for day in (date(2026, 11, 1), date(2026, 11, 2)):  # no earlier Tuesday has data
        store(deps.sessions, history(datetime.combine(day, time(), deps.config.tz), 1, 1))
    send.command("/kpi", "today")
    assert "*Mentions* 0 · no target · typical 10" in line_of(fake_slack, "Mentions")
    assert "every day of the last 28 days (2 with data)" in last_reply(fake_slack)
