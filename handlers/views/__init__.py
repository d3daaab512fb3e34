"""Listeners of Slack's views surface, one module per feature."""

from __future__ import annotations

from slack_bolt import App

from handlers.views import checklists as checklist
from handlers.views import crisis
from handlers.views import kpi as kpi_log


def register(app: App) -> None:
    """Register this surface's listeners of every feature."""
    checklist.register(app)
    crisis.register(app)
    kpi_log.register(app)
