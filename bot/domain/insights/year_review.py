"""The year in review: per month volume, sentiment, share of voice, top author and top post.

Shared with other departments as CSV, one row per month, so the numbers leave Slack.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from bot.domain.insights.rows import AuthorTotals, Post, Totals


@dataclass(frozen=True)
class MonthRow:
    """One month of the year."""

    month: date
    totals: Totals
    own_share: float | None
    top_author: str | None
    top_post: Post | None


@dataclass(frozen=True)
class YearReview:
    """The months, the year's totals, its busiest month, best advocates and best posts."""

    label: str
    brand: str | None
    months: tuple[MonthRow, ...]
    totals: Totals
    advocates: tuple[AuthorTotals, ...]
    top_posts: tuple[Post, ...]
    own_share: float | None = None

    @property
    def busiest(self) -> MonthRow | None:
        return max(self.months, key=lambda m: m.totals.mentions, default=None)


def sum_totals(items: Iterable[Totals]) -> Totals:
    """Totals of several windows added up."""
    out = Totals()
    for t in items:
        out = Totals(
            out.mentions + t.mentions,
            out.positive + t.positive,
            out.negative + t.negative,
            out.polarity_sum + t.polarity_sum,
            out.reach + t.reach,
            out.engagement + t.engagement,
        )
    return out


def year_review(
    label: str,
    brand: str | None,
    months: Sequence[MonthRow],
    advocates: Sequence[AuthorTotals],
    top_posts: Sequence[Post],
    own_share: float | None = None,
) -> YearReview:
    """Assemble the review; the year's totals are the months' sums."""
    return YearReview(
        label,
        brand,
        tuple(months),
        sum_totals(m.totals for m in months),
        tuple(advocates),
        tuple(top_posts),
        own_share,
    )


CSV_HEADER = (
    "month",
    "mentions",
    "positive",
    "neutral",
    "negative",
    "mean_polarity",
    "reach",
    "engagement",
    "share_of_voice",
    "top_author",
    "top_post_url",
    "top_post_engagement",
)


def spreadsheet_safe(text: str) -> str:
    """Outside text that a spreadsheet will not run as a formula (`=`, `+`, `-`, `@` first)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _month_cells(row: MonthRow) -> list[str]:
    t = row.totals
    post = row.top_post
    return [
        f"{row.month:%Y-%m}",
        str(t.mentions),
        str(t.positive),
        str(t.neutral),
        str(t.negative),
        f"{t.mean_polarity:.3f}",
        str(t.reach),
        str(t.engagement),
        "" if row.own_share is None else f"{row.own_share:.3f}",
        spreadsheet_safe(row.top_author or ""),
        spreadsheet_safe(post.url or "") if post else "",
        str(post.engagement) if post else "",
    ]


def csv_rows(review: YearReview) -> list[list[str]]:
    """The review as CSV rows: the header, then one row per month."""
    return [list(CSV_HEADER), *(_month_cells(row) for row in review.months)]


def to_csv(review: YearReview) -> str:
    """The review as CSV text."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(csv_rows(review))
    return buffer.getvalue()
