"""Storing mentions: insert-if-absent on (team, source, external id), brand links and tags.

The unique key decides what is new, inside the database, so two imports, a webhook retry and an
Events API retry can race and still store each mention once. `INSERT ... ON CONFLICT DO NOTHING
RETURNING` (SQLite 3.35+, PostgreSQL) tells which rows were new in the same statement; only those
get brand and tag rows and reach the after-store hooks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from models.mentions.tables import Mention, MentionBrand, MentionTag
from models.sql.core import table_of

Key = tuple[str, str]  # (source, external_id)
_MENTION = table_of(Mention)
_KEY_CHUNK = 500  # external ids per look-up query (well under every bound-parameter limit)


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


_EXTRA = ("brands", "hashtags", "links", "intents")
_COLUMNS = tuple(f.name for f in fields(NewMention) if f.name not in _EXTRA)


@dataclass(frozen=True)
class SaveResult:
    """The mentions that were new (with ids) and how many rows were already stored."""

    stored: list[Mention]
    duplicates: int


def existing_keys(*, session: Session, team_id: str, keys: Iterable[Key]) -> set[Key]:
    """The keys among `keys` that the team already has (one indexed query per source)."""
    by_source: dict[str, list[str]] = {}
    for source, external_id in keys:
        by_source.setdefault(source, []).append(external_id)
    found: set[Key] = set()
    for source, ids in by_source.items():
        for start in range(0, len(ids), _KEY_CHUNK):
            chunk = ids[start : start + _KEY_CHUNK]
            query = select(_MENTION.c.external_id).where(
                and_(
                    _MENTION.c.team_id == team_id,
                    _MENTION.c.source == source,
                    _MENTION.c.external_id.in_(chunk),
                )
            )
            found.update((source, row[0]) for row in session.execute(query))
    return found


def count_mentions(*, session: Session, team_id: str) -> int:
    """How many mentions the team has."""
    query = select(func.count()).select_from(_MENTION).where(_MENTION.c.team_id == team_id)
    return int(session.execute(query).scalar_one())


def _insert_ignoring(session: Session) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(_MENTION).on_conflict_do_nothing()
    return sqlite.insert(_MENTION).on_conflict_do_nothing()


def _link_rows(
    mention_id: int, row: NewMention
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    common = {"mention_id": mention_id, "team_id": row.team_id, "created_at": row.created_at}
    brands = [common | {"brand": brand[:128]} for brand in dict.fromkeys(row.brands)]
    tags = [common | {"kind": "hashtag", "value": tag} for tag in dict.fromkeys(row.hashtags)]
    tags += [common | {"kind": "link", "value": link} for link in dict.fromkeys(row.links)]
    tags += [common | {"kind": "intent", "value": i} for i in dict.fromkeys(row.intents)]
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
    values = [{name: getattr(row, name) for name in _COLUMNS} for row in unique]
    stmt = _insert_ignoring(session).returning(
        _MENTION.c.id, _MENTION.c.source, _MENTION.c.external_id
    )
    new_ids: dict[Key, int] = {
        (source, external_id): int(mention_id)
        for mention_id, source, external_id in session.execute(stmt, values)
    }
    brand_rows: list[dict[str, Any]] = []
    tag_rows: list[dict[str, Any]] = []
    for row in unique:
        mention_id = new_ids.get(row.key)
        if mention_id is not None:
            brands, tags = _link_rows(mention_id, row)
            brand_rows += brands
            tag_rows += tags
    if brand_rows:
        session.execute(insert(table_of(MentionBrand)), brand_rows)
    if tag_rows:
        session.execute(insert(table_of(MentionTag)), tag_rows)
    stored = _load(session, sorted(new_ids.values()))
    return SaveResult(stored, len(rows) - len(stored))


def _load(session: Session, ids: list[int]) -> list[Mention]:
    """The new rows as ORM objects; loading them costs less than building them one by one."""
    stored: list[Mention] = []
    for start in range(0, len(ids), _KEY_CHUNK):
        chunk = ids[start : start + _KEY_CHUNK]
        query = select(Mention).where(_MENTION.c.id.in_(chunk)).order_by(_MENTION.c.id)
        stored += session.execute(query).scalars()
    return stored
