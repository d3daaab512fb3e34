"""`vahti export mentions`: every mention created in the range, oldest first, streamed.

`brands` lists every brand a post names (`;`-separated, configured brands first in their order),
empty for a post naming none: the same brand rows every mentions figure counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from sqlalchemy import select
from sqlmodel import Session, col

from bot.services.exports import ExportRequest, Row, iso, safe_text
from models.mentions.tables import Mention, MentionBrand

MENTION_HEADER = [
    "id",
    "source",
    "created_at",
    "author",
    "text",
    "url",
    "reach",
    "engagement",
    "shares",
    "media",
    "lang",
    "brands",
    "polarity",
    "subjectivity",
    "label",
]
BATCH = 1000


def _brands(session: Session, batch: Sequence[Mention], order: dict[str, int]) -> dict[int, str]:
    table = MentionBrand.__table__  # type: ignore[attr-defined]
    ids = [m.id for m in batch if m.id is not None]
    named: dict[int, list[str]] = defaultdict(list)
    for mention_id, brand in session.execute(
        select(table.c.mention_id, table.c.brand).where(table.c.mention_id.in_(ids))
    ):
        named[int(mention_id)].append(str(brand))
    for m in batch:  # rows stored without brand rows still have their main brand
        if m.id is not None and not named[m.id] and m.brand:
            named[m.id].append(m.brand)
    return {
        k: ";".join(sorted(v, key=lambda b: (order.get(b.lower(), len(order)), b.lower())))
        for k, v in named.items()
    }


def _rows(req: ExportRequest, batch: list[Mention], order: dict[str, int]) -> Iterator[Row]:
    brands = _brands(req.session, batch, order)
    for m in batch:
        yield [
            m.external_id,
            m.source,
            iso(m.created_at),
            safe_text(m.author),
            safe_text(m.text),
            safe_text(m.url),
            m.reach,
            m.engagement,
            m.shares,
            m.media,
            m.lang or "",
            safe_text(brands.get(m.id or -1, "")),
            *_scores(m),
        ]


def _scores(m: Mention) -> list[object]:
    """Polarity, subjectivity and label; an unscorable post (Finnish…) is `unscored`, blank."""
    if not m.scored:
        return ["", "", "unscored"]
    return [round(m.polarity, 4), round(m.subjectivity, 4), m.label]


def export_mentions(req: ExportRequest) -> Iterator[Row]:
    """Every mention created in the period, oldest first."""
    yield MENTION_HEADER
    order = {b.name.lower(): i for i, b in enumerate(req.config.brands())}
    query = (
        select(Mention)
        .where(
            col(Mention.team_id) == req.team_id,
            col(Mention.created_at) >= req.start_utc,
            col(Mention.created_at) < req.end_utc,
        )
        .order_by(col(Mention.created_at), col(Mention.id))
        .execution_options(yield_per=BATCH)
    )
    batch: list[Mention] = []
    for m in req.session.scalars(query):
        batch.append(m)
        if len(batch) == BATCH:
            yield from _rows(req, batch, order)
            batch = []
    yield from _rows(req, batch, order)
