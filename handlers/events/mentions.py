"""The feed channel: messages a listening tool posts there become mentions.

This is the app's `message` listener. Bolt runs only the first listener that matches an event,
and an unhandled event gets a 404 that Slack retries, so every message event (`message.channels`
brings all channels the bot is in) is acknowledged here and only the feed channel's are stored.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from bot.services.mentions.feed_channel import is_feed_message, store_feed_message
from handlers.context import deps_of, team_of


def channel_message(body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
    deps = deps_of(context)
    if is_feed_message(deps.config.channels.feed, event):
        store_feed_message(deps, team_of(body, context), event)


def register(app: App) -> None:
    app.event("message")(channel_message)
