"""Mention roll-ups: the after-store hook that keeps them, their reads, and rebuilds.

The roll-up hook adds each batch of *new* mentions into its hours with one UPSERT that adds to
the stored counts (`ON CONFLICT … DO UPDATE SET mentions = mentions + excluded.mentions`), on
SQLite and PostgreSQL alike, so concurrent ingests never lose a count and a late mention lands in
its own (old) hour. Duplicates never reach the hook, so nothing is counted twice.

A mention is added to the row of every brand it names (its `mention_brand` rows, or its main
`brand` when it has none) and to the '' row when it names none, so a post naming two brands
counts for both and an unmatched post is nobody's (`bot.domain.mentions.roles`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    Integer,
    and_,
    bindparam,
    case,
    cast,
    delete,
    distinct,
    exists,
    extract,
    func,
    literal,
    literal_column,
    or_,
    select,
)
from sqlalchemy.engine import Dialect
from sqlmodel import Session, col

from bot.domain.kpi.hour_rows import OWN_FIELDS, BrandHourRow
from bot.domain.mentions.roles import UNMATCHED, BrandRoles
from models.kpi.tables import MentionHourly
from models.mentions.store import NewMention, StoredMention
from models.mentions.tables import Mention, MentionBrand, MentionTag
from models.sql.core import driver_cursor, placeholder, table_of
from models.sql.types import UTCDateTime, sqlite_utc_text
from models.sql.windows import hour_bucket, parse_hour

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


def _add(counts: dict[str, int], mention: NewMention) -> None:
    label = mention.label if mention.scored else "unscored"
    counts["mentions"] += 1
    if label in ("positive", "negative", "neutral", "unscored"):
        counts[label] += 1
    counts["reach"] += mention.reach or 0
    counts["engagement"] += mention.engagement or 0
    counts["shares"] += mention.shares or 0


@cache
def _upsert_sql(dialect: Dialect) -> tuple[str, Callable[[Any], Any] | None]:
    """The adding UPSERT at the driver level, built once per dialect, and the hour's bind
    processor: a feed stores a few mentions at a time, often, and each batch is one
    executemany below SQLAlchemy's per-call work (the same SQL on SQLite and PostgreSQL)."""
    table = table_of(MentionHourly)
    quote = dialect.identifier_preparer.quote
    name = quote(table.name)
    columns = (*_KEY, *COUNTS)
    mark = placeholder(dialect)
    added = ", ".join(f"{quote(c)} = {name}.{quote(c)} + excluded.{quote(c)}" for c in COUNTS)
    sql = (
        f"INSERT INTO {name} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join([mark] * len(columns))}) "
        f"ON CONFLICT ({', '.join(quote(c) for c in _KEY)}) DO UPDATE SET {added}"
    )
    hour_type = table.c.hour.type
    processor = hour_type.dialect_impl(dialect).bind_processor(dialect)
    if isinstance(hour_type, UTCDateTime) and dialect.name == "sqlite":
        processor = sqlite_utc_text  # the same text, a third of the cost
    return sql, processor


_KEY = ("team_id", "brand", "hour")


def _upsert_add(session: Session, rows: list[dict[str, Any]]) -> None:
    connection = session.connection()
    sql, hour = _upsert_sql(connection.dialect)
    params = [
        (r["team_id"], r["brand"], hour(r["hour"]) if hour else r["hour"], *(r[c] for c in COUNTS))
        for r in rows
    ]
    cursor = driver_cursor(connection)
    try:
        cursor.executemany(sql, params)
    finally:
        cursor.close()


def add_to_rollups(session: Session, new_mentions: Iterable[StoredMention]) -> None:
    """The after-store step: add newly stored mentions to their hours' counts, once per brand.

    A mention counts for every brand it names (its brand rows, as stored: `StoredMention.row`
    carries them), else for its main brand, else as unmatched.
    """
    totals: dict[tuple[str, str, datetime], dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(COUNTS, 0)
    )
    for stored in new_mentions:
        mention = stored.row
        brands = [brand[:128] for brand in mention.brands] or [mention.brand or UNMATCHED]
        hour = _hour(mention.created_at)
        for brand in dict.fromkeys(brands):
            _add(totals[mention.team_id, brand, hour], mention)
    rows = [{"team_id": t, "brand": b, "hour": h, **c} for (t, b, h), c in sorted(totals.items())]
    if rows:
        _upsert_add(session, rows)


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
    links = table_of(MentionBrand)
    brand = func.coalesce(links.c.brand, Mention.brand, literal_column("''"))
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
            cast(func.sum(Mention.reach), BigInteger),
            cast(func.sum(Mention.engagement), BigInteger),
            cast(func.sum(Mention.shares), BigInteger),
        )
        .select_from(table_of(Mention).outerjoin(links, links.c.mention_id == col(Mention.id)))
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


@cache
def _brand_hours_statement(dialect: str, ranges: int) -> Any:
    """Built once per dialect and number of time ranges; each read only binds the bounds."""
    table = table_of(MentionHourly)
    hour = table.c.hour
    team = bindparam("team_id", type_=table.c.team_id.type)
    # The team in every OR term lets SQLite search the (team_id, hour) index once per range.
    where = or_(
        *(
            and_(table.c.team_id == team, hour >= bindparam(f"a{i}"), hour < bindparam(f"b{i}"))
            for i in range(ranges)
        )
    )
    sums = (table.c[name] for name in OWN_FIELDS)
    return select(_epoch(dialect), table.c.brand, *sums).where(where)


def brand_hours(
    *, session: Session, team_id: str, spans: Iterable[tuple[datetime, datetime]]
) -> list[BrandHourRow]:
    """Every roll-up row with an hour in the spans [start, end): (epoch second, brand as
    stored, *OWN_FIELDS), in no particular order.

    One row per brand and hour (the table's key), read by an indexed range scan per span, so
    `/kpi` reads the same small amount however many mentions are stored; whose each row is,
    `bot.domain.kpi.totals.role_sums` decides, so one read serves every brand's figures.
    """
    merged = _merged(spans)
    if not merged:
        return []
    params: dict[str, Any] = {"team_id": team_id}
    for i, (a, b) in enumerate(merged):
        params[f"a{i}"], params[f"b{i}"] = a, b
    conn = session.connection()
    stmt = _brand_hours_statement(conn.dialect.name, len(merged))
    # Every column is an integer or text on both databases: the rows are used as they come.
    rows: list[BrandHourRow] = [tuple(row) for row in conn.execute(stmt, params)]
    return rows


def first_hour(*, session: Session, team_id: str) -> datetime | None:
    """The team's first roll-up hour: when its data begins (one index look-up)."""
    query = select(func.min(col(MentionHourly.hour))).where(col(MentionHourly.team_id) == team_id)
    found = session.execute(query).scalar()
    return found if isinstance(found, datetime) else None


def _names_brand(mention_id: Any, team_id: str, brand: str) -> Any:
    """EXISTS a brand row of the mention naming `brand` (lower case): a primary-key look-up per
    mention the query already bounds by time, never a scan of the brand's whole history."""
    links = table_of(MentionBrand)
    return exists().where(
        links.c.mention_id == mention_id,
        links.c.team_id == team_id,
        func.lower(links.c.brand) == brand,
    )


def _intent_where(
    team_id: str, spans: Iterable[tuple[datetime, datetime]], intent: str
) -> list[Any] | None:
    tag = table_of(MentionTag)
    ranges = [and_(tag.c.created_at >= a, tag.c.created_at < b) for a, b in _merged(spans)]
    if not ranges:
        return None
    return [tag.c.team_id == team_id, tag.c.kind == "intent", tag.c.value == intent, or_(*ranges)]


def intent_hours(
    *,
    session: Session,
    team_id: str,
    spans: Iterable[tuple[datetime, datetime]],
    roles: BrandRoles,
    intent: str,
) -> dict[int, int]:
    """The brand's posts with `intent` (a `mention_tag` of kind 'intent') per UTC hour, by epoch
    second: few rows (only such posts), so read straight from the tags rather than rolled up."""
    tag = table_of(MentionTag)
    where = _intent_where(team_id, spans, intent)
    if where is None:
        return {}
    if roles.brand is not None:
        where.append(_names_brand(tag.c.mention_id, team_id, roles.brand))
    bucket = hour_bucket(session, tag.c.created_at)
    query = select(bucket, func.count()).where(*where).group_by(bucket)
    return {int(parse_hour(h).timestamp()): int(n) for h, n in session.execute(query)}


def intent_hours_by_brand(
    *,
    session: Session,
    team_id: str,
    spans: Iterable[tuple[datetime, datetime]],
    intent: str,
) -> dict[str, dict[int, int]]:
    """`intent_hours` of every brand at once, by lower-case brand name (the same counts as
    asking for each brand: a post naming two brands counts once for each)."""
    tag, links = table_of(MentionTag), table_of(MentionBrand)
    where = _intent_where(team_id, spans, intent)
    if where is None:
        return {}
    bucket, brand = hour_bucket(session, tag.c.created_at), func.lower(links.c.brand)
    query = (
        select(brand, bucket, func.count(distinct(tag.c.mention_id)))
        .select_from(tag.join(links, links.c.mention_id == tag.c.mention_id))
        .where(*where, links.c.team_id == team_id)
        .group_by(brand, bucket)
    )
    found: dict[str, dict[int, int]] = {}
    for name, h, n in session.execute(query):
        found.setdefault(str(name), {})[int(parse_hour(h).timestamp())] = int(n)
    return found


def intent_posts(
    *,
    session: Session,
    team_id: str,
    start: datetime,
    end: datetime,
    roles: BrandRoles,
    intent: str,
    limit: int,
) -> list[Mention]:
    """The brand's posts with `intent` created in [start, end), newest first."""
    tag = table_of(MentionTag)
    tagged = select(tag.c.mention_id).where(
        tag.c.team_id == team_id,
        tag.c.kind == "intent",
        tag.c.value == intent,
        tag.c.created_at >= start,
        tag.c.created_at < end,
    )
    query = select(Mention).where(col(Mention.id).in_(tagged))
    if roles.brand is not None:
        query = query.where(_names_brand(col(Mention.id), team_id, roles.brand))
    query = query.order_by(col(Mention.created_at).desc()).limit(limit)
    return list(session.execute(query).scalars())
