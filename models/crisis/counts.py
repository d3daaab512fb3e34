"""Mention queries of the crisis watch: bucket counts per brand, window posts, source mix.

Counting is one aggregated `GROUP BY` per call over the `(team_id, brand, created_at)` index of
`mention_brand` (a mention counts for every brand it names), so warming a detector up from five
weeks of history costs one query per brand and a tick one query for all brands.

A brand link carries its mention's `created_at`, so each join to `mention` repeats the window on
the mention side too (`_mention_in`): PostgreSQL otherwise hashes the join against a scan of the
whole `mention` table, a cost that grows with history rather than with the window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import BigInteger, Table, bindparam, case, cast, func, literal, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from bot.domain.crisis.attribution import Post
from models.mentions.tables import Mention, MentionBrand
from models.sql.core import table_of

_M: Table = table_of(Mention)
_MB: Table = table_of(MentionBrand)
WINDOW_POST_LIMIT = 5000  # posts of one window explained in detail (newest first)


@dataclass(frozen=True)
class BucketCount:
    """Mentions of one brand in one bucket; `index` is epoch seconds // bucket seconds."""

    index: int
    total: int
    negative: int


def _bucket_of(dialect: str, column: Any, seconds: int) -> ColumnElement[Any]:
    """Epoch seconds // bucket seconds, in the database's own dialect."""
    if dialect == "postgresql":
        epoch = func.extract("epoch", column)
        return cast(func.floor(epoch / seconds), BigInteger)
    return cast(func.strftime("%s", column), BigInteger) // literal(seconds)


def _mention_in(team_id: Any, start: Any, end: Any) -> tuple[ColumnElement[bool], ...]:
    """The window again on `mention` (the same rows the brand links select; see the docstring)."""
    return (_M.c.team_id == team_id, _M.c.created_at >= start, _M.c.created_at < end)


@cache
def _counts_statement(dialect: str, seconds: int, brands: int) -> Any:
    """The tick's count query for `brands` brands, built once per process (it runs every
    bucket); one parameter per brand, so SQLAlchemy renders no expanded list at each run."""
    bucket = _bucket_of(dialect, _MB.c.created_at, seconds).label("b")
    negative = func.sum(case((_M.c.label == "negative", 1), else_=0))
    return (
        select(_MB.c.brand, bucket, func.count(), negative)
        .join(_M, _M.c.id == _MB.c.mention_id)
        .where(
            _MB.c.team_id == bindparam("team_id"),
            _MB.c.brand.in_([bindparam(f"brand{i}") for i in range(brands)]),
            _MB.c.created_at >= bindparam("start"),
            _MB.c.created_at < bindparam("end"),
            *_mention_in(bindparam("team_id"), bindparam("start"), bindparam("end")),
        )
        .group_by(_MB.c.brand, bucket)
        .order_by(_MB.c.brand, bucket)
    )


def bucket_counts(
    *,
    session: Session,
    team_id: str,
    brands: Sequence[str],
    span: tuple[datetime, datetime],
    bucket_seconds: int,
) -> dict[str, list[BucketCount]]:
    """For each brand, its non-empty buckets in `[start, end)`, oldest first."""
    start, end = span
    if not brands:
        return {}
    stmt = _counts_statement(session.get_bind().dialect.name, bucket_seconds, len(brands))
    params: dict[str, Any] = {"team_id": team_id, "start": start, "end": end}
    params |= {f"brand{i}": brand for i, brand in enumerate(brands)}
    out: dict[str, list[BucketCount]] = {b: [] for b in brands}
    for brand, index, total, neg in session.execute(stmt, params):
        out[brand].append(BucketCount(int(index), int(total), int(neg or 0)))
    return out


def window_posts(
    *, session: Session, team_id: str, brand: str, span: tuple[datetime, datetime]
) -> list[Post]:
    """The brand's mentions in `[start, end)` as attribution posts (newest first, capped)."""
    start, end = span
    stmt = (
        select(*POST_COLUMNS)
        .select_from(_M.join(_MB, _MB.c.mention_id == _M.c.id))
        .where(
            _MB.c.team_id == team_id,
            _MB.c.brand == brand,
            _MB.c.created_at >= start,
            _MB.c.created_at < end,
            *_mention_in(team_id, start, end),
        )
        .order_by(_MB.c.created_at.desc())
        .limit(WINDOW_POST_LIMIT)
    )
    return [post_of(row) for row in session.execute(stmt)]


POST_COLUMNS = (
    _M.c.id,
    _M.c.author,
    _M.c.text,
    _M.c.url,
    _M.c.source,
    _M.c.reach,
    _M.c.engagement,
    _M.c.label,
)
"""What attribution reads of a mention: its columns only, no ORM object per row."""


def post_of(row: Sequence[Any]) -> Post:
    """A stored mention's `POST_COLUMNS` as attribution's input."""
    mention_id, author, text, url, source, reach, engagement, label = row
    return Post(
        mention_id=int(mention_id),
        author=author,
        text=text,
        url=url,
        source=source,
        reach=reach,
        engagement=engagement,
        label=label,
    )


def source_mix(
    *, session: Session, team_id: str, brand: str, span: tuple[datetime, datetime]
) -> dict[str, int]:
    """Mentions of the brand per source (network or tool) in `[start, end)`."""
    start, end = span
    stmt = (
        select(_M.c.source, func.count())
        .join(_MB, _MB.c.mention_id == _M.c.id)
        .where(
            _MB.c.team_id == team_id,
            _MB.c.brand == brand,
            _MB.c.created_at >= start,
            _MB.c.created_at < end,
            *_mention_in(team_id, start, end),
        )
        .group_by(_M.c.source)
    )
    return {str(source): int(n) for source, n in session.execute(stmt)}


def last_ingested_at(*, session: Session, team_id: str, since: datetime) -> datetime | None:
    """When the workspace last stored a mention created since `since` (a stalled import)."""
    stmt = select(func.max(_M.c.ingested_at)).where(
        _M.c.team_id == team_id, _M.c.created_at >= since
    )
    value = session.execute(stmt).scalar_one_or_none()
    return value if isinstance(value, datetime) else None


def first_mention_at(
    *, session: Session, team_id: str, brand: str, since: datetime
) -> datetime | None:
    """The brand's first mention since `since` (a detector learns nothing from before it)."""
    stmt = select(func.min(_MB.c.created_at)).where(
        _MB.c.team_id == team_id, _MB.c.brand == brand, _MB.c.created_at >= since
    )
    value = session.execute(stmt).scalar_one_or_none()
    return value if isinstance(value, datetime) else None


@dataclass(frozen=True)
class NegativeMention:
    """The columns of a negative mention that rank it for harm and show it."""

    author: str
    text: str
    url: str | None
    source: str
    reach: int
    polarity: float


def most_negative(
    *, session: Session, team_id: str, brand: str | None, since: datetime, limit: int
) -> list[NegativeMention]:
    """Negative mentions of `brand` (any brand when None) since `since`, widest reach first.

    `limit` bounds the candidates; the caller ranks them by how much harm they can do. Only
    the columns that rank and show a post are read: up to `limit` full ORM objects a render
    cost more than the query.
    """
    stmt = select(_M.c.author, _M.c.text, _M.c.url, _M.c.source, _M.c.reach, _M.c.polarity).where(
        _M.c.team_id == team_id, _M.c.created_at >= since, _M.c.label == "negative"
    )
    if brand is not None:
        about = select(_MB.c.mention_id).where(
            _MB.c.team_id == team_id, _MB.c.brand == brand, _MB.c.created_at >= since
        )
        stmt = stmt.where(_M.c.id.in_(about))
    rows = session.execute(stmt.order_by(_M.c.reach.desc()).limit(limit))
    return [NegativeMention(*row) for row in rows]
