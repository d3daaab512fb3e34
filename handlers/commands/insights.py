"""`/pulse`: advocates, detractors, share of voice, campaigns, activation, top content, the year."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack, App, BoltContext, Respond

from bot.blocks.insights import replies as blocks
from bot.charts.insights import Chart, campaign_chart, sov_chart
from bot.domain.command_args import UsageError, usage_text
from bot.domain.insights.args import PULSE_USAGE, parse_pulse
from bot.domain.insights.share_of_voice import ShareOfVoice
from bot.domain.insights.year_review import YearReview
from bot.i18n import N_, Translator
from bot.services.insights import pulse
from handlers.context import after_ack, deps_of, team_of, translator_of

CHART_FAILED = N_(
    "I could not post the chart in this channel (`{error}`); invite me to it and ask again."
)


def render(found: pulse.PulseAnswer, tz: ZoneInfo, t: Translator) -> blocks.Message:
    """The reply's blocks and fallback text."""
    match found:
        case pulse.Authors(profiles, side, period, brand):
            return blocks.authors_message(profiles, side, period, tz, brand, t)
        case ShareOfVoice():
            return blocks.sov_message(found, t)
        case pulse.Campaigns(reports):
            return blocks.campaigns_message(reports, t)
        case pulse.Activation(metrics, period, brand):
            return blocks.activation_message(metrics, period, brand, t)
        case pulse.TopContent(posts, period, brand):
            return blocks.top_message(posts, period, brand, t)
        case YearReview():
            return blocks.year_message(found, t)


def chart_of(found: pulse.PulseAnswer, t: Translator) -> Chart | None:
    """Share of voice and campaigns come with a chart when there is something to draw."""
    if isinstance(found, ShareOfVoice) and found.total:
        return sov_chart(found, t)
    if isinstance(found, pulse.Campaigns) and found.reports:
        return campaign_chart(found.reports, t)
    return None


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
        found = pulse.answer(deps, team_of(command, context), request)
        reply_blocks, text = render(found, deps.config.tz, t)
        chart = chart_of(found, t)
        respond(response_type="ephemeral", text=text, blocks=reply_blocks)
        if chart is not None:
            error = pulse.share_chart(deps, command["channel_id"], chart)
            if error is not None:
                note = t.gettext(CHART_FAILED).format(error=error)
                respond(response_type="ephemeral", replace_original=False, text=note)

    after_ack(context, "/pulse", answer_after_ack)


def register(app: App) -> None:
    app.command("/pulse")(pulse_command)
