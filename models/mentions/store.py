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
from dataclasses import dataclass, fields
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Table, func, select, union_all
from sqlalchemy.engine import Connection, Dialect
from sqlmodel import Session

from models.mentions.tables import Mention, MentionBrand, MentionTag
from models.sql.core import table_of

Key = tuple[str, str]  # (source, external_id)
_MENTION = table_of(Mention)
_BRAND = table_of(MentionBrand)
_TAG = table_of(MentionTag)
_KEY_CHUNK = 500  # external ids per look-up query (well under every bound-parameter limit)
_INSERT_CHUNK = 1000  # rows per INSERT: 19,000 parameters (SQLite allows 32,766, PostgreSQL 65,535)


@dataclass(frozen=True)
class NewMention:
    """A scored and tagged mention ready to store."""

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


@dataclass(frozen=True, slots=True)
class StoredMention:
    """A mention this call stored: its new id and the values it was stored with.

    The after-store steps read these instead of loading the rows back as ORM objects.
    """

    id: int
    row: NewMention


_EXTRA = ("brands", "hashtags", "links", "intents")
_COLUMNS = tuple(f.name for f in fields(NewMention) if f.name not in _EXTRA)
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
        selects = [
            select(_MENTION.c.source, _MENTION.c.external_id).where(
                _MENTION.c.team_id == team_id,
                _MENTION.c.source == source,
                _MENTION.c.external_id.in_(ids),
            )
            for source, ids in chunk
        ]
        query = selects[0] if len(selects) == 1 else union_all(*selects)
        found.update((source, external_id) for source, external_id in session.execute(query))
    return found


def count_mentions(*, session: Session, team_id: str) -> int:
    """How many mentions the team has."""
    query = select(func.count()).select_from(_MENTION).where(_MENTION.c.team_id == team_id)
    return int(session.execute(query).scalar_one())


Processor = Callable[[Any], Any]


@dataclass(frozen=True)
class _Statements:
    """Driver-level SQL and bind processors for one dialect, built once."""

    mention_row: Callable[[int], str]  # rows -> INSERT ... VALUES (...) x rows ... RETURNING
    brand_insert: str
    tag_insert: str
    processors: dict[str, Processor]  # column -> bind processor, where the type has one


def _placeholder(dialect: Dialect) -> str:
    return "?" if dialect.paramstyle == "qmark" else "%s"


def _insert_sql(dialect: Dialect, table: Table, columns: Sequence[str]) -> tuple[str, str]:
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(name) for name in columns)
    marks = "(" + ", ".join([_placeholder(dialect)] * len(columns)) + ")"
    return f"INSERT INTO {quote(table.name)} ({names}) VALUES ", marks


@cache
def _statements(dialect: Dialect) -> _Statements:
    quote = dialect.identifier_preparer.quote
    head, marks = _insert_sql(dialect, _MENTION, _COLUMNS)
    tail = (
        " ON CONFLICT DO NOTHING RETURNING "
        f"{quote('id')}, {quote('source')}, {quote('external_id')}"
    )

    def mention_rows(count: int) -> str:
        return head + ", ".join([marks] * count) + tail

    brand_head, brand_marks = _insert_sql(dialect, _BRAND, (*_LINK_COLUMNS, "brand"))
    tag_head, tag_marks = _insert_sql(dialect, _TAG, (*_LINK_COLUMNS, "kind", "value"))
    processors: dict[str, Processor] = {}
    for name in _COLUMNS:
        # The dialect's own type (SQLite's DATETIME formats the text SQLAlchemy stores).
        processor = _MENTION.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if processor is not None:
            processors[name] = processor
    return _Statements(
        cache(mention_rows), brand_head + brand_marks, tag_head + tag_marks, processors
    )


def _bound_rows(rows: Sequence[NewMention], processors: dict[str, Processor]) -> list[Any]:
    """The rows' column values in `_COLUMNS` order, flattened, as the driver takes them."""
    flat: list[Any] = []
    for row in rows:
        flat += [getattr(row, name) for name in _COLUMNS]
    width = len(_COLUMNS)
    for position, name in enumerate(_COLUMNS):
        process = processors.get(name)
        if process is not None:
            flat[position::width] = [process(value) for value in flat[position::width]]
    return flat


def _insert_new(connection: Connection, rows: list[NewMention]) -> dict[Key, int]:
    """Insert the rows whose keys are free; returns the new ids by key."""
    sql = _statements(connection.dialect)
    new_ids: dict[Key, int] = {}
    for start in range(0, len(rows), _INSERT_CHUNK):
        chunk = rows[start : start + _INSERT_CHUNK]
        params = tuple(_bound_rows(chunk, sql.processors))
        result = connection.exec_driver_sql(sql.mention_row(len(chunk)), params)
        new_ids.update(((s, e), int(i)) for i, s, e in result)
    return new_ids


def _link_rows(
    stored: list[StoredMention], processors: dict[str, Processor]
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Brand and tag rows of the stored mentions, bound for the driver."""
    at = processors.get("created_at", lambda value: value)
    brands: list[tuple[Any, ...]] = []
    tags: list[tuple[Any, ...]] = []
    for item in stored:
        row = item.row
        common = (item.id, row.team_id, at(row.created_at))
        brands += [(*common, brand[:128]) for brand in dict.fromkeys(row.brands)]
        tags += [(*common, "hashtag", tag) for tag in dict.fromkeys(row.hashtags)]
        tags += [(*common, "link", link) for link in dict.fromkeys(row.links)]
        tags += [(*common, "intent", intent) for intent in dict.fromkeys(row.intents)]
    return brands, tags


def save_mentions(*, session: Session, rows: Sequence[NewMention]) -> SaveResult:
    """Insert the rows whose keys are free and link brands and tags; returns the new rows.

    Rows repeating a key earlier in `rows` count as duplicates like rows already stored.
    """
    first: dict[Key, NewMention] = {}
    for row in rows:
        first.setdefault(row.key, row)
    unique = list(first.values())
    if not unique:
        return SaveResult([], len(rows))
    connection = session.connection()
    new_ids = _insert_new(connection, unique)
    stored = [StoredMention(new_ids[row.key], row) for row in unique if row.key in new_ids]
    sql = _statements(connection.dialect)
    brand_rows, tag_rows = _link_rows(stored, sql.processors)
    if brand_rows:
        connection.exec_driver_sql(sql.brand_insert, brand_rows)
    if tag_rows:
        connection.exec_driver_sql(sql.tag_insert, tag_rows)
    return SaveResult(stored, len(rows) - len(stored))
