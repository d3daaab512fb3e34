"""Storing mentions: insert-if-absent on (team, source, external id), brand links and tags.

The unique key decides what is new, inside the database, so two imports, a webhook retry and an
Events API retry can race and still store each mention once. `INSERT ... ON CONFLICT DO NOTHING
RETURNING` (SQLite 3.35+, PostgreSQL) tells which rows were new in the same statement; only those
get brand and tag rows and reach the after-store steps, which are handed the values just stored
(`StoredMention`) rather than reading the rows back.

This is the import's hot path, so it runs below the ORM: each chunk of mentions is one multi-row
`INSERT ... VALUES (...), (...) RETURNING` sent to the driver as it is, and the link rows one
`executemany`. Values pass through each column's own bind processor (the UTC timestamp type), so
what is stored is byte for byte what SQLAlchemy would store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache
from operator import attrgetter
from typing import Any, NamedTuple

from sqlalchemy import Table, func, select
from sqlalchemy.engine import Connection, Dialect
from sqlmodel import Session

from models.mentions.tables import Mention, MentionBrand, MentionTag
from models.sql.core import driver_cursor, placeholder, table_of
from models.sql.types import UTCDateTime, sqlite_utc_text

Key = tuple[str, str]  # (source, external_id)
_MENTION = table_of(Mention)
_BRAND = table_of(MentionBrand)
_TAG = table_of(MentionTag)
_KEY_CHUNK = 500  # external ids per look-up query (well under every bound-parameter limit)
_INSERT_CHUNK = 1000  # rows per INSERT: 19,000 parameters (SQLite allows 32,766, PostgreSQL 65,535)


class NewMention(NamedTuple):
    """A scored and tagged mention ready to store.

    A named tuple rather than a frozen dataclass: an import builds one per row, and a frozen
    dataclass sets each of its 23 fields through `object.__setattr__`, twice the cost.
    """

    team_id: str
    source: str
    external_id: str
    created_at: datetime
    ingested_at: datetime
    author: str
    text: str
    url: str | None
    reach: int
    engagement: int
    shares: int
    media: str
    lang: str | None
    brand: str | None
    polarity: float
    subjectivity: float
    label: str
    scored: bool
    brands: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    intents: tuple[str, ...] = ()  # e.g. "purchase": the post asks to buy
    tool_sentiment: str | None = None

    @property
    def key(self) -> Key:
        """The dedup key within the team."""
        return self.source, self.external_id


class StoredMention(NamedTuple):
    """A mention this call stored: its new id and the values it was stored with.

    The after-store steps read these instead of loading the rows back as ORM objects.
    """

    id: int
    row: NewMention


_EXTRA = ("brands", "hashtags", "links", "intents")
_COLUMNS = tuple(name for name in NewMention._fields if name not in _EXTRA)
_LINK_COLUMNS = ("mention_id", "team_id", "created_at")


@dataclass(frozen=True)
class SaveResult:
    """The mentions that were new (with ids) and how many rows were already stored."""

    stored: list[StoredMention]
    duplicates: int


def existing_keys(*, session: Session, team_id: str, keys: Iterable[Key]) -> set[Key]:
    """The keys among `keys` that the team already has (one indexed query per 500 keys).

    A small batch from a feed names a few sources; asking for all of them in one statement (a
    `UNION ALL` of per-source `IN` lists, each a search of the unique index; SQLite plans an `OR`
    of them as a scan of the team) keeps it one round trip.
    """
    by_source: dict[str, list[str]] = {}
    for source, external_id in keys:
        by_source.setdefault(source, []).append(external_id)
    found: set[Key] = set()
    parts = [
        (source, ids[start : start + _KEY_CHUNK])
        for source, ids in by_source.items()
        for start in range(0, len(ids), _KEY_CHUNK)
    ]
    while parts:
        chunk: list[tuple[str, list[str]]] = []
        size = 0
        while parts and (not chunk or size + len(parts[0][1]) <= _KEY_CHUNK):
            chunk.append(parts.pop(0))
            size += len(chunk[-1][1])
        params: list[str] = []
        for source, ids in chunk:
            params += [team_id, source, *ids]
        connection = session.connection()
        sql = _keys_sql(connection.dialect, tuple(len(ids) for _, ids in chunk))
        cursor = driver_cursor(connection)
        try:
            cursor.execute(sql, params)
            found.update((str(source), str(external_id)) for source, external_id in cursor)
        finally:
            cursor.close()
    return found


@lru_cache(maxsize=256)  # shapes differ by batch; the common ones stay
def _keys_sql(dialect: Dialect, sizes: tuple[int, ...]) -> str:
    """`existing_keys`' driver-level query for a chunk of sources with `sizes` ids each, built
    once per shape (a feed asks it for every small batch, where SQLAlchemy would expand and
    render the id lists again at each call)."""
    quote = dialect.identifier_preparer.quote
    mark = placeholder(dialect)
    source, external_id = quote("source"), quote("external_id")
    head = (
        f"SELECT {source}, {external_id} FROM {quote(_MENTION.name)} "
        f"WHERE {quote('team_id')} = {mark} AND {source} = {mark} AND {external_id} IN "
    )
    return " UNION ALL ".join(head + "(" + ", ".join([mark] * n) + ")" for n in sizes)


def count_mentions(*, session: Session, team_id: str) -> int:
    """How many mentions the team has."""
    query = select(func.count()).select_from(_MENTION).where(_MENTION.c.team_id == team_id)
    return int(session.execute(query).scalar_one())


Processor = Callable[[Any], Any]
_ROW_VALUES = attrgetter(*_COLUMNS)
_KEY = attrgetter("source", "external_id")  # one C call per row instead of a getattr per column
_AT = _COLUMNS.index("created_at")
_STAGE = "mention_stage"  # PostgreSQL: a batch is copied here, then moved over in one INSERT


@dataclass(frozen=True)
class _Statements:
    """Driver-level SQL and bind processors for one dialect, built once."""

    mention_row: Callable[[int], str]  # rows -> INSERT ... VALUES (...) x rows ... RETURNING
    brand_insert: str
    tag_insert: str
    processors: dict[str, Processor]  # column -> bind processor, where the type has one
    stage: tuple[str, ...] = ()  # PostgreSQL: create the staging table, copy, move, drop


def _insert_sql(dialect: Dialect, table: Table, columns: Sequence[str]) -> tuple[str, str]:
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(name) for name in columns)
    marks = "(" + ", ".join([placeholder(dialect)] * len(columns)) + ")"
    return f"INSERT INTO {quote(table.name)} ({names}) VALUES ", marks


def _stage_sql(dialect: Dialect, returning: str) -> tuple[str, ...]:
    """PostgreSQL's COPY path: a temporary table shaped like `mention` (dropped at commit), the
    COPY into it, the move into `mention` that skips taken keys, and the COPYs of link rows."""
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(name) for name in _COLUMNS)
    table = quote(_MENTION.name)
    return (
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {_STAGE} ON COMMIT DROP AS "
        f"SELECT {names} FROM {table} WITH NO DATA",
        f"COPY {_STAGE} ({names}) FROM STDIN",
        # ON CONFLICT also drops rows the batch repeats; the caller sends each key once.
        f"INSERT INTO {table} ({names}) SELECT {names} FROM {_STAGE} "
        f"ON CONFLICT DO NOTHING{returning}",
        f"DROP TABLE {_STAGE}",
        f"COPY {quote(_BRAND.name)} ({', '.join((*_LINK_COLUMNS, 'brand'))}) FROM STDIN",
        f"COPY {quote(_TAG.name)} ({', '.join((*_LINK_COLUMNS, 'kind', 'value'))}) FROM STDIN",
    )


@cache
def _statements(dialect: Dialect) -> _Statements:
    quote = dialect.identifier_preparer.quote
    head, marks = _insert_sql(dialect, _MENTION, _COLUMNS)
    returning = f" RETURNING {quote('id')}, {quote('source')}, {quote('external_id')}"
    tail = " ON CONFLICT DO NOTHING" + returning

    def mention_rows(count: int) -> str:
        return head + ", ".join([marks] * count) + tail

    brand_head, brand_marks = _insert_sql(dialect, _BRAND, (*_LINK_COLUMNS, "brand"))
    tag_head, tag_marks = _insert_sql(dialect, _TAG, (*_LINK_COLUMNS, "kind", "value"))
    processors: dict[str, Processor] = {}
    for name in _COLUMNS:
        # The dialect's own type (SQLite's DATETIME formats the text SQLAlchemy stores).
        column_type = _MENTION.c[name].type
        processor = column_type.dialect_impl(dialect).bind_processor(dialect)
        if isinstance(column_type, UTCDateTime) and dialect.name == "sqlite":
            processor = sqlite_utc_text  # the same text, a third of the cost
        if processor is not None:
            processors[name] = processor
    stage = _stage_sql(dialect, returning) if dialect.name == "postgresql" else ()
    return _Statements(
        cache(mention_rows), brand_head + brand_marks, tag_head + tag_marks, processors, stage
    )


def _bound_rows(rows: Sequence[NewMention], processors: dict[str, Processor]) -> list[Any]:
    """The rows' column values in `_COLUMNS` order, flattened, as the driver takes them.

    Each distinct value goes through its column's processor once: a batch shares one
    `ingested_at`, and reposts share their texts.
    """
    flat: list[Any] = []
    for row in rows:
        flat.extend(_ROW_VALUES(row))
    width = len(_COLUMNS)
    for position, name in enumerate(_COLUMNS):
        process = processors.get(name)
        if process is not None:
            column = flat[position::width]
            done = {value: process(value) for value in set(column)}
            flat[position::width] = [done[value] for value in column]
    return flat


def _insert_new(connection: Connection, rows: list[NewMention]) -> tuple[dict[Key, int], list[Any]]:
    """Insert the rows whose keys are free; the new ids by key and each row's bound time."""
    sql = _statements(connection.dialect)
    new_ids: dict[Key, int] = {}
    times: list[Any] = []
    width = len(_COLUMNS)
    cursor = driver_cursor(connection)
    try:
        for start in range(0, len(rows), _INSERT_CHUNK):
            chunk = rows[start : start + _INSERT_CHUNK]
            params = _bound_rows(chunk, sql.processors)
            times += params[_AT::width]
            cursor.execute(sql.mention_row(len(chunk)), params)
            new_ids.update(((s, e), int(i)) for i, s, e in cursor.fetchall())
    finally:
        cursor.close()
    return new_ids, times


def _copy_rows(cursor: Any, statement: str, rows: Iterable[Sequence[Any]]) -> None:
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _copy_new(connection: Connection, rows: list[NewMention]) -> tuple[dict[Key, int], list[Any]]:
    """PostgreSQL: COPY the rows into a staging table, then one INSERT ... SELECT moves those
    whose keys are free, in the same transaction (a failed batch leaves nothing behind)."""
    sql = _statements(connection.dialect)
    create, copy, move, drop = sql.stage[:4]
    at = sql.processors.get("created_at", lambda value: value)
    bound = [_ROW_VALUES(row) for row in rows]
    times = [at(values[_AT]) for values in bound]
    cursor = driver_cursor(connection)
    try:
        cursor.execute(create)
        _copy_rows(cursor, copy, bound)
        cursor.execute(move)
        new_ids = {(s, e): int(i) for i, s, e in cursor.fetchall()}
        cursor.execute(drop)
    finally:
        cursor.close()
    return new_ids, times


def _link_rows(
    stored: list[StoredMention], times: dict[Key, Any]
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Brand and tag rows of the stored mentions, with their bound times."""
    brands: list[tuple[Any, ...]] = []
    tags: list[tuple[Any, ...]] = []
    for item in stored:
        row = item.row
        if not (row.brands or row.hashtags or row.links or row.intents):
            continue
        common = (item.id, row.team_id, times[row.source, row.external_id])
        if row.brands:  # each kind checked first: most rows have one or two of the four
            brands += [(*common, brand[:128]) for brand in dict.fromkeys(row.brands)]
        if row.hashtags:
            tags += [(*common, "hashtag", tag) for tag in dict.fromkeys(row.hashtags)]
        if row.links:
            tags += [(*common, "link", link) for link in dict.fromkeys(row.links)]
        if row.intents:
            tags += [(*common, "intent", intent) for intent in dict.fromkeys(row.intents)]
    return brands, tags


def _store_links(connection: Connection, brands: list[Any], tags: list[Any]) -> None:
    sql = _statements(connection.dialect)
    cursor = driver_cursor(connection)
    try:
        if brands and sql.stage:
            _copy_rows(cursor, sql.stage[4], brands)
        elif brands:
            cursor.executemany(sql.brand_insert, brands)
        if tags and sql.stage:
            _copy_rows(cursor, sql.stage[5], tags)
        elif tags:
            cursor.executemany(sql.tag_insert, tags)
    finally:
        cursor.close()


def save_mentions(*, session: Session, rows: Sequence[NewMention]) -> SaveResult:
    """Insert the rows whose keys are free and link brands and tags; returns the new rows.

    Rows repeating a key earlier in `rows` count as duplicates like rows already stored. On
    PostgreSQL the rows travel by COPY through a staging table; elsewhere as multi-row INSERTs.
    """
    first: dict[Key, NewMention] = {}
    for row in rows:
        first.setdefault(_KEY(row), row)
    unique = list(first.values())
    if not unique:
        return SaveResult([], len(rows))
    connection = session.connection()
    insert = _copy_new if _statements(connection.dialect).stage else _insert_new
    new_ids, times = insert(connection, unique)
    keys = list(first)
    stored = [
        StoredMention(new_ids[key], row)
        for key, row in zip(keys, unique, strict=True)
        if key in new_ids
    ]
    bound = dict(zip(keys, times, strict=True))
    _store_links(connection, *_link_rows(stored, bound))
    return SaveResult(stored, len(rows) - len(stored))
