"""Slack message markup undone, and a feed-channel message read as mention fields."""

from __future__ import annotations

import pytest

from bot.domain.mentions.slack_message import message_values, unescape_slack


@pytest.mark.parametrize(
    ("markup", "plain"),
    [
        ("Fish &amp; chips &lt;3 &gt; tea", "Fish & chips <3 > tea"),
        ("see <https://x.com/a/status/1>", "see https://x.com/a/status/1"),
        ("see <https://x.com/a/status/1|x.com/a/status/1>", "see https://x.com/a/status/1"),
        (
            "read <https://nw.example/p?a=1&amp;b=2|our post>",
            "read our post (https://nw.example/p?a=1&b=2)",
        ),
        ("hi <@U123> and <@U456|maija>", "hi @U123 and @maija"),
        ("in <#C123|social> <!here> <!subteam^S1|@comms>", "in #social @here @comms"),
        ("<mailto:a@b.fi|a@b.fi>", "a@b.fi"),
        ("", ""),
    ],
)
def test_unescape(markup: str, plain: str) -> None:
    assert unescape_slack(markup) == plain


def test_plain_message_with_a_tweet_link() -> None:
    link = "<https://x.com/kim/status/9|x.com/kim/status/9>"
    event = {
        "type": "message",
        "channel": "C0FEED",
        "ts": "1793700000.000100",
        "text": f"Northwind &amp; friends {link}",
    }
    assert message_values(event) == {
        "id": "C0FEED:1793700000.000100",
        "created_at": "1793700000.000100",
        "text": "Northwind & friends https://x.com/kim/status/9",
        "url": "https://x.com/kim/status/9",
        "author": "",
        "source": "twitter",
    }


@pytest.mark.parametrize(
    ("attachment", "source", "author"),
    [
        (
            {
                "title": "Northwind review",
                "title_link": "https://blog.example/r",
                "footer": "Brand24 · Instagram",
                "author_name": "kim",
            },
            "instagram",
            "kim",
        ),
        ({"text": "so good", "from_url": "https://www.reddit.com/r/coffee/1"}, "reddit", ""),
        ({"text": "an article", "title_link": "https://news.example/a"}, "news", ""),
        ({"text": "no link at all", "service_name": "X"}, "twitter", ""),
        ({"text": "no link, no label"}, "slack", ""),
    ],
)
def test_tool_attachments_give_text_link_and_network(
    attachment: dict, source: str, author: str
) -> None:
    event = {
        "subtype": "bot_message",
        "channel": "C0FEED",
        "ts": "1.2",
        "text": "",
        "attachments": [attachment],
    }
    values = message_values(event)
    assert values is not None
    assert (values["source"], values["author"]) == (source, author)
    assert values["text"] == "\n".join(
        str(attachment[k]) for k in ("title", "text") if k in attachment
    )


@pytest.mark.parametrize("subtype", ["message_changed", "message_deleted", "channel_join"])
def test_edits_deletions_and_joins_are_not_mentions(subtype: str) -> None:
    assert (
        message_values({"subtype": subtype, "channel": "C0FEED", "ts": "1.2", "text": "x"}) is None
    )
