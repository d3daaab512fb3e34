"""Listeners of Slack's commands surface, one module per feature."""

from __future__ import annotations

from slack_bolt import App

from handlers.commands import checklists as checklist
from handlers.commands import crisis, kpi
from handlers.commands import insights as pulse


def register(app: App) -> None:
    """Register this surface's listeners of every feature."""
    checklist.register(app)
    crisis.register(app)
    kpi.register(app)
    pulse.register(app)
