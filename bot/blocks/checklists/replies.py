"""Checklist surfaces besides the message: the note modal, history and command replies."""

from __future__ import annotations

from typing import Any

from bot.blocks.common import Block, header, progress_bar, section
from bot.escape import escape_mrkdwn, truncate
from bot.i18n import ENGLISH, N_, Translator
from bot.ids import BlockId, CallbackId, ItemRef

NOTE_MAX = 2000


def note_modal(ref: ItemRef, item_title: str, t: Translator = ENGLISH) -> dict[str, Any]:
    """The modal that takes a note on one item; the ids ride in private_metadata."""
    _ = t.gettext
    return {
        "type": "modal",
        "callback_id": CallbackId.CHECKLIST_NOTE,
        "private_metadata": ref.encode(),
        "title": {"type": "plain_text", "text": _("Add a note")},
        "submit": {"type": "plain_text", "text": _("Save")},
        "close": {"type": "plain_text", "text": _("Cancel")},
        "blocks": [
            section(f"*{escape_mrkdwn(truncate(item_title, 200))}*"),
            {
                "type": "input",
                "block_id": BlockId.NOTE_INPUT,
                "label": {"type": "plain_text", "text": _("Note")},
                "element": {
                    "type": "plain_text_input",
                    "action_id": BlockId.NOTE_TEXT,
                    "multiline": True,
                    "max_length": NOTE_MAX,
                    "placeholder": {
                        "type": "plain_text",
                        "text": _("What did you find or decide?"),
                    },
                },
            },
        ],
    }


CADENCE_NAMES = {
    "daily": N_("Daily"),
    "weekly": N_("Weekly"),
    "monthly": N_("Monthly"),
    "yearly": N_("Yearly"),
}


def history(
    rows: dict[str, list[tuple[str, int, int]]], t: Translator = ENGLISH
) -> tuple[list[Block], str]:
    """Completion per cadence over its last periods: (label, done, total) newest first."""
    _ = t.gettext
    blocks: list[Block] = [header(_("Checklist history"))]
    for cadence, periods in rows.items():
        name = _(CADENCE_NAMES.get(cadence, cadence.title()))
        if not periods:
            blocks.append(section(_("*{cadence}*: nothing posted yet.").format(cadence=name)))
            continue
        complete = sum(1 for _p, d, n in periods if n and d >= n)
        lines = [
            f"`{progress_bar(d / n if n else 0, 8)}` {d}/{n} · {escape_mrkdwn(label)}"
            for label, d, n in periods
        ]
        head = _("*{cadence}*: {complete} of the last {n} complete").format(
            cadence=name, complete=complete, n=len(periods)
        )
        blocks.append(section(head + "\n" + "\n".join(lines)))
    return blocks, _("Checklist history")


CADENCE_WORDS = {
    "daily": N_("daily"),
    "weekly": N_("weekly"),
    "monthly": N_("monthly"),
    "yearly": N_("yearly"),
}


def not_working_day_reply(cadence: str, t: Translator = ENGLISH) -> str:
    """`/checklist CADENCE` on a day in no period of the cadence."""
    text = t.gettext("Today is not a working day, so there is no {cadence} checklist for it.")
    return text.format(cadence=t.gettext(CADENCE_WORDS.get(cadence, cadence)))


def being_posted_reply(cadence: str, t: Translator = ENGLISH) -> str:
    """`/checklist CADENCE` while the checklist is being posted."""
    text = t.gettext(
        "The {cadence} checklist is being posted right now; it will appear in a moment."
    )
    return text.format(cadence=t.gettext(CADENCE_WORDS.get(cadence, cadence)))


def posted_reply(cadence: str, link: str | None, existed: bool, t: Translator = ENGLISH) -> str:
    """The ephemeral answer to `/checklist CADENCE`."""
    _ = t.gettext
    where = (
        _("<{link}|Open it>").format(link=link) if link else _("It is in the checklist channel.")
    )
    kind = _(CADENCE_WORDS.get(cadence, cadence))
    text = (
        _("This period's {cadence} checklist is already posted. {where}")
        if existed
        else _("Posted this period's {cadence} checklist. {where}")
    )
    return text.format(cadence=kind, where=where)
