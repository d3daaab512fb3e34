"""App Home: today's checklist progress, open crises, KPIs and a short guide."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from bot.services.home import home_view
from handlers.context import deps_of


def home_opened(event: dict[str, Any], context: BoltContext) -> None:
    if event.get("tab", "home") != "home":
        return
    deps = deps_of(context)
    deps.gateway.publish_home(event["user"], home_view(deps))


def register(app: App) -> None:
    app.event("app_home_opened")(home_opened)
