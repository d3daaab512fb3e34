"""Mention roll-ups: the after-store hook that keeps them, their reads, and rebuilds.

The roll-up hook adds each batch of *new* mentions into its hours with one UPSERT that adds to
the stored counts (`ON CONFLICT … DO UPDATE SET mentions = mentions + excluded.mentions`), on
SQLite and PostgreSQL alike, so concurrent ingests never lose a count and a late mention lands in
its own (old) hour. Duplicates never reach the hook, so nothing is counted twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Integer,
    and_,
    case,
    cast,
    delete,
    extract,
    func,
    literal,
    literal_column,
    or_,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from models.kpi.tables import MentionHourly
from models.mentions.tables import Mention
from models.sql.core import table_of

COUNTS = (
    "mentions",
    "positive",
    "negative",
    "neutral",
    "unscored",
    "reach",
    "engagement",
    "shares",
)
HourRow = tuple[datetime, str, int, int, int, int, int, int, int, int]


def _hour(at: datetime) -> datetime:
    return at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _counts(mention: Mention) -> dict[str, int]:
    label = mention.label if mention.scored else "unscored"
    counts = dict.fromkeys(COUNTS, 0)
    counts["mentions"] = 1
    if label in ("positive", "negative", "neutral", "unscored"):
        counts[label] = 1
    counts["reach"], counts["engagement"] = mention.reach or 0, mention.engagement or 0
    counts["shares"] = mention.shares or 0
    return counts


def _upsert_add(session: Session, rows: list[dict[str, Any]]) -> None:
    table = table_of(MentionHourly)
    dialect = session.get_bind().dialect.name
    insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(table).values(rows)
    stmt = stmt.on_conflict_do_update(
        index_elements=["team_id", "brand", "hour"],
        set_={name: table.c[name] + stmt.excluded[name] for name in COUNTS},
    )
    session.execute(stmt)


def add_to_rollups(session: Session, new_mentions: list[Mention]) -> None:
    """The after-store hook: add newly stored mentions to their hours' counts."""
    totals: dict[tuple[str, str, datetime], dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(COUNTS, 0)
    )
    for mention in new_mentions:
        key = (mention.team_id, mention.brand or "", _hour(mention.created_at))
        for name, value in _counts(mention).items():
            totals[key][name] += value
    rows = [{"team_id": t, "brand": b, "hour": h, **c} for (t, b, h), c in sorted(totals.items())]
    for start in range(0, len(rows), 500):  # keeps each statement under the bind-parameter limits
        _upsert_add(session, rows[start : start + 500])


def _hour_expr(dialect: str) -> Any:
    if dialect == "postgresql":
        # Truncate in UTC, not the session's zone; literal constants keep GROUP BY identical.
        utc: Any = literal_column("'UTC'")
        return func.timezone(
            utc, func.date_trunc(literal_column("'hour'"), func.timezone(utc, Mention.created_at))
        )
    # SQLite stores the UTC column as text 'YYYY-MM-DD HH:MM:SS.ffffff'; keep that format.
    return func.strftime(literal_column("'%Y-%m-%d %H:00:00.000000'"), Mention.created_at)


def rebuild_rollups(*, session: Session, team_id: str, start: datetime, end: datetime) -> int:
    """Recompute the hours in [start, end) from stored mentions (repairs, re-scoring, bulk)."""
    start, end = _hour(start), _hour(end)
    session.execute(
        delete(MentionHourly).where(
            col(MentionHourly.team_id) == team_id,
            col(MentionHourly.hour) >= start,
            col(MentionHourly.hour) < end,
        )
    )
    hour = _hour_expr(session.get_bind().dialect.name)
    brand = func.coalesce(Mention.brand, literal_column("''"))
    scored = col(Mention.scored)

    def count(cond: Any) -> Any:
        return func.sum(case((cond, 1), else_=0))

    query = (
        select(
            literal(team_id),
            brand,
            hour,
            func.count(),
            count(scored & (col(Mention.label) == "positive")),
            count(scored & (col(Mention.label) == "negative")),
            count(scored & (col(Mention.label) == "neutral")),
            count(~scored),
            cast(func.sum(Mention.reach), Integer),
            cast(func.sum(Mention.engagement), Integer),
            cast(func.sum(Mention.shares), Integer),
        )
        .where(
            col(Mention.team_id) == team_id,
            col(Mention.created_at) >= start,
            col(Mention.created_at) < end,
        )
        .group_by(brand, hour)
    )
    table = table_of(MentionHourly)
    result: Any = session.execute(
        table.insert().from_select(["team_id", "brand", "hour", *COUNTS], query)
    )
    return int(result.rowcount or 0)


def hourly_rows(*, session: Session, team_id: str, start: datetime, end: datetime) -> list[HourRow]:
    """The roll-up rows with an hour in [start, end): (hour, brand, *COUNTS)."""
    columns = [col(MentionHourly.hour), col(MentionHourly.brand)]
    columns += [col(getattr(MentionHourly, name)) for name in COUNTS]
    query = select(*columns).where(
        col(MentionHourly.team_id) == team_id,
        col(MentionHourly.hour) >= start,
        col(MentionHourly.hour) < end,
    )
    return [tuple(row) for row in session.execute(query)]


def _epoch(dialect: str) -> Any:
    if dialect == "postgresql":
        return cast(extract("epoch", col(MentionHourly.hour)), BigInteger)
    return cast(func.strftime(literal_column("'%s'"), MentionHourly.hour), Integer)


def _merged(spans: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def hour_totals(
    *,
    session: Session,
    team_id: str,
    spans: Iterable[tuple[datetime, datetime]],
    competitors: Collection[str],
) -> list[tuple[int, ...]]:
    """Per hour in the spans [start, end), summed over brands: (epoch second, own mentions,
    positive, negative, neutral, reach, engagement, shares, every brand's mentions).

    "Own" is every brand but the competitors (`competitors` in lower case). The database sums
    each hour's own and competitor rows (one indexed range scan); at most two rows per hour come
    back, so `/kpi` reads the same small amount however many mentions are stored.
    """
    table = MentionHourly
    # Without competitors every row is own: group by a constant-free expression all the same.
    brand = col(table.brand)
    rival = func.lower(brand).in_(sorted(competitors)) if competitors else brand == ""
    # The team in every OR term lets SQLite search the (team_id, hour) index once per span.
    ranges = [
        and_(col(table.team_id) == team_id, col(table.hour) >= a, col(table.hour) < b)
        for a, b in _merged(spans)
    ]
    if not ranges:
        return []
    query = (
        select(_epoch(session.get_bind().dialect.name), rival, func.sum(table.mentions),
               *(func.sum(getattr(table, name)) for name in _OWN_SUMS))
        .where(or_(*ranges))
        .group_by(col(table.hour), rival)
        .order_by(col(table.hour))
    )  # fmt: skip
    by_hour: dict[int, list[int]] = {}
    for epoch, is_rival, mentions, *sums in session.connection().execute(query):
        row = by_hour.setdefault(int(epoch), [0] * (len(_OWN_SUMS) + 1))
        row[-1] += int(mentions)
        if not (is_rival and competitors):
            row[: len(_OWN_SUMS)] = [a + int(b) for a, b in zip(row, sums, strict=False)]
    return [(epoch, *row) for epoch, row in by_hour.items()]


_OWN_SUMS = ("mentions", "positive", "negative", "neutral", "reach", "engagement", "shares")
