"""SQL building blocks for aggregates over time windows, the same on SQLite and PostgreSQL.

Counting "per window" with `SUM(CASE WHEN t >= start AND t < end ...)` reads the index range once
and returns one number per window, with the window bounds cut in Python on the team's calendar.
Where a curve needs finer steps, rows are grouped by UTC hour (`hour_bucket`) and summed into
local days in Python, which stays exact across DST changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, case, func, literal_column, select
from sqlmodel import Session

from bot.domain.insights.windows import Window
from models.mentions.tables import MentionBrand
from models.sql.core import table_of

BRAND: Table = table_of(MentionBrand)


def in_window(column: Any, window: Window) -> ColumnElement[bool]:
    """`start <= column < end`."""
    return and_(column >= window.start, column < window.end)


def sum_in(column: Any, value: Any, window: Window) -> ColumnElement[Any]:
    """The sum of `value` over the rows in the window."""
    return func.coalesce(func.sum(case((in_window(column, window), value), else_=0)), 0)


def span(windows: Sequence[Window]) -> Window:
    """The smallest window covering all of `windows` (to bound the index range)."""
    if not windows:
        raise ValueError("no windows")
    return Window(min(w.start for w in windows), max(w.end for w in windows))


def hour_bucket(session: Session, column: Any) -> ColumnElement[Any]:
    """The row's UTC hour as a groupable value; read it back with `parse_hour`."""
    if session.get_bind().dialect.name == "postgresql":
        utc = func.timezone(literal_column("'UTC'"), column)
        return func.date_trunc(literal_column("'hour'"), utc)
    # SQLite stores UTC as 'YYYY-MM-DD HH:MM:SS.ffffff' text: the first 13 characters are the hour.
    return func.substr(column, literal_column("1"), literal_column("13"))


def parse_hour(value: Any) -> datetime:
    """A `hour_bucket` value as an aware UTC datetime."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return _parse_text_hour(str(value))


@lru_cache(maxsize=65536)
def _parse_text_hour(text: str) -> datetime:
    # 'YYYY-MM-DD HH': the same hours come back for every brand or author, hence the cache.
    return datetime.fromisoformat(text + ":00").replace(tzinfo=UTC)


def as_int(value: Any) -> int:
    """An aggregate's value as an int (NULL is 0; PostgreSQL may answer Decimal)."""
    return int(value or 0)


def as_float(value: Any) -> float:
    """An aggregate's value as a float (NULL is 0)."""
    return float(value or 0.0)


def about_brand(
    mention_id: Any, team_id: str, brand: str | None, window: Window
) -> list[ColumnElement[bool]]:
    """A filter to mentions naming `brand` (none when no brand is given), via the brand index."""
    if brand is None:
        return []
    linked = select(BRAND.c.mention_id).where(
        BRAND.c.team_id == team_id, BRAND.c.brand == brand, in_window(BRAND.c.created_at, window)
    )
    return [mention_id.in_(linked)]
