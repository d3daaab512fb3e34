"""Listeners of Slack's commands surface, one module per feature."""

from __future__ import annotations

from slack_bolt import App

from handlers.commands import checklist, crisis, kpi, pulse


def register(app: App) -> None:
    """Register this surface's listeners of every feature."""
    checklist.register(app)
    crisis.register(app)
    kpi.register(app)
    pulse.register(app)
