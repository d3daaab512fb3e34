"""The import's fast path: what is scored, what is stored, and that a batch is all or nothing.

Reposts are scored once, rows already stored or rejected are not scored at all, and scoring each
distinct text once stores exactly the scores of scoring every row. On PostgreSQL the rows go
through COPY into a staging table; a re-import stores nothing and a failing batch leaves none of
its rows behind, on both databases.
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.clock import FrozenClock
from bot.config import VahtiConfig
from bot.db import make_engine, session_factory
from bot.domain.mentions.record import RecordRules
from bot.domain.sentiment.scorer import Sentiment, Thresholds, score_many
from bot.services.mentions import after_store, scoring
from bot.services.mentions.files import open_mention_file
from bot.services.mentions.ingest import IngestReport, ingest, plan_for

CLOCK = FrozenClock(datetime(2026, 11, 3, 8, 0, tzinfo=UTC))
START = datetime(2026, 11, 1, tzinfo=UTC)
MOODS = ["love the new roast", "the queue was awful again", "open on sunday?", "meh, fine"]


def rows(count: int) -> list[list[str]]:
    """Distinct posts and every fifth one a repost of an earlier post, word for word."""
    out = []
    for n in range(count):
        if n % 5 == 4:
            post = f"RT @user{n - 3}: {out[n - 3][3]}"
        else:
            post = f"Northwind {MOODS[n % 4]} #{n}day number {n}"
        at = (START + timedelta(minutes=n)).strftime("%Y-%m-%dT%H:%M:%SZ")
        out.append([f"m{n}", at, f"user{n}", post, str(10 * n)])
    return out


def write(path: Path, body: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "created_at", "author", "text", "followers"])
        writer.writerows(body)
    return path


def run(engine: Engine, path: Path, batch_size: int = 16) -> IngestReport:
    config = VahtiConfig.model_validate({"brand": {"name": "Northwind", "keywords": ["northwind"]}})
    plan = plan_for(config, "T1", RecordRules(source="test"))
    plan = type(plan)(**{**plan.__dict__, "batch_size": batch_size})
    with open_mention_file(path, None, {}) as opened:
        return ingest(opened.records, plan, session_factory(engine), CLOCK)


def stored(engine: Engine) -> dict[str, tuple[object, ...]]:
    query = "SELECT external_id, text, polarity, subjectivity, label, brand, reach FROM mention"
    with engine.connect() as conn:
        return {row[0]: tuple(row[1:]) for row in conn.execute(text(query))}


def count(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


@pytest.fixture
def scored(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text the import sends to the scorer."""
    seen: list[str] = []

    def counting(texts: list[str], thresholds: Thresholds) -> list[Sentiment]:
        seen.extend(texts)
        return score_many(texts, thresholds)

    monkeypatch.setattr(scoring, "score_many", counting)
    return seen


def test_reposts_are_scored_once_and_a_reimport_scores_nothing(
    engine: Engine, tmp_path: Path, scored: list[str]
) -> None:
    path = write(tmp_path / "m.csv", rows(40))
    first = run(engine, path)
    assert (first.stored, first.duplicates, first.rejected) == (40, 0, 0)
    assert len(scored) == len(set(scored)) == 32  # 8 reposts repeat an earlier post
    scored.clear()
    again = run(engine, path)
    assert (again.stored, again.duplicates) == (0, 40)
    assert scored == []
    assert count(engine, "mention") == 40


def test_rejected_rows_are_not_scored_and_the_rest_are_stored(
    engine: Engine, tmp_path: Path, scored: list[str]
) -> None:
    body = rows(20)
    body[7][1] = "yesterday"  # a bad date in the middle of a batch
    body[12][3] = "   "  # an empty text
    report = run(engine, write(tmp_path / "m.csv", body))
    assert (report.stored, report.rejected) == (18, 2)
    assert [(r.line, r.reason) for r in report.rejections] == [
        (9, "bad date 'yesterday'"),
        (14, "empty text"),
    ]
    assert body[7][3] not in scored
    assert set(stored(engine)) == {f"m{n}" for n in range(20)} - {"m7", "m12"}


def test_scoring_each_distinct_text_once_stores_the_scores_of_every_row(
    engine: Engine, tmp_path: Path
) -> None:
    run(engine, write(tmp_path / "m.csv", rows(30)))
    found = stored(engine)
    alone = {mid: score_many([values[0]])[0] for mid, values in found.items()}  # type: ignore[list-item]
    assert {mid: v[1:4] for mid, v in found.items()} == {
        mid: (s.polarity, s.subjectivity, s.label) for mid, s in alone.items()
    }


def test_a_failing_batch_stores_none_of_its_rows(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = 0
    original = after_store.record_candidates

    def failing_second(*args: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("the database went away")
        original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(after_store, "record_candidates", failing_second)
    with pytest.raises(RuntimeError):
        run(engine, write(tmp_path / "m.csv", rows(40)))
    assert count(engine, "mention") == 16  # the first batch, whole; nothing of the second
    assert count(engine, "mention_brand") == 16


def test_copy_path_on_postgresql_matches_sqlite(
    pg_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "m.csv", rows(50))
    lite = make_engine(f"sqlite:///{tmp_path / 'lite.db'}")
    from bot.db import create_schema

    create_schema(lite)
    assert run(lite, path).stored == run(pg_engine, path).stored == 50
    assert stored(pg_engine) == stored(lite)
    for table in ("mention_brand", "mention_tag", "mention_hourly"):
        assert count(pg_engine, table) == count(lite, table) > 0
    again = run(pg_engine, path)
    assert (again.stored, again.duplicates) == (0, 50)
    assert count(pg_engine, "mention") == 50
    # A batch that fails after its COPY leaves nothing behind, and the next import goes on.
    body = rows(70)[50:]
    monkeypatch.setattr(after_store, "add_to_rollups", _raise)
    with pytest.raises(RuntimeError):
        run(pg_engine, write(tmp_path / "more.csv", body))
    assert count(pg_engine, "mention") == 50
    monkeypatch.undo()
    assert run(pg_engine, write(tmp_path / "more.csv", body)).stored == 20


def _raise(*_args: object) -> None:
    raise RuntimeError("the database went away")
