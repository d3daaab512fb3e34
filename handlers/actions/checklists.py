"""Checklist buttons: Done, Undo and Add note."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.blocks.checklists.replies import note_modal
from bot.ids import ActionId, ItemRef
from bot.services.checklists import runs as checklists
from handlers.context import deps_of, team_of, translator_of


def _set_done(
    action: dict[str, Any], body: dict[str, Any], context: BoltContext, done: bool
) -> None:
    ref = ItemRef.decode(action["value"])
    checklists.set_done(deps_of(context), ref, team_of(body, context), body["user"]["id"], done)


def complete_item(
    ack: Ack, action: dict[str, Any], body: dict[str, Any], context: BoltContext
) -> None:
    ack()
    _set_done(action, body, context, done=True)


def reopen_item(
    ack: Ack, action: dict[str, Any], body: dict[str, Any], context: BoltContext
) -> None:
    ack()
    _set_done(action, body, context, done=False)


def open_note(ack: Ack, action: dict[str, Any], body: dict[str, Any], context: BoltContext) -> None:
    """Open the note modal at once: the trigger_id expires three seconds after the click."""
    ack()
    deps, ref = deps_of(context), ItemRef.decode(action["value"])
    title = checklists.item_title(deps, ref, team_of(body, context))
    deps.gateway.open_view(body["trigger_id"], note_modal(ref, title, translator_of(context)))


def register(app: App) -> None:
    app.action(ActionId.CHECKLIST_DONE.value)(complete_item)
    app.action(ActionId.CHECKLIST_UNDO.value)(reopen_item)
    app.action(ActionId.CHECKLIST_NOTE.value)(open_note)
