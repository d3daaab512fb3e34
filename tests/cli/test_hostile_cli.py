"""Hostile files on the command line, on SQLite and PostgreSQL: every command answers with one
line (a rejected row, or an error and exit 2), never a traceback, and stores what is valid."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.cli import main
from bot.db import make_engine

CONFIG = "workspace: T0HOSTILE\nbrand: {name: Northwind Coffee, keywords: [northwind]}\n"
GOOD = {"text": "Northwind mornings", "created_at": "2026-11-03T08:00:00Z"}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """A database URL the CLI opens itself: a SQLite file, or the PostgreSQL test schema."""
    if request.param == "postgres":
        engine: Engine = request.getfixturevalue("pg_engine")
        with engine.connect() as conn:
            schema = conn.execute(text("SELECT current_schema()")).scalar_one()
        base = engine.url.render_as_string(hide_password=False)
        url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    else:
        url = f"sqlite:///{tmp_path / 'vahti.db'}"
    config = tmp_path / "vahti.yml"
    config.write_text(CONFIG, encoding="utf-8")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("VAHTI_CONFIG", str(config))
    yield url


def stored_texts(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return [r[0] for r in conn.execute(text("SELECT text FROM mention ORDER BY text"))]
    finally:
        engine.dispose()


def ingest(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(["ingest", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out.splitlines(), err


def jsonl(*items: str) -> str:
    return "".join(item + "\n" for item in items)


def test_csv_line_of_50_mb_is_one_rejected_row(db, tmp_path, capsys) -> None:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("date,text,author\n2026-11-03T08:00:00Z,Northwind one,a\n")
        out.write("2026-11-03T08:01:00Z," + "x" * 50_000_000 + ",b\n")
        out.write("2026-11-03T08:02:00Z,Northwind two,c\n")
    code, out, _ = ingest(capsys, str(path))
    assert code == 0
    assert out[0].startswith("line 3: unreadable row: field larger than field limit")
    assert out[-1] == "read 3, stored 2, duplicates 0, rejected 1"
    assert stored_texts(db) == ["Northwind one", "Northwind two"]


def test_jsonl_out_of_range_and_deep_lines_are_rejected_rows(db, tmp_path, capsys) -> None:
    good = json.dumps(GOOD)
    body = jsonl(
        good,
        '{"text": "Northwind a", "created_at": "2026-11-03T08:00:00Z", "reach": 1e999}',
        '{"text": "Northwind b", "created_at": "2026-11-03T08:00:00Z", "reach": 2147483648}',
        '{"text": "Northwind c", "created_at": "2026-11-03T08:00:00Z", "shares": 1'
        + "0" * 5000
        + "}",
        '{"text": "Northwind d", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"text": "Northwind e", "created_at": "0001-01-01T00:00:00Z"}',
        '{"text": "Northwind f\\u0000", "created_at": "2026-11-03T08:00:00Z"}',
    )
    path = tmp_path / "hostile.jsonl"
    path.write_text(body, encoding="utf-8")
    code, out, _ = ingest(capsys, str(path))
    assert code == 0
    assert [line for line in out if line.startswith("line ")] == [
        "line 2: reach is not a count: 'inf'",
        "line 3: reach over 2147483647",
        "line 4: not valid JSON: Exceeds the limit (4300 digits) for integer string conversion: "
        "value has 5001 digits",
        "line 5: not valid JSON: nested too deeply",
        "line 6: date 0001-01-01 is before 2000-01-01",
        "line 7: text contains a NUL character at character 11",
    ]
    assert out[-1] == "read 7, stored 1, duplicates 0, rejected 6"
    assert stored_texts(db) == ["Northwind mornings"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_csv_is_read_by_its_bom(db, tmp_path, capsys, encoding) -> None:
    content = "date\ttext\tauthor\n2026-11-03T08:00:00Z\tHyvää huomenta, Northwind ☕\tmaija\n"
    bom = {"utf-16-be": "\ufeff"}.get(encoding, "")  # the BE codec writes no BOM of its own
    path = tmp_path / "unicode-text.csv"
    path.write_bytes((bom + content).encode(encoding))
    code, out, _ = ingest(capsys, "--json", str(path))
    report = json.loads(out[-1])
    assert (code, report["stored"], report["encoding"]) == (0, 1, encoding[:6])
    assert stored_texts(db) == ["Hyvää huomenta, Northwind ☕"]


def test_unusable_files_are_one_line_errors(db, tmp_path, capsys) -> None:
    header = tmp_path / "header.csv"
    header.write_text("date,text," + "h" * 20_000_000 + "\n", encoding="utf-8")
    truncated = tmp_path / "cut.csv.gz"
    packed = gzip.compress(b"date,text\n" + b"2026-11-03,Northwind\n" * 1000)
    truncated.write_bytes(packed[: len(packed) // 2])
    for path, message in ((header, "unreadable line 1"), (truncated, "cannot read")):
        code, out, err = ingest(capsys, str(path))
        assert code == 2 and out == []
        assert err.count("\n") == 1 and message in err, err
    assert stored_texts(db) == []


def test_kpi_csv_out_of_range_values_are_rejected_rows(db, tmp_path, capsys) -> None:
    path = tmp_path / "kpis.csv"
    path.write_text(
        "date,metric,value\n2026-11-02,new_followers,12\n2026-11-01,new_followers,1e300\n"
        "0001-01-01,new_followers,3\n2026-10-31,new_followers,inf\n",
        encoding="utf-8",
    )
    code, out, _ = ingest(capsys, "--kind", "kpis", str(path))
    assert code == 0
    assert [line.split(":")[0] for line in out[:-1]] == ["line 3", "line 4", "line 5"]
    assert out[-1] == "read 4, stored 1, duplicates 0, rejected 3"


@pytest.mark.parametrize(
    "args",
    [
        ["export", "mentions", "--until", "9999-12-31"],
        ["export", "kpis", "--since", "0001-01-01"],
        ["export", "year", "--until", "9999-12-31"],
        ["kpi", "0001-01-01"],
        ["kpi", "9999-12-31"],
    ],
)
def test_dates_out_of_range_are_one_line_errors(db, capsys, args: list[str]) -> None:
    try:
        code = main(args)
    except SystemExit as exc:  # argparse refuses the argument
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert "Traceback" not in err and err.strip().splitlines()[-1].startswith("vahti")


def test_detect_refuses_an_oversize_field_and_far_dates_in_one_line(tmp_path, capsys) -> None:
    big = tmp_path / "big.csv"
    big.write_text("timestamp,value\n2026-01-01T00:00:00Z," + "9" * 17_000_000 + "\n")
    far = tmp_path / "far.csv"
    far.write_text("timestamp,value\n0001-01-01T00:00:00Z,5\n9999-12-31T23:00:00-05:00,3\n")
    long = tmp_path / "long.csv"
    long.write_text("timestamp,value\n2026-01-01T00:00:00Z," + "9" * 100_000 + "\n")
    for path, message in (
        (big, "field larger than field limit"),
        (far, "line 2: timestamp"),
        (long, "line 2: value must be a finite number"),
    ):
        assert main(["detect", str(path)]) == 2
        out, err = capsys.readouterr()
        assert out == "" and err.count("\n") == 1 and message in err, err[:300]
        assert len(err) < 300
