"""Listeners of Slack's actions surface, one module per feature."""

from __future__ import annotations

from slack_bolt import App

from handlers.actions import checklists as checklist
from handlers.actions import crisis, kpi


def register(app: App) -> None:
    """Register this surface's listeners of every feature."""
    checklist.register(app)
    crisis.register(app)
    kpi.register(app)
