"""Listeners of Slack's events surface, one module per feature."""

from __future__ import annotations

from slack_bolt import App

from handlers.events import home as checklist
from handlers.events import mentions as feed


def register(app: App) -> None:
    """Register this surface's listeners of every feature."""
    checklist.register(app)
    feed.register(app)
