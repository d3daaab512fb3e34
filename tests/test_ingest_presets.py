"""Listening tools' exports through `vahti ingest`: recognised by header, every field kept.

The files in tests/data/exports/ are shaped like each tool's export as its documentation
describes it (report lines above Brandwatch's header, Meltwater's UTF-16 tab-separated file with
a separate 12-hour `Time`, Sprout's zone in the date header, Talkwalker's epoch milliseconds and
-5..5 sentiment, Brand24's `Hour` and semicolons). Each holds the same three posts: an English
tweet, a Finnish complaint the tool rated negative, a Finnish news item about the competitor.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.cli import main
from bot.db import create_schema, make_engine, session_factory, session_scope
from models.mentions.store import count_mentions, save_mentions
from tests.models.test_mention_repo import BASE

EXPORTS = Path(__file__).parent / "data" / "exports"
CONFIG = """
workspace: T0TEST
timezone: Europe/Helsinki
brand: {name: Northwind, keywords: [northwind]}
competitors:
  - {name: Harbor Roasters, keywords: [harbor]}
"""
UTC_TIMES = ("2026-11-03 08:15", "2026-11-03 09:40", "2026-11-03 11:05")
# tool -> (networks, the tool's labels, the complaint's time when it differs)
EXPECTED = {
    "brandwatch": (("twitter", "facebook", "news"), ("positive", "negative", "neutral"), None),
    "meltwater": (("twitter", "twitter", "news"), ("positive", "negative", None), "10:40"),
    "talkwalker": (("twitter", "facebook", "news"), ("positive", "negative", "neutral"), None),
    "sprout": (("twitter", "instagram", "reddit"), ("positive", "negative", "neutral"), None),
    "brand24": (("twitter", "facebook", "news"), ("positive", "negative", "neutral"), None),
    "mention": (("twitter", "facebook", "news"), ("positive", "negative", "neutral"), None),
}


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'vahti.db'}"
    config = tmp_path / "vahti.yml"
    config.write_text(CONFIG, encoding="utf-8")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("VAHTI_CONFIG", str(config))
    return url


def rows(url: str, sql: str) -> list[tuple[object, ...]]:
    with make_engine(url).connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def ingest(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["ingest", *args])
    return code, capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("tool", sorted(EXPECTED))
def test_export_recognised_and_read(db: str, capsys: pytest.CaptureFixture[str], tool: str) -> None:
    networks, labels, complaint_time = EXPECTED[tool]
    code, out = ingest(capsys, str(EXPORTS / f"{tool}.csv"), "--json")
    report = json.loads(out[-1])
    assert (code, report["preset"], report["read"], report["stored"]) == (0, tool, 3, 3)
    assert report["brands"] == {"Northwind": 2, "Harbor Roasters": 1}
    stored = rows(
        db,
        "SELECT source, created_at, reach, shares, tool_sentiment, label, scored, "
        "brand, lang FROM mention ORDER BY created_at",
    )
    assert tuple(r[0] for r in stored) == networks
    times = [str(r[1])[:16] for r in stored]
    expected_times = list(UTC_TIMES)
    if complaint_time:
        expected_times[1] = f"2026-11-03 {complaint_time}"
    assert times == expected_times
    # Reach, not impressions; retweets as shares (Meltwater's export has no retweet count).
    assert (stored[0][2], stored[0][3]) == (1200, 0 if tool == "meltwater" else 7)
    assert tuple(r[4] for r in stored) == labels
    # The Finnish complaint: Vahti cannot score Finnish, so the tool's label counts.
    assert stored[1][5:] == ("negative", 1, "Northwind", "fi")
    assert stored[2][7] == "Harbor Roasters"


def test_reimport_stores_nothing_and_preset_can_be_forced(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    export = str(EXPORTS / "brandwatch.csv")
    assert ingest(capsys, export)[1][-1] == "read 3, stored 3, duplicates 0, rejected 0"
    code, out = ingest(capsys, export, "--preset", "brandwatch")
    assert (code, out[-1]) == (0, "read 3, stored 0, duplicates 3, rejected 0")
    assert "read as: brandwatch export" in out


def test_brandwatch_engagement_sums_the_networks_columns(db: str, capsys) -> None:
    ingest(capsys, str(EXPORTS / "brandwatch.csv"))
    assert rows(db, "SELECT engagement FROM mention ORDER BY created_at") == [(29,), (8,), (0,)]


def test_where_the_rows_went(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = ingest(capsys, str(EXPORTS / "brand24.csv"))
    assert code == 0
    assert out == [
        f"database: {db}",
        "workspace: T0TEST",
        "read as: brand24 export",
        "brands: Northwind 2, Harbor Roasters 1; no brand: 0",
        "time span: 2026-11-03 10:15 – 2026-11-03 13:05 (Europe/Helsinki)",
        "read 3, stored 3, duplicates 0, rejected 0",
    ]


def test_timezone_option_overrides_the_team_zone(db: str, capsys) -> None:
    ingest(capsys, str(EXPORTS / "brand24.csv"), "--timezone", "UTC")
    assert str(rows(db, "SELECT min(created_at) FROM mention")[0][0]).startswith("2026-11-03 10:15")


def test_no_workspace_is_refused_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'v.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    config = tmp_path / "vahti.yml"
    config.write_text("timezone: Europe/Helsinki\n", encoding="utf-8")
    monkeypatch.setenv("VAHTI_CONFIG", str(config))
    code = main(["ingest", str(EXPORTS / "mention.csv")])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert "workspace: T…" in captured.err and "--workspace" in captured.err
    assert rows(url, "SELECT count(*) FROM mention") == [(0,)]
    # Named on the command line it stores, and again with the config nothing lands twice.
    assert main(["ingest", str(EXPORTS / "mention.csv"), "--workspace", "T0TEST"]) == 0
    config.write_text("workspace: T0TEST\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["ingest", str(EXPORTS / "mention.csv")]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "read 3, stored 0, duplicates 3, rejected 0"
    )
    assert main(["ingest", str(EXPORTS / "mention.csv"), "--workspace", "T_LOCAL"]) == 2


def test_meltwater_without_its_time_column_is_not_midnight_when_generic(
    db: str, tmp_path: Path, capsys
) -> None:
    content = "date,time,text\n2026-11-03,10:15 PM,Northwind again\n"
    export = tmp_path / "generic.csv"
    export.write_text(content, encoding="utf-8")
    assert ingest(capsys, str(export))[0] == 0
    assert str(rows(db, "SELECT created_at FROM mention")[0][0]).startswith("2026-11-03 22:15")


def test_rejections_keep_the_file_line_numbers_below_report_lines(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = (EXPORTS / "brandwatch.csv").read_text(encoding="utf-8").splitlines()
    lines[7] = lines[7].replace("2026-11-03 09:40:00.0", "soon")  # the second post
    export = tmp_path / "bw.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = ingest(capsys, str(export))
    assert (code, out[0], out[-1]) == (
        0,
        "line 8: bad date 'soon'",
        "read 3, stored 2, duplicates 0, rejected 1",
    )


def test_utf16_without_a_byte_order_mark(db: str, tmp_path: Path, capsys) -> None:
    content = "Date\tText\tAuthor\n2026-11-03T08:00:00Z\tNorthwindin kahvi\tmaija\n"
    export = tmp_path / "wide.csv"
    export.write_bytes(content.encode("utf-16-le"))
    code, out = ingest(capsys, str(export), "--json")
    assert (code, json.loads(out[-1])["encoding"]) == (0, "utf-16-le")
    assert rows(db, "SELECT author, brand FROM mention") == [("maija", "Northwind")]


def test_webhook_style_json_lines_keep_the_tools_sentiment(db: str, tmp_path: Path, capsys) -> None:
    line = {
        "id": "1",
        "text": "Northwindin kahvi oli kylmää",
        "created_at": "2026-11-03T08:00Z",
        "lang": "fi",
        "sentiment": "Negative",
    }
    export = tmp_path / "m.jsonl"
    export.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert ingest(capsys, str(export))[0] == 0
    assert rows(db, "SELECT tool_sentiment, label, scored FROM mention") == [
        ("negative", "negative", 1)
    ]


def test_rows_left_under_the_placeholder_are_pointed_out(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_engine(db)
    create_schema(engine)
    with session_scope(session_factory(engine)) as session:
        save_mentions(session=session, rows=[BASE._replace(team_id="T_LOCAL")])
    assert main(["ingest", str(EXPORTS / "mention.csv")]) == 0
    assert "1 mention was stored earlier under the placeholder workspace T_LOCAL" in (
        capsys.readouterr().err
    )
    with session_scope(session_factory(engine)) as session:
        assert count_mentions(session=session, team_id="T0TEST") == 3


def test_json_lines_with_a_separate_time(db: str, tmp_path: Path, capsys) -> None:
    line = {"id": "1", "text": "Northwind", "date": "2026-11-03", "time": "9:30 PM", "tz": "+02:00"}
    export = tmp_path / "t.jsonl"
    export.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert ingest(capsys, str(export))[0] == 0
    assert str(rows(db, "SELECT created_at FROM mention")[0][0]).startswith("2026-11-03 19:30")


def test_excel_exports(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from datetime import datetime, time

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Meltwater export"])  # a report line above the header
    sheet.append([])
    sheet.append(
        [
            "Date",
            "Time",
            "Hit Sentence",
            "Opening Text",
            "Source",
            "Tweet Id",
            "Language",
            "Sentiment",
            "Reach",
        ]
    )
    day = datetime(2026, 11, 3)  # noqa: DTZ001 (naive, as Excel holds it)
    sheet.append(
        [
            day,
            time(10, 15),
            "Northwindin kahvi oli kylmää",
            None,
            "Twitter",
            1855,
            "Finnish",
            "Negative",
            800.0,
        ]
    )
    sheet.append(
        [
            day.replace(hour=12, minute=40),
            None,
            "Harbor rocks",
            None,
            "Facebook",
            1900,
            "English",
            "Positive",
            5,
        ]
    )
    export = tmp_path / "meltwater.xlsx"
    book.save(export)
    code, out = ingest(capsys, str(export))
    assert (code, out[-1]) == (0, "read 2, stored 2, duplicates 0, rejected 0")
    assert "read as: meltwater export" in out
    assert rows(
        db,
        "SELECT external_id, source, created_at, reach, tool_sentiment, brand "
        "FROM mention ORDER BY created_at",
    ) == [
        ("1855", "twitter", "2026-11-03 08:15:00.000000", 800, "negative", "Northwind"),
        ("1900", "facebook", "2026-11-03 10:40:00.000000", 5, "positive", "Harbor Roasters"),
    ]
    assert rows(db, "SELECT label FROM mention WHERE lang = 'fi'") == [("negative",)]
    assert ingest(capsys, str(export))[1][-1] == "read 2, stored 0, duplicates 2, rejected 0"


def test_a_file_named_xlsx_that_is_not_one(db: str, tmp_path: Path, capsys) -> None:
    export = tmp_path / "broken.xlsx"
    export.write_text("not a zip", encoding="utf-8")
    code = main(["ingest", str(export)])
    assert code == 2 and "not an Excel workbook" in capsys.readouterr().err
