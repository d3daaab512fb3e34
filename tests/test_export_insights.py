"""`vahti export authors` and `vahti export year`: the insights as CSV for other departments."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.cli.common import LOCAL_TEAM
from bot.db import create_schema, make_engine
from tests.insight_data import store


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'vahti.db'}"
    config = "timezone: Europe/Helsinki\nbrand: {name: Acme}\ncompetitors: [{name: Rival}]\n"
    (tmp_path / "vahti.yml").write_text(config)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("VAHTI_CONFIG", str(tmp_path / "vahti.yml"))
    engine = make_engine(url)
    create_schema(engine)
    at = datetime(2026, 3, 10, 16, 0, tzinfo=UTC)  # 18:00 in Helsinki
    rows: list[dict[str, object]] = [
        {
            "at": at + timedelta(days=i),
            "author": "=fan",
            "label": "positive",
            "reach": 5000,
            "source": "instagram",
            "team": LOCAL_TEAM,
        }
        for i in range(3)
    ]
    rows += [
        {"at": at, "author": "critic", "label": "negative", "team": LOCAL_TEAM},
        {
            "at": at + timedelta(hours=1),
            "author": "critic",
            "label": "negative",
            "team": LOCAL_TEAM,
        },
        {
            "at": datetime(2026, 4, 2, tzinfo=UTC),
            "brands": ["Rival"],
            "team": LOCAL_TEAM,
            "engagement": 40,
            "url": "https://x/r",
        },
        {"at": at, "author": "other-team", "label": "positive", "team": "T_OTHER"},
    ]
    store(engine, rows)
    return url


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_authors_export_lists_advocates_then_detractors(db, capsys) -> None:
    assert main(["export", "authors", "--since", "2026-03-01", "--until", "2026-03-31"]) == 0
    rows = read_csv(capsys.readouterr().out)
    assert [(r["side"], r["author"]) for r in rows] == [
        ("advocate", "'=fan"),  # a name a spreadsheet would run as a formula is defused
        ("detractor", "critic"),
    ]
    fan = rows[0]
    assert (fan["mentions"], fan["positive"], fan["reach_tier"], fan["score"]) == (
        "3",
        "3",
        "4",
        "12",
    )
    assert fan["main_network"] == "instagram" and fan["usual_hour_local"] == "18"
    assert fan["first_seen"] == "2026-03-10T16:00:00Z"


def test_year_export_has_one_row_per_month(db, capsys) -> None:
    assert main(["export", "year", "--since", "2026-01-01", "--until", "2026-12-31"]) == 0
    rows = read_csv(capsys.readouterr().out)
    assert [r["month"] for r in rows] == [f"2026-{m:02d}" for m in range(1, 13)]
    march, april = rows[2], rows[3]
    assert (march["mentions"], march["positive"], march["negative"]) == ("5", "3", "2")
    assert march["share_of_voice"] == "1.000" and march["top_author"] == "'=fan"
    # April only has a competitor's post: the brand's own figures and top post stay empty.
    assert april["share_of_voice"] == "0.000" and april["mentions"] == "0"
    assert april["top_post_url"] == ""
    assert rows[0]["mentions"] == "0" and rows[0]["share_of_voice"] == ""
