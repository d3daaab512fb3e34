"""The KPI log modal's submission: a bad value or date is shown in the modal, others stored."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.domain.command_args import UsageError
from bot.domain.kpi.metrics import parse_day, parse_metric, parse_value
from bot.i18n import ENGLISH, Translator
from bot.ids import BlockId, CallbackId
from bot.services.kpi.commands import log_from_modal, today
from bot.services.kpi.reports import ManualValue
from handlers.context import deps_of, translator_of


def _field(view: dict[str, Any], block: BlockId) -> dict[str, Any]:
    return dict(view["state"]["values"].get(block.value, {}).get(block.value) or {})


def read_form(
    view: dict[str, Any], today: date, user: str, t: Translator = ENGLISH
) -> ManualValue | dict[str, str]:
    """The submitted value, or the modal's error text per input block."""
    block = BlockId.KPI_METRIC
    try:
        metric = parse_metric((_field(view, block).get("selected_option") or {}).get("value", ""))
        block = BlockId.KPI_VALUE
        value = parse_value(metric, _field(view, block).get("value") or "")
        block = BlockId.KPI_DATE
        day = parse_day(_field(view, block).get("selected_date") or "", today)
    except UsageError as exc:
        return {block.value: exc.text(t).replace("`", "")}
    return ManualValue(metric, value, day, "modal", user)


def log_submitted(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    deps = deps_of(context)
    form = read_form(view, today(deps), body["user"]["id"], translator_of(context))
    if isinstance(form, dict):
        ack(response_action="errors", errors=form)
        return
    ack()
    log_from_modal(deps, form)


def register(app: App) -> None:
    app.view(CallbackId.KPI_LOG.value)(log_submitted)
