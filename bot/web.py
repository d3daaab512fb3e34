"""The HTTP side: bolt under Flask with `/slack/events`, `/mentions` and `/healthz`.

Flask is served by waitress (a production WSGI server) in `vahti run`; tests serve the same WSGI
app on a local port. Bolt's own `App.start()` is a development server only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from flask import Flask, jsonify, request
from slack_bolt import App
from slack_bolt.adapter.flask import SlackRequestHandler
from sqlalchemy import text

from bot.db import session_scope
from bot.deps import Deps
from bot.routes import RouteRegistrar


def health(deps: Deps, scheduler_running: Callable[[], bool | None]) -> tuple[dict[str, Any], int]:
    """Database and scheduler status for `/healthz`."""
    status: dict[str, Any] = {"database": "ok", "scheduler": "off"}
    try:
        with session_scope(deps.sessions) as session:
            session.execute(text("SELECT 1"))
    except Exception as exc:  # the probe must answer, whatever the database does
        status["database"] = f"error: {type(exc).__name__}"
    running = scheduler_running()
    if running is not None:
        status["scheduler"] = "running" if running else "stopped"
    ok = status["database"] == "ok" and running is not False
    return status | {"ok": ok}, 200 if ok else 503


def build_web(
    app: App | None,
    deps: Deps,
    routes: Sequence[RouteRegistrar],
    scheduler_running: Callable[[], bool | None] = lambda: None,
) -> Flask:
    """The WSGI app with every feature's `routes`; `app` is None in Socket Mode."""
    web = Flask("vahti")
    if app is not None:
        slack = SlackRequestHandler(app)
        web.add_url_rule(
            "/slack/events", "slack_events", lambda: slack.handle(request), methods=["POST"]
        )

    def healthz() -> Any:
        body, code = health(deps, scheduler_running)
        return jsonify(body), code

    web.add_url_rule("/healthz", "healthz", healthz, methods=["GET"])
    for register in routes:
        register(web, deps)
    return web
