"""Insight queries that count per window: totals, tags and videos, brands, campaign hours.

Each returns one number per window (or per UTC hour for curves) computed in SQL; see
models/sql_windows.py for how windows and hours are expressed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, case, func, literal_column, or_, select
from sqlmodel import Session

from bot.domain.insights.activation import Contributor
from bot.domain.insights.rows import Totals
from bot.domain.insights.share_of_voice import BrandCounts
from bot.domain.insights.windows import Window
from models.mentions.tables import Mention, MentionBrand, MentionTag
from models.sql.core import table_of
from models.sql.window_sums import WindowQuery, per_window, totals
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
TAG: Table = table_of(MentionTag)
BRAND: Table = table_of(MentionBrand)


def _is(label: str) -> Any:
    return case((M.c.label == label, 1), else_=0)


ONE: ColumnElement[Any] = literal_column("1")


def window_totals(
    *, session: Session, team_id: str, windows: Sequence[Window], brand: str | None = None
) -> list[Totals]:
    """Mentions, sentiment, reach and engagement per window, in one query."""
    if not windows:
        return []
    measures = [ONE, _is("positive"), _is("negative"), M.c.polarity, M.c.reach, M.c.engagement]
    where = [M.c.team_id == team_id, *about_brand(M.c.id, team_id, brand, span(windows))]
    sums = per_window(session, WindowQuery(M.c.created_at, measures, where), windows)
    return [
        Totals(int(n), int(pos), int(neg), pol, int(reach), int(eng))
        for n, pos, neg, pol, reach, eng in totals(sums, len(windows), len(measures))
    ]


def _tag_filter(
    team_id: str, kind: str, window: Window, values: Sequence[str] | None, brand: str | None
) -> list[ColumnElement[bool]]:
    where = [
        TAG.c.team_id == team_id,
        TAG.c.kind == kind,
        in_window(TAG.c.created_at, window),
        *about_brand(TAG.c.mention_id, team_id, brand, window),
    ]
    if values is not None:
        where.append(TAG.c.value.in_(values))
    return where


def _video_filter(team_id: str, window: Window, brand: str | None) -> list[ColumnElement[bool]]:
    return [
        M.c.team_id == team_id,
        in_window(M.c.created_at, window),
        M.c.media == "video",
        *about_brand(M.c.id, team_id, brand, window),
    ]


def tag_counts(
    *,
    session: Session,
    team_id: str,
    kind: str,
    windows: Sequence[Window],
    values: Sequence[str] | None = None,
    brand: str | None = None,
) -> list[int]:
    """Hashtag or link uses per window (only `values`, in mentions naming `brand`, when given)."""
    where = _tag_filter(team_id, kind, span(windows), values, brand)
    sums = per_window(session, WindowQuery(TAG.c.created_at, [ONE], where), windows)
    return [int(n) for (n,) in totals(sums, len(windows), 1)]


def video_counts(
    *, session: Session, team_id: str, windows: Sequence[Window], brand: str | None = None
) -> list[int]:
    """Mentions whose media is a video, per window."""
    where = _video_filter(team_id, span(windows), brand)
    sums = per_window(session, WindowQuery(M.c.created_at, [ONE], where), windows)
    return [int(n) for (n,) in totals(sums, len(windows), 1)]


def tag_contributors(
    *,
    session: Session,
    team_id: str,
    kind: str,
    window: Window,
    values: Sequence[str] | None = None,
    brand: str | None = None,
) -> list[Contributor]:
    """The single most used tag and the author who used such tags most, in the window."""
    where = _tag_filter(team_id, kind, window, values, brand)
    n = func.count()
    top_value = session.execute(
        select(TAG.c.value, n).where(*where).group_by(TAG.c.value).order_by(n.desc(), TAG.c.value)
    ).first()
    top_author = session.execute(
        select(M.c.author, n)
        .join(M, M.c.id == TAG.c.mention_id)
        .where(*where, M.c.author != "")
        .group_by(M.c.author)
        .order_by(n.desc(), M.c.author)
    ).first()
    out = []
    if top_value is not None:
        out.append(Contributor(kind, str(top_value[0]), as_int(top_value[1])))
    if top_author is not None:
        out.append(Contributor("author", str(top_author[0]), as_int(top_author[1])))
    return out


def video_contributors(
    *, session: Session, team_id: str, window: Window, brand: str | None = None
) -> list[Contributor]:
    """The author who shared most videos in the window."""
    n = func.count()
    top = session.execute(
        select(M.c.author, n)
        .where(*_video_filter(team_id, window, brand), M.c.author != "")
        .group_by(M.c.author)
        .order_by(n.desc(), M.c.author)
    ).first()
    return [] if top is None else [Contributor("author", str(top[0]), as_int(top[1]))]


def brand_counts(
    *, session: Session, team_id: str, windows: Sequence[Window], reach: bool = True
) -> list[BrandCounts]:
    """Per brand named in mentions: brand mentions and (when `reach`) their reach per window.

    With reach, rows come from the mentions' (team, time) index joined to the brand rows by
    their key; without it, from the brand rows' own index alone (reach is then 0).
    """
    if reach:
        query = WindowQuery(
            time=M.c.created_at,
            measures=[ONE, M.c.reach],
            where=[M.c.team_id == team_id],
            keys=[BRAND.c.brand],
            source=M.join(BRAND, BRAND.c.mention_id == M.c.id),
        )
    else:
        query = WindowQuery(
            time=BRAND.c.created_at,
            measures=[ONE, literal_column("0")],
            where=[BRAND.c.team_id == team_id],
            keys=[BRAND.c.brand],
        )
    return [
        BrandCounts(
            str(brand),
            tuple(int(n) for n, _ in per),
            tuple(int(r) for _, r in per),
        )
        for (brand,), per in per_window(session, query, windows).items()
    ]


def campaign_hours(
    *,
    session: Session,
    team_id: str,
    window: Window,
    hashtags: Sequence[str],
    keywords: Sequence[str],
) -> list[tuple[datetime, Totals]]:
    """A campaign's mentions (a hashtag of it, or a keyword in the text) per UTC hour."""
    matches: list[ColumnElement[bool]] = []
    if hashtags:
        tagged = select(TAG.c.mention_id).where(
            TAG.c.team_id == team_id,
            TAG.c.kind == "hashtag",
            TAG.c.value.in_([h.lower() for h in hashtags]),
            in_window(TAG.c.created_at, window),
        )
        matches.append(M.c.id.in_(tagged))
    matches += [func.lower(M.c.text).contains(k.lower(), autoescape=True) for k in keywords if k]
    if not matches:
        return []
    bucket = hour_bucket(session, M.c.created_at)
    stmt = (
        select(
            bucket,
            func.count(),
            func.sum(_is("positive")),
            func.sum(_is("negative")),
            func.sum(M.c.polarity),
            func.sum(M.c.reach),
            func.sum(M.c.engagement),
        )
        .where(M.c.team_id == team_id, in_window(M.c.created_at, window), or_(*matches))
        .group_by(bucket)
    )
    return [
        (
            parse_hour(hour),
            Totals(as_int(n), as_int(p), as_int(g), as_float(pol), as_int(r), as_int(e)),
        )
        for hour, n, p, g, pol, r, e in session.execute(stmt)
    ]


def first_mention_at(*, session: Session, team_id: str) -> datetime | None:
    """When the team's data begins (its oldest mention): weeks before it have no data, not zero."""
    found = session.execute(select(func.min(M.c.created_at)).where(M.c.team_id == team_id))
    value = found.scalar()
    return value if isinstance(value, datetime) else None


def mentions_stamp(
    *, session: Session, team_id: str, windows: Sequence[Window]
) -> tuple[int, int | None]:
    """How many of the team's mentions the windows' span holds, and the newest id among them:
    mentions are only inserted, so while this stays the same so does every figure read from
    those windows (one range of the `(team_id, created_at)` index)."""
    row = session.execute(
        select(func.count(), func.max(M.c.id)).where(
            M.c.team_id == team_id, in_window(M.c.created_at, span(windows))
        )
    ).one()
    return as_int(row[0]), None if row[1] is None else int(row[1])
