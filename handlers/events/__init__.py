"""Listeners of Slack's events surface, one module per feature."""

from __future__ import annotations

from slack_bolt import App

from handlers.events import feed
from handlers.events import home as checklist


def register(app: App) -> None:
    """Register this surface's listeners of every feature."""
    checklist.register(app)
    feed.register(app)
