"""The note modal's submission: empty notes are refused in the modal, others saved once."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.ids import BlockId, CallbackId, ItemRef
from bot.services.checklists.runs import NoteInput, save_note
from handlers.context import deps_of, team_of, translator_of


def note_submitted(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    value = view["state"]["values"][BlockId.NOTE_INPUT][BlockId.NOTE_TEXT].get("value") or ""
    if not value.strip():
        ack(
            response_action="errors",
            errors={
                BlockId.NOTE_INPUT.value: translator_of(context).gettext("Write a note first.")
            },
        )
        return
    ack()
    note = NoteInput(
        ItemRef.decode(view["private_metadata"]),
        team_of(body, context),
        body["user"]["id"],
        value.strip(),
        view["id"],
    )
    save_note(deps_of(context), note)


def register(app: App) -> None:
    app.view(CallbackId.CHECKLIST_NOTE.value)(note_submitted)
