"""Insight queries about people and posts: advocates, detractors, their habits, top content.

Everything is aggregated in SQL over the (team, time) and (team, author, time) indexes and only
the few rows a message shows come back, so the queries stay cheap at a million mentions.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Row, Table, bindparam, case, func, literal_column, select
from sqlmodel import Session

from bot.domain.insights.advocates import AdvocateRules, Side
from bot.domain.insights.rows import AuthorDetail, AuthorTotals, Post
from bot.domain.insights.windows import Window
from models.mentions.tables import Mention, MentionBrand
from models.sql.core import table_of
from models.sql.window_sums import WindowQuery, per_window
from models.sql.windows import (
    about_brand,
    as_float,
    as_int,
    hour_bucket,
    in_window,
    parse_hour,
    span,
)

M: Table = table_of(Mention)
BRAND: Table = table_of(MentionBrand)
_POST_COLUMNS = (
    M.c.author,
    M.c.source,
    M.c.created_at,
    M.c.text,
    M.c.url,
    M.c.engagement,
    M.c.reach,
    M.c.polarity,
)
_MAX_REACH_DIGITS = 9  # reach is a 32-bit integer: at most 10 digits


def _post(row: Row[Any]) -> Post:
    return Post(
        author=row.author,
        source=row.source,
        created_at=row.created_at,
        text=row.text,
        url=row.url,
        engagement=as_int(row.engagement),
        reach=as_int(row.reach),
        polarity=as_float(row.polarity),
    )


def _scope(team_id: str, window: Window, brand: str | None) -> tuple[Any, ...]:
    """The team's mentions with an author in the window (naming `brand`, when given)."""
    return (
        M.c.team_id == team_id,
        in_window(M.c.created_at, window),
        M.c.author != "",
        *about_brand(M.c.id, team_id, brand, window),
    )


@cache
def _author_totals_statement(side: Side, rules: AdvocateRules, limit: int, brand: bool) -> Any:
    """Built once per side, rules, limit and brand filter: `/pulse` and every checklist's
    advocates line ask it for both sides again and again; each read only binds the window."""
    team = bindparam("team_id", type_=M.c.team_id.type)
    start = bindparam("start", type_=M.c.created_at.type)
    end = bindparam("end", type_=M.c.created_at.type)
    window = (M.c.created_at >= start, M.c.created_at < end)
    where = [M.c.team_id == team, *window, M.c.author != ""]
    if brand:
        links = select(BRAND.c.mention_id).where(
            BRAND.c.team_id == team,
            BRAND.c.brand == bindparam("brand"),
            BRAND.c.created_at >= start,
            BRAND.c.created_at < end,
        )
        where.append(M.c.id.in_(links))
    positive = func.sum(case((M.c.label == "positive", 1), else_=0))
    negative = func.sum(case((M.c.label == "negative", 1), else_=0))
    mentions, reach = func.count(), func.max(M.c.reach)
    ours, theirs = (positive, negative) if side is Side.ADVOCATE else (negative, positive)
    digits = range(_MAX_REACH_DIGITS, 0, -1)
    tier = case(*[(reach >= 10**k, k + 1) for k in digits], else_=1)
    return (
        select(
            M.c.author,
            mentions.label("mentions"),
            positive.label("positive"),
            negative.label("negative"),
            func.sum(M.c.polarity).label("polarity_sum"),
            reach.label("reach"),
            func.sum(M.c.engagement).label("engagement"),
        )
        .where(*where)
        .group_by(M.c.author)
        .having(mentions >= rules.min_mentions, ours >= mentions * rules.min_share, ours > theirs)
        .order_by((ours * tier).desc(), reach.desc(), mentions.desc(), M.c.author)
        .limit(limit)
    )


def author_totals(
    *,
    session: Session,
    team_id: str,
    window: Window,
    side: Side,
    rules: AdvocateRules,
    limit: int,
    brand: str | None = None,
) -> list[AuthorTotals]:
    """The best-scoring advocates (or detractors) in the window (`domain.insights.advocates`)."""
    stmt = _author_totals_statement(side, rules, limit, brand is not None)
    params = {"team_id": team_id, "start": window.start, "end": window.end, "brand": brand}
    return [
        AuthorTotals(
            author=row.author,
            mentions=as_int(row.mentions),
            positive=as_int(row.positive),
            negative=as_int(row.negative),
            polarity_sum=as_float(row.polarity_sum),
            reach=as_int(row.reach),
            engagement=as_int(row.engagement),
        )
        for row in session.execute(stmt, params)
    ]


def author_details(
    *,
    session: Session,
    team_id: str,
    window: Window,
    authors: Sequence[str],
    brand: str | None = None,
) -> dict[str, AuthorDetail]:
    """Networks, posting hours and top post in the window, and first mention ever, per author."""
    if not authors:
        return {}
    scope = (*_scope(team_id, window, brand), M.c.author.in_(authors))
    networks: dict[str, list[tuple[str, int]]] = {a: [] for a in authors}
    by_source = select(M.c.author, M.c.source, func.count()).where(*scope)
    for author, source, count in session.execute(by_source.group_by(M.c.author, M.c.source)):
        networks[author].append((source, as_int(count)))
    hours: dict[str, list[tuple[Any, int]]] = {a: [] for a in authors}
    bucket = hour_bucket(session, M.c.created_at)
    by_hour = select(M.c.author, bucket, func.count()).where(*scope).group_by(M.c.author, bucket)
    for author, hour, count in session.execute(by_hour):
        hours[author].append((parse_hour(hour), as_int(count)))
    first_seen = first_mentions(session=session, team_id=team_id, authors=authors)
    best = top_posts_by_author(
        session=session, team_id=team_id, window=window, authors=authors, brand=brand
    )
    return {
        a: AuthorDetail(tuple(networks[a]), tuple(hours[a]), first_seen.get(a), best.get(a))
        for a in authors
    }


def first_mentions(
    *, session: Session, team_id: str, authors: Sequence[str]
) -> dict[str, datetime]:
    """Each author's first mention ever, one index seek per author.

    A scalar `MIN` per author reads one entry of the (team, author, time) index, however long
    the author's history; `GROUP BY author` over `IN (...)` would walk every mention of every
    listed author (and PostgreSQL plans it as a scan of the whole table).
    """
    if not authors:
        return {}
    firsts = [
        select(func.min(M.c.created_at))
        .where(M.c.team_id == team_id, M.c.author == author)
        .scalar_subquery()
        for author in authors
    ]
    row = session.execute(select(*firsts)).one()
    return {a: at for a, at in zip(authors, row, strict=True) if at is not None}


def top_posts_by_author(
    *,
    session: Session,
    team_id: str,
    window: Window,
    authors: Sequence[str],
    brand: str | None = None,
) -> dict[str, Post]:
    """Each author's most engaging post in the window (one row per author from SQL)."""
    if not authors:
        return {}
    rank = func.row_number().over(
        partition_by=M.c.author, order_by=(M.c.engagement.desc(), M.c.reach.desc(), M.c.id)
    )
    ranked = (
        select(*_POST_COLUMNS, rank.label("rank"))
        .where(*_scope(team_id, window, brand), M.c.author.in_(authors))
        .subquery()
    )
    rows = session.execute(select(ranked).where(ranked.c.rank == 1))
    return {row.author: _post(row) for row in rows}


def top_posts(
    *, session: Session, team_id: str, window: Window, limit: int, brand: str | None = None
) -> list[Post]:
    """The window's posts with the most engagement (then reach)."""
    stmt = (
        select(*_POST_COLUMNS)
        .where(
            M.c.team_id == team_id,
            in_window(M.c.created_at, window),
            *about_brand(M.c.id, team_id, brand, window),
        )
        .order_by(M.c.engagement.desc(), M.c.reach.desc(), M.c.id)
        .limit(limit)
    )
    return [_post(row) for row in session.execute(stmt)]


def author_window_counts(
    *,
    session: Session,
    team_id: str,
    windows: Sequence[Window],
    authors: Sequence[str],
    brand: str | None = None,
) -> dict[str, list[int]]:
    """Each author's mentions per window (windows in the given order; zeros included)."""
    out = {a: [0] * len(windows) for a in authors}
    if not authors or not windows:
        return out
    where = [*_scope(team_id, span(windows), brand), M.c.author.in_(authors)]
    query = WindowQuery(M.c.created_at, [literal_column("1")], where, keys=[M.c.author])
    for (author,), per in per_window(session, query, windows).items():
        out[author] = [int(n) for (n,) in per]
    return out
