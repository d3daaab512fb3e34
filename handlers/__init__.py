"""Slack listeners, one package per Slack surface; nothing is registered on import."""

from __future__ import annotations

from slack_bolt import App

from handlers import actions, commands, errors, events, views


def register(app: App) -> None:
    """Register every listener on `app`."""
    commands.register(app)
    actions.register(app)
    views.register(app)
    events.register(app)
    errors.register(app)
