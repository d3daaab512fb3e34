"""`/crisis`: open incidents, recent incidents with their outcome, help."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.blocks.crisis.replies import list_reply, status_reply
from bot.domain.command_args import UsageError, usage_text
from bot.domain.crisis.args import CRISIS_USAGE, parse_crisis
from bot.services.crisis import queries as crisis_queries
from handlers.context import after_ack, deps_of, translator_of


def crisis_command(
    ack: Ack, command: dict[str, Any], respond: Respond, context: BoltContext
) -> None:
    """Parse, then answer: usage goes back in the ack, the lists after it."""
    t = translator_of(context)
    try:
        request = parse_crisis(command.get("text", ""))
    except UsageError as exc:
        ack(response_type="ephemeral", text=exc.reply(t))
        return
    if request.action == "help":
        ack(response_type="ephemeral", text=usage_text(CRISIS_USAGE, t))
        return
    ack()
    deps = deps_of(context)

    def answer_after_ack() -> None:
        if request.action == "list":
            blocks, text = list_reply(
                crisis_queries.recent_list(deps, request.days), request.days, t
            )
        else:
            blocks, text = status_reply(crisis_queries.open_status(deps), t)
        respond(response_type="ephemeral", text=text, blocks=blocks)

    after_ack(context, "/crisis", answer_after_ack)


def register(app: App) -> None:
    app.command("/crisis")(crisis_command)
