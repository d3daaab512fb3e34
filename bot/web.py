"""The HTTP side: bolt under Flask with `/slack/events`, `/mentions` and `/healthz`.

Flask is served by waitress (a production WSGI server) in `vahti run`; tests serve the same WSGI
app on a local port. Bolt's own `App.start()` is a development server only.

Every body is bounded before any work: waitress refuses one over `max_body_bytes` before reading
it (413), Flask's `MAX_CONTENT_LENGTH` does the same for the app whatever serves it (chunked
bodies too), and each route reads at most its own limit (1 MiB for `/slack/events` and `/kpis`,
`sources.webhook_max_bytes` for `/mentions`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from flask import Flask, jsonify
from slack_bolt import App
from sqlalchemy import text
from werkzeug.exceptions import RequestEntityTooLarge

from bot.clock import SystemClock
from bot.config import VahtiConfig
from bot.db import session_scope
from bot.deps import Deps
from bot.logging_setup import withhold_request_bodies
from bot.routes import RouteRegistrar, slack_events
from bot.routes.webhook import error


def max_body_bytes(config: VahtiConfig) -> int:
    """The largest body any route takes; the server refuses larger ones unread."""
    return max(slack_events.MAX_BYTES, config.sources.webhook_max_bytes)


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
    limit = max_body_bytes(deps.config)
    web.config["MAX_CONTENT_LENGTH"] = limit
    web.register_error_handler(
        RequestEntityTooLarge, lambda _: error(413, f"body over {limit} bytes")
    )
    if app is not None:
        withhold_request_bodies()
        secret = deps.settings.slack_signing_secret
        key = secret.get_secret_value() if secret else None
        web.add_url_rule(
            "/slack/events",
            "slack_events",
            lambda: slack_events.handle(app, key, SystemClock()),
            methods=["POST"],
        )

    def healthz() -> Any:
        body, code = health(deps, scheduler_running)
        return jsonify(body), code

    web.add_url_rule("/healthz", "healthz", healthz, methods=["GET"])
    for register in routes:
        register(web, deps)
    return web
