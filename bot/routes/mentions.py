"""`POST /mentions`: a listening tool pushes mentions as a JSON array or JSON lines.

Token, size (`sources.webhook_max_bytes`) and JSON are checked as for every webhook
(bot/routes/webhook.py). Items that parse but cannot be mentions are listed by index in the 200
answer beside the counts that `vahti ingest` prints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.deps import Deps
from bot.domain.mentions.record import RecordRules
from bot.routes.webhook import receive_items
from bot.services.mentions.files import object_records
from bot.services.mentions.ingest import ingest, plan_for

if TYPE_CHECKING:  # Flask is imported where a request is served (see `bot.routes`)
    from flask import Flask, Response

DEFAULT_SOURCE = "webhook"


def receive_mentions(deps: Deps) -> tuple[Response, int]:
    """Check the token and size, parse, ingest, and answer with the counts."""
    from flask import jsonify, request

    items = receive_items(deps, deps.config.sources.webhook_max_bytes)
    if isinstance(items, tuple):
        return items
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
