"""Messages in the configured feed channel stored as mentions, one message at a time.

Called from the Events API listener. Bolt acknowledges the event before the listener runs
(unless the app processes before responding, as tests do), so scoring never delays the ack.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.deps import Deps
from bot.domain.mentions.record import RecordRules
from bot.domain.mentions.slack_message import message_values
from bot.services.mentions.files import Record
from bot.services.mentions.ingest import IngestReport, ingest, plan_for

SOURCE = "slack"


def is_feed_message(config_channel: str | None, event: Mapping[str, Any]) -> bool:
    """Whether `event` is a message in the feed channel.

    Events carry channel ids only, so `channels.feed` must be the id (C0123...), not a name.
    """
    return bool(config_channel) and event.get("channel") == config_channel


def store_feed_message(deps: Deps, team_id: str, event: Mapping[str, Any]) -> IngestReport | None:
    """Store the message as a mention; None when it is an edit, deletion or join."""
    values = message_values(event)
    if values is None:
        return None
    plan = plan_for(deps.config, team_id, RecordRules(source=SOURCE))
    return ingest([Record(0, values)], plan, deps.sessions, deps.clock)
