"""Crisis alert controls: Acknowledge, I own this, Assign, Severity, Note, Resolve, False alarm."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.blocks.crisis.replies import text_modal
from bot.blocks.crisis.signals import title
from bot.ids import ActionId, IncidentRef, SeverityChoice
from bot.services.crisis import actions as crisis_actions
from bot.services.crisis.actions import Click
from handlers.context import deps_of, team_of, translator_of


def _click(
    incident_id: int, action: dict[str, Any], body: dict[str, Any], ctx: BoltContext
) -> Click:
    trigger = str(action.get("action_ts") or body.get("trigger_id") or "")
    return Click(incident_id, team_of(body, ctx), body["user"]["id"], trigger)


def _button(action: dict[str, Any], body: dict[str, Any], context: BoltContext) -> Click:
    return _click(IncidentRef.decode(action["value"]).incident_id, action, body, context)


def acknowledge_incident(
    ack: Ack, action: dict[str, Any], body: dict[str, Any], context: BoltContext
) -> None:
    ack()
    crisis_actions.acknowledge(deps_of(context), _button(action, body, context))


def own_incident(
    ack: Ack, action: dict[str, Any], body: dict[str, Any], context: BoltContext
) -> None:
    ack()
    click = _button(action, body, context)
    crisis_actions.assign(deps_of(context), click, click.user_id)


def assign_incident(
    ack: Ack, action: dict[str, Any], body: dict[str, Any], context: BoltContext
) -> None:
    """The users menu: the incident rides in the actions block's id."""
    ack()
    click = _click(IncidentRef.decode(action["block_id"]).incident_id, action, body, context)
    crisis_actions.assign(deps_of(context), click, str(action["selected_user"]))


def set_incident_severity(
    ack: Ack, action: dict[str, Any], body: dict[str, Any], context: BoltContext
) -> None:
    ack()
    choice = SeverityChoice.decode(action["selected_option"]["value"])
    click = _click(choice.incident_id, action, body, context)
    crisis_actions.set_severity(deps_of(context), click, choice.severity)


def mark_false_alarm(
    ack: Ack, action: dict[str, Any], body: dict[str, Any], context: BoltContext
) -> None:
    ack()
    crisis_actions.close(deps_of(context), _button(action, body, context), false_alarm=True)


def _open_modal(
    action: dict[str, Any], body: dict[str, Any], context: BoltContext, resolve: bool
) -> None:
    """Open at once: the trigger_id expires three seconds after the click."""
    deps, ref, t = deps_of(context), IncidentRef.decode(action["value"]), translator_of(context)
    view = crisis_actions.incident_view(deps, ref.incident_id, team_of(body, context))
    deps.gateway.open_view(body["trigger_id"], text_modal(ref, resolve, title(view, t), t))


def open_incident_note(
    ack: Ack, action: dict[str, Any], body: dict[str, Any], context: BoltContext
) -> None:
    ack()
    _open_modal(action, body, context, resolve=False)


def open_incident_resolve(
    ack: Ack, action: dict[str, Any], body: dict[str, Any], context: BoltContext
) -> None:
    ack()
    _open_modal(action, body, context, resolve=True)


def register(app: App) -> None:
    app.action(ActionId.CRISIS_ACK.value)(acknowledge_incident)
    app.action(ActionId.CRISIS_OWN.value)(own_incident)
    app.action(ActionId.CRISIS_ASSIGN.value)(assign_incident)
    app.action(ActionId.CRISIS_SEVERITY.value)(set_incident_severity)
    app.action(ActionId.CRISIS_FALSE_ALARM.value)(mark_false_alarm)
    app.action(ActionId.CRISIS_NOTE.value)(open_incident_note)
    app.action(ActionId.CRISIS_RESOLVE.value)(open_incident_resolve)
