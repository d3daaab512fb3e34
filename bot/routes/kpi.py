"""`POST /kpis`: a script or BI tool pushes manual KPI values (`date`, `metric`, `value`).

The same bearer token as `POST /mentions` (`VAHTI_INGEST_TOKEN`; off with 404 until set). The body
is a JSON array of objects, one object, or JSON lines; the answer carries the counts `vahti
ingest --kind kpis` prints and each rejected item's index and reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from bot.deps import Deps
from bot.routes.webhook import loads, parse_items, receive_items
from bot.services.kpi.manual_values import ImportContext, import_items

if TYPE_CHECKING:  # Flask is imported where a request is served (see `bot.routes`)
    from flask import Flask, Response

MAX_BYTES = 1024 * 1024  # a year of daily values for every metric is far below this


def _items(body: str) -> list[object]:
    stripped = body.strip()
    if stripped.startswith("{") and "\n" not in stripped:
        return [loads(stripped)]
    return parse_items(body)


def receive_kpis(deps: Deps) -> tuple[Response, int]:
    """Check the token and size, parse, store, and answer with the counts."""
    from flask import jsonify

    items = receive_items(deps, MAX_BYTES, _items)
    if isinstance(items, tuple):
        return items
    ctx = ImportContext(deps.sessions, deps.team_id, deps.clock.now(), deps.config.tz, "webhook")
    numbered = [(i, item if isinstance(item, Mapping) else {}) for i, item in enumerate(items)]
    return jsonify(import_items(numbered, ctx).as_dict("index")), 200


def register(web: Flask, deps: Deps) -> None:
    """Add `POST /kpis` to the web app."""
    web.add_url_rule("/kpis", "kpis", lambda: receive_kpis(deps), methods=["POST"])
