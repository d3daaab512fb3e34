"""Messages in the feed channel become mentions, through signed Events API requests."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.config import VahtiConfig
from tests.fakes.slack_requests import SlackSender

FEED = "C0FEED"


@pytest.fixture
def config() -> VahtiConfig:
    return VahtiConfig.model_validate(
        {
            "timezone": "Europe/Helsinki",
            "channels": {"checklists": "C0CHECK", "alerts": "C0ALERT", "feed": FEED},
            "brand": {"name": "Northwind Coffee", "keywords": ["northwind"]},
        }
    )


def stored(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        sql = (
            "SELECT external_id, source, text, url, brand, label, team_id FROM mention ORDER BY id"
        )
        return [tuple(r) for r in conn.execute(text(sql))]


def message(ts: str, body: str, channel: str = FEED, **extra: object) -> dict[str, object]:
    return {
        "type": "message",
        "channel": channel,
        "user": "U0POSTER",
        "text": body,
        "ts": ts,
        "channel_type": "channel",
        **extra,
    }


def test_message_stored_once_despite_retries(send: SlackSender, engine: Engine) -> None:
    event = message(
        "1793700000.000100", "Love the new northwind roast! &lt;3 <https://x.com/kim/status/9>"
    )
    assert send.event(event, event_id="Ev100").status == 200
    assert send.event(event, event_id="Ev100", retry_num=1).status == 200
    assert send.event(event, event_id="Ev100", retry_num=2).status == 200
    assert stored(engine) == [
        (
            f"{FEED}:1793700000.000100",
            "twitter",
            "Love the new northwind roast! <3 https://x.com/kim/status/9",
            "https://x.com/kim/status/9",
            "Northwind Coffee",
            "positive",
            "T0001",
        )
    ]


def test_bot_message_from_a_listening_tool_is_accepted(send: SlackSender, engine: Engine) -> None:
    post = {
        "title": "Northwind recall?!",
        "text": "Awful, mold in my cold brew",
        "title_link": "https://www.facebook.com/posts/1",
        "author_name": "Lee",
    }
    event = message(
        "1793700001.000200",
        "",
        subtype="bot_message",
        bot_id="B0BRAND24",
        username="Brand24",
        attachments=[post],
    )
    event.pop("user")
    assert send.event(event, event_id="Ev200").status == 200
    rows = stored(engine)
    assert len(rows) == 1
    assert rows[0][1:5] == (
        "facebook",
        "Northwind recall?!\nAwful, mold in my cold brew",
        "https://www.facebook.com/posts/1",
        "Northwind Coffee",
    )
    assert rows[0][5] == "negative"


@pytest.mark.parametrize(
    "event",
    [
        message("1793700002.000300", "northwind elsewhere", channel="C0OTHER"),
        message(
            "1793700003.000400",
            "",
            subtype="message_changed",
            message={"text": "northwind edited", "ts": "1793700000.000100"},
        ),
        message("1793700004.000500", "", subtype="message_deleted", deleted_ts="1793700000.000100"),
        message("1793700005.000600", "<@U0POSTER> has joined the channel", subtype="channel_join"),
    ],
)
def test_other_channels_edits_deletions_and_joins_are_ignored(
    send: SlackSender, engine: Engine, event: dict
) -> None:
    assert send.event(event, event_id="Ev300").status == 200
    assert stored(engine) == []


def test_two_distinct_messages_are_two_mentions(send: SlackSender, engine: Engine) -> None:
    send.event(message("1793700010.000100", "northwind one"), event_id="Ev401")
    send.event(message("1793700011.000100", "northwind two"), event_id="Ev402")
    assert [row[0] for row in stored(engine)] == [
        f"{FEED}:1793700010.000100",
        f"{FEED}:1793700011.000100",
    ]
