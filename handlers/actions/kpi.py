"""The "Log a value" button under a KPI report opens the log modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.blocks.kpi import log_modal
from bot.domain.kpi.metrics import LOGGABLE
from bot.ids import ActionId
from bot.services.kpi.commands import today
from handlers.context import deps_of, translator_of


def open_log_modal(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """The modal lists the loggable metrics and is dated today in the team's time zone."""
    ack()
    deps = deps_of(context)
    modal = log_modal(list(LOGGABLE), today(deps).isoformat(), translator_of(context))
    deps.gateway.open_view(body["trigger_id"], modal)


def register(app: App) -> None:
    app.action(ActionId.KPI_LOG_OPEN.value)(open_log_modal)
