"""Small Block Kit pieces and Slack's limits, shared by every builder."""

from __future__ import annotations

import re
from typing import Any

from bot.escape import truncate

Block = dict[str, Any]

MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_BUTTON_TEXT = 75
MAX_CONTEXT_ELEMENTS = 10
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,20}$")


def user_ref(user_id: str | None) -> str:
    """A mention of a Slack user id, or a dash; anything that is not an id is not trusted."""
    return f"<@{user_id}>" if user_id and _USER_ID.match(user_id) else "—"


def header(text: str) -> Block:
    return {
        "type": "header",
        "text": {"type": "plain_text", "text": truncate(text, MAX_HEADER_TEXT), "emoji": True},
    }


def section(mrkdwn: str, accessory: Block | None = None, block_id: str | None = None) -> Block:
    block: Block = {
        "type": "section",
        "text": {"type": "mrkdwn", "text": truncate(mrkdwn, MAX_SECTION_TEXT)},
    }
    if accessory is not None:
        block["accessory"] = accessory
    if block_id is not None:
        block["block_id"] = block_id
    return block


def context(lines: list[str]) -> Block:
    """A context block; lines beyond Slack's ten elements are joined into the last one."""
    if len(lines) > MAX_CONTEXT_ELEMENTS:
        lines = [*lines[: MAX_CONTEXT_ELEMENTS - 1], "\n".join(lines[MAX_CONTEXT_ELEMENTS - 1 :])]
    return {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": truncate(t, MAX_SECTION_TEXT)} for t in lines],
    }


def button(text: str, action_id: str, value: str, style: str | None = None) -> Block:
    block: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": truncate(text, MAX_BUTTON_TEXT), "emoji": True},
        "action_id": action_id,
        "value": value,
    }
    if style is not None:
        block["style"] = style
    return block


def actions(elements: list[Block], block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": elements}
    if block_id is not None:
        block["block_id"] = block_id
    return block


def divider() -> Block:
    return {"type": "divider"}


def progress_bar(ratio: float, width: int = 10) -> str:
    """A bar of filled and empty squares for a ratio in [0, 1]."""
    filled = round(max(0.0, min(1.0, ratio)) * width)
    return "▰" * filled + "▱" * (width - filled)
