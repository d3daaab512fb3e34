"""`/pulse`: advocates, detractors, share of voice, campaigns, activation, top content, the year."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.domain.command_args import UsageError, usage_text
from bot.domain.insights.args import PULSE_USAGE, parse_pulse
from bot.services.insights import pulse
from handlers.context import after_ack, deps_of, team_of, translator_of


def pulse_command(
    ack: Ack, command: dict[str, Any], respond: Respond, context: BoltContext
) -> None:
    """Usage goes back in the ack; the answer follows it, a chart (if any) last."""
    t = translator_of(context)
    try:
        request = parse_pulse(command.get("text", ""))
    except UsageError as exc:
        ack(response_type="ephemeral", text=exc.reply(t))
        return
    if request.topic == "help":
        ack(response_type="ephemeral", text=usage_text(PULSE_USAGE, t))
        return
    ack()
    deps = deps_of(context)

    def answer_after_ack() -> None:
        reply = pulse.answer(deps, team_of(command, context), request)
        respond(response_type="ephemeral", text=reply.text, blocks=reply.blocks)
        if reply.chart is not None:
            note = pulse.share_chart(deps, command["channel_id"], reply.chart)
            if note is not None:
                respond(response_type="ephemeral", replace_original=False, text=note)

    after_ack(context, "/pulse", answer_after_ack)


def register(app: App) -> None:
    app.command("/pulse")(pulse_command)
