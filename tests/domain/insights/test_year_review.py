"""Year in review: totals, busiest month, weighted share of voice, CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

from bot.domain.insights.rows import Post, Totals
from bot.domain.insights.year_review import CSV_HEADER, MonthRow, sum_totals, to_csv, year_review

POST = Post("=cmd|calc", "x", datetime(2026, 3, 2, tzinfo=UTC), "hi", "https://x/1", 90, 5, 0.5)


def review():
    months = [
        MonthRow(date(2026, 1, 1), Totals(100, 50, 10, 20.0, 1000, 300), 0.5, "ann", POST),
        MonthRow(date(2026, 2, 1), Totals(300, 90, 60, 15.0, 4000, 900), 0.3, "=1+2", None),
        MonthRow(date(2026, 3, 1), Totals(0, 0, 0, 0.0, 0, 0), None, None, None),
    ]
    return year_review("2026", "Acme", months, [], [POST], 0.35)


def test_totals_and_busiest_month() -> None:
    r = review()
    assert r.totals == Totals(400, 140, 70, 35.0, 5000, 1200)
    assert r.busiest is not None and r.busiest.month == date(2026, 2, 1)
    assert r.own_share == 0.35
    assert sum_totals([]) == Totals()


def test_csv_has_a_row_per_month_and_defuses_formulas() -> None:
    rows = list(csv.reader(io.StringIO(to_csv(review()))))
    assert tuple(rows[0]) == CSV_HEADER
    assert len(rows) == 4
    jan = dict(zip(rows[0], rows[1], strict=True))
    assert jan["month"] == "2026-01" and jan["mentions"] == "100" and jan["neutral"] == "40"
    assert jan["share_of_voice"] == "0.500" and jan["top_post_url"] == "https://x/1"
    assert rows[2][9] == "'=1+2"  # an author name is never run as a formula
    assert rows[3][8] == ""  # no share of voice in an empty month
