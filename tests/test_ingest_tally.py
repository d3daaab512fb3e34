"""The import's tally counts stored rows per brand and their time span, batch by batch."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from bot.services.mentions.ingest import _Tally
from tests.models.test_mention_repo import BASE

START = datetime(2026, 3, 1, 12, tzinfo=UTC)


def test_count_stored_counts_each_named_brand_once_per_row_and_the_span() -> None:
    batches = [
        [
            BASE._replace(external_id="a", brands=("A", "A", "B"), created_at=START),
            BASE._replace(external_id="b", brands=(), created_at=START - timedelta(hours=2)),
        ],
        [],
        [
            BASE._replace(external_id="c", brands=("B",), created_at=START + timedelta(days=1)),
            BASE._replace(external_id="d", brands=(), created_at=START),
        ],
    ]
    tally = _Tally(None)
    for batch in batches:
        tally.count_stored(iter(batch))
    assert tally.stored == 4
    assert tally.brands == Counter({"A": 1, "B": 2})
    assert tally.unbranded == 2
    assert tally.first_at == START - timedelta(hours=2)
    assert tally.last_at == START + timedelta(days=1)
    report = tally.report(["B", "A"])
    assert report.brands == (("B", 2), ("A", 1))
    assert (report.stored, report.unbranded) == (4, 2)
