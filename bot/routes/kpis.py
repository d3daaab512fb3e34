"""`POST /kpis`: a script or BI tool pushes manual KPI values (`date`, `metric`, `value`).

The same bearer token as `POST /mentions` (`VAHTI_INGEST_TOKEN`; off with 404 until set). The body
is a JSON array of objects, one object, or JSON lines; the answer carries the counts `vahti
ingest --kind kpis` prints and each rejected item's index and reason.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, jsonify, request

from bot.deps import Deps
from bot.routes.mentions import MalformedBody, parse_items
from bot.services.kpi_import import ImportContext, import_items

MAX_BYTES = 1024 * 1024  # a year of daily values for every metric is far below this


def _error(status: int, message: str, **extra: Any) -> tuple[Response, int]:
    return jsonify({"error": message, **extra}), status


def _authorised(expected: str) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), expected.encode()
    )


def _items(body: str) -> list[object]:
    stripped = body.strip()
    if stripped.startswith("{") and "\n" not in stripped:
        try:
            return [json.loads(stripped)]
        except json.JSONDecodeError as exc:
            raise MalformedBody(exc.msg, exc.lineno, exc.colno) from None
    return parse_items(body)


def receive_kpis(deps: Deps) -> tuple[Response, int]:
    """Check the token and size, parse, store, and answer with the counts."""
    token = deps.settings.vahti_ingest_token
    if token is None or not token.get_secret_value():
        return _error(404, "not found")
    if not _authorised(token.get_secret_value()):
        return _error(401, "a valid bearer token is required")
    body = request.stream.read(MAX_BYTES + 1)
    if (request.content_length or 0) > MAX_BYTES or len(body) > MAX_BYTES:
        return _error(413, f"body over {MAX_BYTES} bytes")
    try:
        items = _items(body.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return _error(400, "the body is not UTF-8", byte=exc.start)
    except MalformedBody as exc:
        return _error(400, f"malformed JSON: {exc}", line=exc.line, column=exc.column)
    ctx = ImportContext(deps.sessions, deps.team_id, deps.clock.now(), deps.config.tz, "webhook")
    numbered = [(i, item if isinstance(item, Mapping) else {}) for i, item in enumerate(items)]
    return jsonify(import_items(numbered, ctx).as_dict("index")), 200


def register(web: Flask, deps: Deps) -> None:
    """Add `POST /kpis` to the web app."""
    web.add_url_rule("/kpis", "kpis", lambda: receive_kpis(deps), methods=["POST"])
