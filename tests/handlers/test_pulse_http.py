"""`/pulse` through signed requests: each answer, escaping, usage, and the chart uploads."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine

from bot.config import VahtiConfig
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackSender
from tests.insight_data import store

NOW = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)  # the conftest clock: Tuesday, 10:00 in Helsinki


@pytest.fixture
def config() -> VahtiConfig:
    return VahtiConfig.model_validate(
        {
            "timezone": "Europe/Helsinki",
            "channels": {"checklists": "C0CHECK", "alerts": "C0ALERT"},
            "brand": {"name": "Acme", "hashtags": ["#acme"]},
            "competitors": [{"name": "Rival"}],
            "campaigns": [
                {"name": "Autumn deal", "hashtags": ["autumndeal"], "start": "2026-10-13"},
                {"name": "Steady", "keywords": ["acme club"], "start": "2026-10-13"},
            ],
        }
    )


def reply_text(fake: FakeSlack) -> str:
    assert fake.responses, "no reply reached the response_url"
    body = fake.responses[-1]
    assert body["response_type"] == "ephemeral"
    return body.get("text", "") + json.dumps(body.get("blocks") or [], ensure_ascii=False)


def uploads(fake: FakeSlack) -> list[str]:
    return [c.method for c in fake.calls if c.method.startswith("files.") or c.method == "upload"]


def test_sov_answers_with_shares_then_uploads_one_chart(
    engine: Engine, fake_slack: FakeSlack, send: SlackSender
) -> None:
    rows = [{"at": NOW - timedelta(days=2, hours=i), "brands": ["Acme"]} for i in range(6)]
    rows += [{"at": NOW - timedelta(days=3, hours=i), "brands": ["Rival"]} for i in range(2)]
    rows += [{"at": NOW - timedelta(days=40), "brands": ["Rival"]}]  # the 30 days before
    rows += [{"at": NOW - timedelta(days=45), "brands": ["Acme"]}]
    store(engine, rows)
    assert send.command("/pulse", "sov").status == 200
    text = reply_text(fake_slack)
    assert "Share of voice · last 30 days" in text
    assert "*Acme* (you) 75% of mentions (+25 pp)" in text
    assert "*Rival* 25% of mentions (−25 pp)" in text
    assert uploads(fake_slack) == [
        "files.getUploadURLExternal",
        "upload",
        "files.completeUploadExternal",
    ]
    complete = fake_slack.last("files.completeUploadExternal").args
    assert complete["channel_id"] == "C0CMD"
    png = next(iter(fake_slack.uploads.values()))
    assert png.startswith(b"\x89PNG")
    assert len(fake_slack.responses) == 1


def test_advocates_escape_names_and_show_network_and_hour(
    engine: Engine, fake_slack: FakeSlack, send: SlackSender
) -> None:
    at = datetime(2026, 11, 1, 16, 0, tzinfo=UTC)  # 18:00 in Helsinki
    store(
        engine,
        [
            {
                "at": at,
                "author": "<!channel>",
                "label": "positive",
                "source": "instagram",
                "text": "love *it* <@U1>",
                "url": "https://ig/p/1",
                "engagement": 50,
            },
            {
                "at": at + timedelta(days=1),
                "author": "<!channel>",
                "label": "positive",
                "source": "x",
            },
            {"at": at, "author": "grump", "label": "negative"},
            {"at": at + timedelta(hours=1), "author": "grump", "label": "negative"},
        ],
    )
    send.command("/pulse", "advocates")
    text = reply_text(fake_slack)
    assert "Advocates of Acme · last 7 days" in text and "&lt;!channel&gt;" in text
    assert "<!channel>" not in text and "<@U1>" not in text and "&lt;@U1&gt;" in text
    assert "on instagram 1, x 1" in text and "usually ~18:00" in text
    assert "<https://ig/p/1|open>" in text and "grump" not in text
    send.command("/pulse", "detractors day")
    assert "Detractors of Acme · last 24 h" in reply_text(fake_slack)
    assert "No detractors found" in reply_text(fake_slack)  # grump posted two days ago
    send.command("/pulse", "detractors")
    assert "*grump*" in reply_text(fake_slack)
    assert uploads(fake_slack) == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("frobnicate <!here>", "I don't know `frobnicate &lt;!here&gt;`"),
        ("sov day", "`/pulse sov` does not take `day`. It takes `week` or `month`."),
        ("campaigns month", "`/pulse campaigns` does not take `month`."),
        ("advocates week now", "does not take `week now`"),
    ],
)
def test_bad_arguments_get_usage_in_the_ack(
    text: str, problem: str, fake_slack: FakeSlack, send: SlackSender
) -> None:
    body = send.command("/pulse", text).json()
    assert body["response_type"] == "ephemeral"
    assert problem in body["text"] and "/pulse advocates [day|week|month]" in body["text"]
    assert fake_slack.responses == [] and uploads(fake_slack) == []


@pytest.mark.parametrize("text", ["", "help"])
def test_help(text: str, send: SlackSender, fake_slack: FakeSlack) -> None:
    body = send.command("/pulse", text).json()
    assert body["response_type"] == "ephemeral" and "`/pulse sov [week|month]`" in body["text"]
    assert fake_slack.responses == []


def test_campaigns_show_shapes_and_sentiment_with_a_curve_chart(
    engine: Engine, fake_slack: FakeSlack, send: SlackSender
) -> None:
    start = datetime(2026, 10, 13, 9, 0, tzinfo=UTC)
    rows = []
    for day in range(21):  # 13 Oct - 2 Nov: complete days up to yesterday
        burst = {0: 40, 1: 20, 2: 5}.get(day, 0)
        rows += [
            {
                "at": start + timedelta(days=day, minutes=i),
                "label": "positive",
                "hashtags": ["autumndeal"],
            }
            for i in range(burst)
        ]
        rows += [
            {
                "at": start + timedelta(days=day, minutes=i),
                "label": "negative",
                "text": "Acme Club again",
            }
            for i in range(3)
        ]
    store(engine, rows)
    send.command("/pulse", "campaigns")
    text = reply_text(fake_slack)
    assert "*Autumn deal*: *burst and fade*" in text and "*Steady*: *sustained*" in text
    assert "*Autumn deal*: *people enjoy it*" in text
    assert "*Steady*: *people do not enjoy it*" in text
    assert uploads(fake_slack) == [
        "files.getUploadURLExternal",
        "upload",
        "files.completeUploadExternal",
    ]


def test_a_failed_chart_upload_gets_a_note(
    engine: Engine, fake_slack: FakeSlack, send: SlackSender
) -> None:
    store(engine, [{"at": NOW - timedelta(days=1), "brands": ["Acme"]}])
    fake_slack.fail_next("files.getUploadURLExternal", status=200, error="not_in_channel")
    send.command("/pulse", "sov week")
    assert "Share of voice · last 7 days" in fake_slack.responses[0]["text"]
    assert "not_in_channel" in fake_slack.responses[-1]["text"]
    assert len(fake_slack.responses) == 2


def test_activation_top_and_year(engine: Engine, fake_slack: FakeSlack, send: SlackSender) -> None:
    rows = [{"at": NOW - timedelta(days=20 + 7 * w), "hashtags": ["acme"]} for w in range(4)]
    rows += [
        {
            "at": NOW - timedelta(hours=5 + i),
            "author": "bob",
            "hashtags": ["deal"],
            "media": "video",
        }
        for i in range(12)
    ]
    rows += [
        {
            "at": NOW - timedelta(days=2),
            "author": "star",
            "engagement": 900,
            "text": "best post _ever_",
            "label": "positive",
        }
    ]
    store(engine, rows)
    send.command("/pulse", "activation")
    text = reply_text(fake_slack)
    assert "Hashtags: 12 this week vs usual 1" in text and "*unusual rise*, 100% from #deal" in text
    assert "Acme hashtags: 0 this week vs usual 1" in text
    assert "Videos: 12 this week vs usual 0 — *unusual rise*, 100% from author *bob*" in text
    send.command("/pulse", "top")
    assert "1. *star* on x · 900 engagement" in reply_text(fake_slack)
    send.command("/pulse", "year")
    text = reply_text(fake_slack)
    assert "Year in review · fiscal year 2026" in text and "Nov 2026: 13 mentions" in text
    assert uploads(fake_slack) == []
