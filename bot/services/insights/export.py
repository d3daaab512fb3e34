"""CSV exports of the insights: `authors` (advocates and detractors) and `year` (month by month).

Listed in `bot.features`; each yields a header row, then rows. Only aggregates
leave the database, so both stay small whatever the period.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from bot.domain.insights.advocates import AuthorProfile, Side, reach_tier
from bot.domain.insights.windows import Window, month_windows
from bot.domain.insights.year_review import csv_rows
from bot.services.exports import ExportRequest, Row, safe_text
from bot.services.insights import reports as insights
from bot.services.insights.reports import Scope

AUTHORS_PER_SIDE = 200
AUTHOR_HEADER = [
    "side",
    "rank",
    "author",
    "mentions",
    "positive",
    "negative",
    "mean_polarity",
    "reach",
    "reach_tier",
    "score",
    "main_network",
    "networks",
    "usual_hour_local",
    "first_seen",
]


def _scope(req: ExportRequest) -> Scope:
    return Scope(req.session, req.team_id, req.config)


def _author_row(rank: int, p: AuthorProfile) -> Row:
    t = p.totals
    return [
        p.side.value,
        rank,
        safe_text(t.author),
        t.mentions,
        t.positive,
        t.negative,
        round(t.mean_polarity, 4),
        t.reach,
        reach_tier(t.reach),
        p.score,
        safe_text(p.main_network),
        safe_text(";".join(f"{s}:{n}" for s, n in p.networks)),
        "" if p.usual_hour is None else p.usual_hour,
        p.first_seen.isoformat().replace("+00:00", "Z") if p.first_seen else "",
    ]


def export_authors(req: ExportRequest) -> Iterator[Row]:
    """The period's advocates, then its detractors, best first (`bot.domain.insights.advocates`)."""
    yield AUTHOR_HEADER
    window = Window(req.start_utc, req.end_utc)
    found = insights.authors_by_side(_scope(req), window, list(Side), AUTHORS_PER_SIDE)
    for side in Side:
        yield from (_author_row(rank, p) for rank, p in enumerate(found[side], start=1))


def export_year(req: ExportRequest) -> Iterator[Row]:
    """One row per calendar month of the period (the first and last cut to the period)."""
    tz = req.config.tz
    months = [
        Window(max(m.start, req.start_utc), min(m.end, req.end_utc), m.label)
        for m in month_windows(req.since, req.until + timedelta(days=1), tz)
    ]
    review = insights.year(_scope(req), f"{req.since} – {req.until}", months)
    yield from csv_rows(review)
