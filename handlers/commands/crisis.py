"""`/crisis`: open incidents, recent incidents with their outcome, help."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.domain.command_args import UsageError
from bot.domain.crisis.args import CRISIS_USAGE, parse_crisis
from bot.services.crisis import queries as crisis_queries
from handlers.context import after_ack, deps_of


def crisis_command(
    ack: Ack, command: dict[str, Any], respond: Respond, context: BoltContext
) -> None:
    """Parse, then answer: usage goes back in the ack, the lists after it."""
    try:
        request = parse_crisis(command.get("text", ""))
    except UsageError as exc:
        ack(response_type="ephemeral", text=exc.reply())
        return
    if request.action == "help":
        ack(response_type="ephemeral", text=CRISIS_USAGE)
        return
    ack()
    deps = deps_of(context)

    def answer_after_ack() -> None:
        if request.action == "list":
            blocks, text = crisis_queries.recent_list(deps, request.days)
        else:
            blocks, text = crisis_queries.open_status(deps)
        respond(response_type="ephemeral", text=text, blocks=blocks)

    after_ack(context, "/crisis", answer_after_ack)


def register(app: App) -> None:
    app.command("/crisis")(crisis_command)
