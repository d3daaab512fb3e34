"""`POST /mentions`: a listening tool pushes mentions as a JSON array or JSON lines.

The endpoint is off (404) until `VAHTI_INGEST_TOKEN` is set; the bearer token is compared in
constant time. A body over `sources.webhook_max_bytes` is refused before it is read (413), and a
body that is not JSON is refused whole (400, with the line and column), so a sender fixes its
payload rather than guessing what was kept. Items that parse but cannot be mentions are listed by
index in the 200 answer beside the counts that `vahti ingest` prints.
"""

from __future__ import annotations

import hmac
import json
from typing import Any

from flask import Flask, Response, jsonify, request

from bot.deps import Deps
from bot.domain.mention_record import RecordRules
from bot.services.ingest import ingest, plan_for
from bot.services.mention_files import object_records

DEFAULT_SOURCE = "webhook"


class MalformedBody(ValueError):
    """The body is not a JSON array or JSON lines; says where parsing stopped."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line, self.column = line, column


def parse_items(body: str) -> list[object]:
    """The items of a JSON array, or one item per non-empty line of JSON lines."""
    stripped = body.lstrip()
    offset_lines = body[: len(body) - len(stripped)].count("\n")
    if stripped.startswith("["):
        try:
            items = json.loads(body)
        except json.JSONDecodeError as exc:
            raise MalformedBody(exc.msg, exc.lineno, exc.colno) from None
        if isinstance(items, list):
            return items
    if not stripped.startswith("{"):
        raise MalformedBody("expected a JSON array or JSON lines", offset_lines + 1, 1)
    parsed: list[object] = []
    for number, line in enumerate(body.split("\n"), 1):
        if line.strip():
            try:
                parsed.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise MalformedBody(exc.msg, number, exc.colno) from None
    return parsed


def _error(status: int, message: str, **extra: Any) -> tuple[Response, int]:
    return jsonify({"error": message, **extra}), status


def _authorised(expected: str) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), expected.encode()
    )


def _body(limit: int) -> bytes | None:
    """The body, or None when it is over `limit` bytes (declared or actually sent)."""
    if (request.content_length or 0) > limit:
        return None
    body = request.stream.read(limit + 1)
    return None if len(body) > limit else body


def receive_mentions(deps: Deps) -> tuple[Response, int]:
    """Check the token and size, parse, ingest, and answer with the counts."""
    token = deps.settings.vahti_ingest_token
    if token is None or not token.get_secret_value():
        return _error(404, "not found")
    if not _authorised(token.get_secret_value()):
        return _error(401, "a valid bearer token is required")
    limit = deps.config.sources.webhook_max_bytes
    body = _body(limit)
    if body is None:
        return _error(413, f"body over {limit} bytes")
    try:
        items = parse_items(body.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return _error(400, "the body is not UTF-8", byte=exc.start)
    except MalformedBody as exc:
        return _error(400, f"malformed JSON: {exc}", line=exc.line, column=exc.column)
    rules = RecordRules(
        source=request.args.get("source", DEFAULT_SOURCE), brand=request.args.get("brand")
    )
    plan = plan_for(deps.config, deps.team_id, rules)
    records = object_records(enumerate(items), {}, first_needs_text=False)
    report = ingest(records, plan, deps.sessions, deps.clock)
    errors = [{"index": r.line, "reason": r.reason} for r in report.rejections]
    omitted = report.rejected - len(errors)  # only the first thousand are listed
    counts = {
        k: v
        for k, v in report.as_dict().items()
        if k in ("read", "stored", "duplicates", "rejected")
    }
    return jsonify({**counts, "errors": errors, "errors_omitted": omitted}), 200


def register(web: Flask, deps: Deps) -> None:
    """Add `POST /mentions` to the web app."""
    web.add_url_rule("/mentions", "mentions", lambda: receive_mentions(deps), methods=["POST"])
