"""The crisis note and resolve modals: empty text is refused in the modal, the rest saved once."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.ids import BlockId, CallbackId, IncidentRef
from bot.services.crisis import actions as crisis_actions
from bot.services.crisis.actions import Click
from handlers.context import deps_of, team_of, translator_of


def _submitted(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> Click | None:
    """Ack the submission (with an error when empty); the click for a valid one."""
    value = view["state"]["values"][BlockId.CRISIS_TEXT_INPUT][BlockId.CRISIS_TEXT].get("value")
    if not (value or "").strip():
        ack(
            response_action="errors",
            errors={
                BlockId.CRISIS_TEXT_INPUT.value: translator_of(context).gettext(
                    "Write something first."
                )
            },
        )
        return None
    ack()
    ref = IncidentRef.decode(view["private_metadata"])
    return Click(ref.incident_id, team_of(body, context), body["user"]["id"], str(view["id"]))


def _text(view: dict[str, Any]) -> str:
    return str(
        view["state"]["values"][BlockId.CRISIS_TEXT_INPUT][BlockId.CRISIS_TEXT]["value"]
    ).strip()


def note_submitted(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    click = _submitted(ack, body, view, context)
    if click is not None:
        crisis_actions.add_note(deps_of(context), click, _text(view))


def resolve_submitted(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    click = _submitted(ack, body, view, context)
    if click is not None:
        summary = " ".join(_text(view).split())
        crisis_actions.close(deps_of(context), click, false_alarm=False, summary=summary)


def register(app: App) -> None:
    app.view(CallbackId.CRISIS_NOTE.value)(note_submitted)
    app.view(CallbackId.CRISIS_RESOLVE.value)(resolve_submitted)
