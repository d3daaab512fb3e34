"""App Home: today's checklist progress, open crises, KPIs and a short guide."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from bot.blocks.home import home
from bot.deps import Deps
from bot.i18n import translator
from bot.services.home import home_data
from handlers.context import after_ack, deps_of


def home_view(deps: Deps) -> dict[str, Any]:
    """The Home tab view for the workspace, as of now."""
    data = home_data(deps)
    t = translator(deps.config.locale)
    return home(data.checklist, data.link, data.crises, data.kpis, t)


def home_opened(event: dict[str, Any], context: BoltContext) -> None:
    if event.get("tab", "home") != "home":
        return
    deps = deps_of(context)
    user = event["user"]
    after_ack(context, "app_home", lambda: deps.gateway.publish_home(user, home_view(deps)))


def register(app: App) -> None:
    app.event("app_home_opened")(home_opened)
