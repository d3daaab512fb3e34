"""Sums per time window in one query, picking the cheaper of two exact SQL shapes.

- Windows that start and end on whole UTC hours (local midnights in every zone with a whole-hour
  offset, so months and weeks of the team's calendar) are summed by grouping rows per UTC hour
  in SQL and adding the hours up in Python: one cheap key per row, at most 8,760 groups a year.
- Other windows (a rolling "last 7 days" ending at this minute) get a `SUM(CASE ...)` column per
  window and measure, which is exact for any bounds and cheap for a few windows.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from sqlalchemy import ColumnElement, FromClause, func, select
from sqlmodel import Session

from bot.domain.insights.windows import Window
from models.sql.windows import hour_bucket, in_window, parse_hour, span, sum_in

Key = tuple[Any, ...]
Sums = dict[Key, list[list[float]]]  # group key -> per window -> per measure


@dataclass(frozen=True)
class WindowQuery:
    """What to sum: `measures` over rows of `source` matching `where`, per `keys` and window."""

    time: Any
    measures: Sequence[Any]
    where: Sequence[ColumnElement[bool]]
    keys: Sequence[Any] = ()
    source: FromClause | None = None


def _on_the_hour(windows: Sequence[Window]) -> bool:
    bounds = [b for w in windows for b in (w.start, w.end)]
    whole = all(b.minute == 0 and b.second == 0 and b.microsecond == 0 for b in bounds)
    ordered = all(a.end <= b.start for a, b in pairwise(windows))
    return whole and ordered


def _select(query: WindowQuery, columns: list[Any], windows: Sequence[Window]) -> Any:
    stmt = select(*query.keys, *columns)
    if query.source is not None:
        stmt = stmt.select_from(query.source)
    return stmt.where(*query.where, in_window(query.time, span(windows)))


def _by_hour(session: Session, query: WindowQuery, windows: Sequence[Window]) -> Sums:
    bucket = hour_bucket(session, query.time)
    sums = [func.sum(m) for m in query.measures]
    stmt = _select(query, [bucket, *sums], windows).group_by(*query.keys, bucket)
    starts = [w.start for w in windows]
    k = len(query.keys)
    out: Sums = {}
    for row in session.execute(stmt):
        hour = parse_hour(row[k])
        index = bisect_right(starts, hour) - 1
        if index < 0 or not windows[index].contains(hour):
            continue
        per_window = out.setdefault(tuple(row[:k]), _zeros(len(windows), len(sums)))
        for j, value in enumerate(row[k + 1 :]):
            per_window[index][j] += float(value or 0)
    return out


def _by_case(session: Session, query: WindowQuery, windows: Sequence[Window]) -> Sums:
    columns = [sum_in(query.time, m, w) for w in windows for m in query.measures]
    stmt = _select(query, columns, windows)
    if query.keys:
        stmt = stmt.group_by(*query.keys)
    k, width = len(query.keys), len(query.measures)
    out: Sums = {}
    for row in session.execute(stmt):
        values = [float(v or 0) for v in row[k:]]
        out[tuple(row[:k])] = [values[i * width : (i + 1) * width] for i in range(len(windows))]
    return out


def _zeros(windows: int, measures: int) -> list[list[float]]:
    return [[0.0] * measures for _ in range(windows)]


def per_window(session: Session, query: WindowQuery, windows: Sequence[Window]) -> Sums:
    """Each key's sums per window and measure (keys without rows are absent)."""
    if not windows:
        return {}
    if _on_the_hour(windows):
        return _by_hour(session, query, windows)
    return _by_case(session, query, windows)


def totals(sums: Sums, windows: int, measures: int, key: Key = ()) -> list[list[float]]:
    """The sums of one key (zeros when it had no rows)."""
    return sums.get(key) or _zeros(windows, measures)
