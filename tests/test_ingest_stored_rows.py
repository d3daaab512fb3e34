"""The import's storing path keeps the stored data byte for byte.

A fixed file (the first rows of the demo's sample mentions and a few rows with time zones,
fractions of a second, a declared brand, Finnish and a repeated key) is imported with a
deterministic stand-in scorer, and every row the import writes (mentions, brand links, tags,
hourly roll-ups, crisis candidates) is dumped as the database returns it. The digests were taken
with the ORM path the driver-level inserts replaced; any change to what is stored fails here.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from bot.clock import FrozenClock
from bot.config import load_config
from bot.db import session_factory
from bot.domain.mentions.record import RecordRules
from bot.domain.sentiment.scorer import Sentiment, Thresholds
from bot.services.mentions import scoring
from bot.services.mentions.files import open_mention_file
from bot.services.mentions.ingest import ingest, plan_for

DATA = Path(__file__).resolve().parent.parent / "bot" / "data"
SAMPLE_ROWS = 3000
EXTRA_ROWS = [
    {
        "id": "x1",
        "created_at": "2026-10-19T12:00:00.123456+03:00",
        "network": "twitter",
        "author": "northwind",
        "text": "Mold in the cold brew?! #NorthwindCoffee https://x.co/a.",
        "url": "https://x.com/a/1",
        "followers": "5000",
        "likes": "3",
        "shares": "1",
        "comments": "0",
        "media": "",
        "lang": "",
    },
    {
        "id": "x2",
        "created_at": "2026-10-19 23:59:59",
        "network": "rss",
        "author": "Ärrä",
        "text": "Kahvi oli hyvää, kiitos @bluebirdroasters",
        "url": "",
        "followers": "",
        "likes": "",
        "shares": "",
        "comments": "",
        "media": "image",
        "lang": "fi",
    },
    {
        "id": "x1",
        "created_at": "2026-10-19T12:00:00Z",
        "network": "twitter",
        "author": "again",
        "text": "same key again",
        "url": "",
        "followers": "1",
        "likes": "0",
        "shares": "0",
        "comments": "0",
        "media": "",
        "lang": "en",
    },
]
DIGESTS = {
    "sqlite": "67c8caf4bb77961b7ca24627a8215adb20e916924514c0367b7175e3dce79d94",
    "postgresql": "e2d17ff492654a11ac6648e03c7a5afe78758a38ec0bed3877279c16dd4075d4",
}
TABLES = {
    "mention": "id",
    "mention_brand": "mention_id, brand",
    "mention_tag": "mention_id, kind, value",
    "mention_hourly": "team_id, brand, hour",
    "crisis_candidate": "id",
}


def fake_scores(texts: list[str], _thresholds: Thresholds) -> list[Sentiment]:
    """Scores that depend on the text alone, so the digest does not follow the real scorer."""
    out = []
    for item in texts:
        value = zlib.crc32(item.encode()) % 2001 / 1000 - 1
        label = "positive" if value > 0.3 else "negative" if value < -0.3 else "neutral"
        out.append(Sentiment(round(value, 3), abs(value) / 2, label, "en", scored=True))
    return out


def write_file(path: Path) -> Path:
    with gzip.open(DATA / "sample_mentions.csv.gz", "rt", encoding="utf-8", newline="") as raw:
        reader = csv.DictReader(raw)
        rows = [row for _, row in zip(range(SAMPLE_ROWS), reader, strict=False)]
        columns = list(reader.fieldnames or ())
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, columns)
        writer.writeheader()
        writer.writerows(rows + EXTRA_ROWS)
    return path


def dump(engine: Engine) -> str:
    out = io.StringIO()
    with engine.connect() as conn:
        for table, order in TABLES.items():
            for row in conn.exec_driver_sql(f"SELECT * FROM {table} ORDER BY {order}"):
                print(table, repr(tuple(row)), file=out)
    return out.getvalue()


def stored_digest(engine: Engine, monkeypatch: pytest.MonkeyPatch, folder: Path) -> str:
    monkeypatch.setattr(scoring, "score_many", fake_scores)
    config = load_config(DATA / "demo.yml")
    plan = plan_for(config, "TDEMO", RecordRules(source="import"))
    clock = FrozenClock(datetime(2026, 10, 19, 14, 0, tzinfo=UTC))
    with open_mention_file(write_file(folder / "fixed.csv"), None, {}) as opened:
        report = ingest(opened.records, plan, session_factory(engine), clock)
    assert (report.read, report.duplicates) == (SAMPLE_ROWS + 3, 1)
    return hashlib.sha256(dump(engine).encode()).hexdigest()


def test_stored_rows_unchanged_on_sqlite(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert stored_digest(engine, monkeypatch, tmp_path) == DIGESTS["sqlite"]


@pytest.mark.postgres
def test_stored_rows_unchanged_on_postgresql(
    pg_engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert stored_digest(pg_engine, monkeypatch, tmp_path) == DIGESTS["postgresql"]
