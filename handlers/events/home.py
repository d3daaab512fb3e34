"""App Home: today's checklist progress, open crises, KPIs and a short guide."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from bot.services.home import home_view
from handlers.context import after_ack, deps_of


def home_opened(event: dict[str, Any], context: BoltContext) -> None:
    if event.get("tab", "home") != "home":
        return
    deps = deps_of(context)
    user = event["user"]
    after_ack(context, "app_home", lambda: deps.gateway.publish_home(user, home_view(deps)))


def register(app: App) -> None:
    app.event("app_home_opened")(home_opened)
