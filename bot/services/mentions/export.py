"""`vahti export mentions`: every mention created in the range, oldest first, streamed."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlmodel import col

from bot.services.exports import ExportRequest, Row, iso, safe_text
from models.mentions.tables import Mention

MENTION_HEADER = [
    "id", "source", "created_at", "author", "text", "url", "reach", "engagement", "shares",
    "media", "lang", "brand", "polarity", "subjectivity", "label",
]  # fmt: skip


def export_mentions(req: ExportRequest) -> Iterator[Row]:
    """Every mention created in the period, oldest first."""
    yield MENTION_HEADER
    query = (
        select(Mention)
        .where(col(Mention.team_id) == req.team_id, col(Mention.created_at) >= req.start_utc,
               col(Mention.created_at) < req.end_utc)
        .order_by(col(Mention.created_at), col(Mention.id))
        .execution_options(yield_per=1000)
    )  # fmt: skip
    for m in req.session.scalars(query):
        yield [
            m.external_id, m.source, iso(m.created_at), safe_text(m.author), safe_text(m.text),
            safe_text(m.url), m.reach, m.engagement, m.shares, m.media, m.lang or "",
            safe_text(m.brand), round(m.polarity, 4), round(m.subjectivity, 4), m.label,
        ]  # fmt: skip
