"""Checklist buttons: Done, Undo and Add note."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.blocks.checklists.message import saved_stale
from bot.blocks.checklists.replies import note_modal
from bot.ids import ActionId, ItemRef
from bot.services.checklists import runs as checklists
from handlers.context import deps_of, team_of, translator_of


def _set_done(
    action: dict[str, Any], body: dict[str, Any], context: BoltContext, done: bool
) -> None:
    deps, ref, respond = deps_of(context), ItemRef.decode(action["value"]), context.respond

    def tell_saved() -> None:  # Slack refused the update: the tick is saved all the same
        text = saved_stale(translator_of(context))
        if respond is not None:
            respond(response_type="ephemeral", replace_original=False, text=text)

    user = body["user"]["id"]
    checklists.set_done(deps, ref, team_of(body, context), user, done, on_stale=tell_saved)


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
