"""Checklist surfaces besides the message: the note modal, history and command replies."""

from __future__ import annotations

from typing import Any

from bot.blocks.common import Block, header, progress_bar, section
from bot.escape import escape_mrkdwn, truncate
from bot.ids import BlockId, CallbackId, ItemRef

NOTE_MAX = 2000


def note_modal(ref: ItemRef, item_title: str) -> dict[str, Any]:
    """The modal that takes a note on one item; the ids ride in private_metadata."""
    return {
        "type": "modal",
        "callback_id": CallbackId.CHECKLIST_NOTE,
        "private_metadata": ref.encode(),
        "title": {"type": "plain_text", "text": "Add a note"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            section(f"*{escape_mrkdwn(truncate(item_title, 200))}*"),
            {
                "type": "input",
                "block_id": BlockId.NOTE_INPUT,
                "label": {"type": "plain_text", "text": "Note"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": BlockId.NOTE_TEXT,
                    "multiline": True,
                    "max_length": NOTE_MAX,
                    "placeholder": {"type": "plain_text", "text": "What did you find or decide?"},
                },
            },
        ],
    }


def history(rows: dict[str, list[tuple[str, int, int]]]) -> tuple[list[Block], str]:
    """Completion per cadence over its last periods: (label, done, total) newest first."""
    blocks: list[Block] = [header("Checklist history")]
    for cadence, periods in rows.items():
        if not periods:
            blocks.append(section(f"*{cadence.title()}*: nothing posted yet."))
            continue
        complete = sum(1 for _, d, t in periods if t and d >= t)
        lines = [
            f"`{progress_bar(d / t if t else 0, 8)}` {d}/{t} · {escape_mrkdwn(label)}"
            for label, d, t in periods
        ]
        blocks.append(
            section(
                f"*{cadence.title()}*: {complete} of the last {len(periods)} complete\n"
                + "\n".join(lines)
            )
        )
    return blocks, "Checklist history"


def posted_reply(cadence: str, link: str | None, existed: bool) -> str:
    """The ephemeral answer to `/checklist CADENCE`."""
    where = f"<{link}|Open it>" if link else "It is in the checklist channel."
    return (
        f"This period's {cadence} checklist is already posted. {where}"
        if existed
        else (f"Posted this period's {cadence} checklist. {where}")
    )
