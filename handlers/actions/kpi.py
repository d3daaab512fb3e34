"""The "Log a value" button under a KPI report opens the log modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.ids import ActionId
from bot.services.kpi.commands import log_modal
from handlers.context import deps_of


def open_log_modal(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    deps.gateway.open_view(body["trigger_id"], log_modal(deps))


def register(app: App) -> None:
    app.action(ActionId.KPI_LOG_OPEN.value)(open_log_modal)
