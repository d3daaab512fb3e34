"""`/checklist`: show (or post) this period's checklist, history, help."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.blocks.checklists import replies as checklist_extra
from bot.domain.command_args import CHECKLIST_USAGE, UsageError, parse_checklist, usage_text
from bot.i18n import Translator
from bot.services.checklists import queries as checklist_queries
from handlers.context import after_ack, deps_of, translator_of


def render(shown: checklist_queries.Shown, t: Translator) -> str:
    """The ephemeral answer to `/checklist CADENCE`."""
    cadence = shown.cadence.value
    match shown:
        case checklist_queries.NotWorkingDay():
            return checklist_extra.not_working_day_reply(cadence, t)
        case checklist_queries.BeingPosted():
            return checklist_extra.being_posted_reply(cadence, t)
        case checklist_queries.Posted(_, link, existed):
            return checklist_extra.posted_reply(cadence, link, existed, t)


def checklist_command(
    ack: Ack, command: dict[str, Any], respond: Respond, context: BoltContext
) -> None:
    """Parse, then answer: usage goes back in the ack, slow work after it."""
    t = translator_of(context)
    try:
        request = parse_checklist(command.get("text", ""))
    except UsageError as exc:
        ack(response_type="ephemeral", text=exc.reply(t))
        return
    if request.action == "help":
        ack(response_type="ephemeral", text=usage_text(CHECKLIST_USAGE, t))
        return
    ack()
    deps = deps_of(context)

    def answer_after_ack() -> None:
        if request.action == "history":
            blocks, text = checklist_extra.history(checklist_queries.history(deps), t)
            respond(response_type="ephemeral", text=text, blocks=blocks)
            return
        assert request.cadence is not None
        respond(
            response_type="ephemeral", text=render(checklist_queries.show(deps, request.cadence), t)
        )

    after_ack(context, "/checklist", answer_after_ack)


def register(app: App) -> None:
    app.command("/checklist")(checklist_command)
