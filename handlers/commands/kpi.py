"""`/kpi`: today/week/month/a date, `set`, `log`, `help`; the week and month charts come after."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.blocks import kpi as blocks
from bot.blocks.common import Block
from bot.deps import Deps
from bot.domain.command_args import UsageError, usage_text
from bot.domain.kpi.args import parse_kpi
from bot.domain.kpi.metrics import KPI_USAGE, KPI_USAGE_VALUES, KpiPeriod
from bot.i18n import N_, Translator
from bot.services.kpi import reports as kpi
from bot.services.kpi.commands import KpiAnswer, TargetSet, ValueLogged, answer
from handlers.context import after_ack, deps_of, translator_of

CHART_FAILED = N_("I could not attach the chart here: invite me to this channel to get charts.")


def render(found: KpiAnswer, t: Translator) -> tuple[list[Block] | None, str]:
    """The reply's blocks (a report's; none for set and log) and its text."""
    if isinstance(found, TargetSet):
        return None, blocks.target_set_text(found.metric, found.value, found.changed, t)
    if isinstance(found, ValueLogged):
        return None, blocks.value_logged_text(
            found.metric, found.value, found.day, found.changed, t
        )
    return blocks.summary(found, t)


def send_chart(deps: Deps, period: KpiPeriod, channel: str, t: Translator) -> bool:
    """Render the week/month chart and upload it to `channel`; False when Slack refuses."""
    from bot.charts.kpi import render as draw  # matplotlib loads on the first chart only

    title = t.gettext("KPIs · {period}").format(period=blocks.period_label(period, t))
    png = draw(kpi.chart_series(deps, period), title, t)
    name = f"kpi-{period.kind}-{period.start:%Y-%m-%d}.png"
    return kpi.upload_chart(deps, channel, name, png, title)


def kpi_command(ack: Ack, command: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    """Usage goes back in the ack; the report follows it, the slow chart last."""
    deps, t = deps_of(context), translator_of(context)
    try:
        request = parse_kpi(command.get("text", ""), deps.clock.now(), deps.config.tz)
    except UsageError as exc:
        ack(response_type="ephemeral", text=exc.reply(t))
        return
    if request.action == "help":
        ack(response_type="ephemeral", text=usage_text(KPI_USAGE, t, KPI_USAGE_VALUES))
        return
    ack()

    def answer_after_ack() -> None:
        reply_blocks, text = render(answer(deps, request, command.get("user_id")), t)
        respond(response_type="ephemeral", text=text, blocks=reply_blocks)
        period = request.period
        charted = period is not None and period.kind in ("week", "month")
        if charted and period and not send_chart(deps, period, command["channel_id"], t):
            respond(response_type="ephemeral", replace_original=False, text=t.gettext(CHART_FAILED))

    after_ack(context, "/kpi", answer_after_ack)


def register(app: App) -> None:
    app.command("/kpi")(kpi_command)
