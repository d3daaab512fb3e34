"""`vahti ingest` end to end: files in, counts and rejections out, rows in the database."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.cli import main
from bot.cli.common import BATCH_GC_THRESHOLD
from bot.db import make_engine

HEADER = "tweet_id,airline,name,text,tweet_created,retweet_count\n"
ROWS = (
    '1,Virgin,bob,"@VirginAmerica great flight, thanks! #love",2015-02-24 11:35:52 -0800,3\n'
    '2,Virgin,amy,"Worst delay ever, stuck for hours",2015-02-24 11:40:00 -0800,0\n'
)
CONFIG = """
workspace: T0TEST
brand:
  {name: Northwind Coffee, keywords: [northwind], hashtags: [northwindcoffee], handles: [northwind]}
competitors:
  - {name: Bluebird Roasters, keywords: [bluebird]}
"""


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'vahti.db'}"
    config = tmp_path / "vahti.yml"
    config.write_text(CONFIG, encoding="utf-8")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("VAHTI_CONFIG", str(config))
    monkeypatch.delenv("VAHTI_INGEST_TOKEN", raising=False)
    return url


def rows(url: str, sql: str) -> list[tuple[object, ...]]:
    with make_engine(url).connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


WHERE = ("database: ", "workspace: ", "read as: ", "brands: ", "time span: ")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    """Exit code, stdout lines without the where-the-rows-went lines (tested apart), stderr."""
    code = main(["ingest", *args])
    out, err = capsys.readouterr()
    return code, [line for line in out.splitlines() if not line.startswith(WHERE)], err


def write(path: Path, content: str | bytes) -> Path:
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def test_columns_found_and_reimport_stores_nothing_twice(db, tmp_path, capsys) -> None:
    export = write(tmp_path / "tweets.csv", HEADER + ROWS)
    assert run(capsys, str(export), "--map", "brand=airline")[:2] == (
        0,
        ["read 2, stored 2, duplicates 0, rejected 0"],
    )
    assert run(capsys, str(export))[1] == ["read 2, stored 0, duplicates 2, rejected 0"]
    stored = rows(
        db,
        "SELECT team_id, source, external_id, author, brand, shares, created_at, "
        "label FROM mention ORDER BY external_id",
    )
    assert stored[0][:6] == ("T0TEST", "import", "1", "bob", "Virgin", 3)
    assert str(stored[0][6]).startswith("2015-02-24 19:35:52")
    assert [r[7] for r in stored] == ["positive", "negative"]
    assert rows(db, "SELECT kind, value FROM mention_tag") == [("hashtag", "love")]


def test_rejected_rows_by_line_number(db, tmp_path, capsys) -> None:
    content = (
        "date;message;user\n"
        "2026-11-03T08:00:00Z;Northwind rocks;a\n"
        "not a date;Northwind again;b\n"
        '2026-11-03T08:01:00Z;"";c\n'
        "2026-11-03T08:02:00Z;short row\n"
        f"2026-11-03T08:03:00Z;{'x' * 10_001};d\n"
        '2026-11-03T08:04:00Z;"two\nlines";e\n'
        "2026-11-03T08:05:00Z;;f\n"
    )
    code, out, _ = run(capsys, str(write(tmp_path / "export.csv", content)))
    assert code == 0
    assert out == [
        "line 3: bad date 'not a date'",
        "line 4: empty text",
        "line 5: missing columns: 2 values, the header has 3",
        "line 6: text over 10000 characters (10001)",
        "line 9: empty text",
        "read 7, stored 2, duplicates 0, rejected 5",
    ]


def test_duplicates_inside_one_file_count_once(db, tmp_path, capsys) -> None:
    export = write(tmp_path / "dup.csv", HEADER + ROWS + ROWS.splitlines()[0] + "\n")
    assert run(capsys, str(export))[1] == ["read 3, stored 2, duplicates 1, rejected 0"]


@pytest.mark.parametrize(
    ("content", "encoding", "expected"),
    [
        (
            "\ufefftext,date\nCafé ñ northwind,2026-11-03\n".encode(),
            "utf-8-sig",
            "Café ñ northwind",
        ),
        (
            "text,date\nCafé “quoted” northwind,2026-11-03\n".encode("cp1252"),
            "cp1252",
            "Café “quoted” northwind",
        ),
        (b"text,date\nKahvi \xe4\x81 northwind,2026-11-03\n", "latin-1", "Kahvi ä\x81 northwind"),
    ],
)
def test_encodings(db, tmp_path, capsys, content: bytes, encoding: str, expected: str) -> None:
    code, out, _ = run(capsys, str(write(tmp_path / "enc.csv", content)), "--json")
    assert code == 0
    assert json.loads(out[0])["encoding"] == encoding
    assert rows(db, "SELECT text, brand FROM mention") == [(expected, "Northwind Coffee")]


def test_not_utf8_is_noted_on_stderr(db, tmp_path, capsys) -> None:
    export = write(tmp_path / "enc.csv", "text,date\nCafé,2026-11-03\n".encode("cp1252"))
    code, out, err = run(capsys, str(export))
    assert (code, out) == (0, ["read 1, stored 1, duplicates 0, rejected 0"])
    assert "not UTF-8; read as cp1252" in err


def test_jsonl_with_nested_fields_and_a_broken_line(db, tmp_path, capsys) -> None:
    lines = [
        json.dumps(
            {
                "id_str": "9",
                "full_text": "Bluebird beats northwind",
                "created_at": "Tue Nov 03 08:00:00 +0000 2026",
                "user": {"screen_name": "kim"},
            }
        ),
        '{"id_str": "10", "full_text": oops}',
        json.dumps(["not", "an", "object"]),
        "",
        json.dumps({"id_str": "11", "created_at": "2026-11-03"}),
    ]
    export = write(tmp_path / "posts.jsonl", "\n".join(lines) + "\n")
    code, out, _ = run(capsys, str(export), "--map", "author=user.screen_name")
    assert code == 0
    assert out == [
        "line 2: not valid JSON: Expecting value (column 31)",
        "line 3: not a JSON object but list",
        "line 5: no text field",
        "read 4, stored 1, duplicates 0, rejected 3",
    ]
    assert rows(db, "SELECT author, brand FROM mention") == [("kim", "Northwind Coffee")]
    assert rows(db, "SELECT brand FROM mention_brand ORDER BY brand") == [
        ("Bluebird Roasters",),
        ("Northwind Coffee",),
    ]


def test_gzip_and_source_and_date_format(db, tmp_path, capsys) -> None:
    content = (
        "Päivä,Teksti,Verkko\n03.11.2026 10.15,Northwind on hyvä,\n"
        "03.11.2026 10.16,Northwind again,x.com\n"
    )
    export = write(tmp_path / "vienti.csv.gz", gzip.compress(content.encode()))
    args = ["--map", "created_at=Päivä", "--map", "text=Teksti", "--map", "network=Verkko"]
    code, out, _ = run(
        capsys, str(export), *args, "--date-format", "%d.%m.%Y %H.%M", "--source", "brand24"
    )
    assert (code, out[-1]) == (0, "read 2, stored 2, duplicates 0, rejected 0")
    assert rows(db, "SELECT source, created_at FROM mention ORDER BY id") == [
        ("brand24", "2026-11-03 10:15:00.000000"),
        ("x.com", "2026-11-03 10:16:00.000000"),
    ]


def test_finnish_mention_is_stored_unscored(db, tmp_path, capsys) -> None:
    content = (
        'text,date\n"Tämä Northwind kahvi on aivan kamalaa, en suosittele kenellekään",2026-11-03\n'
    )
    assert run(capsys, str(write(tmp_path / "fi.csv", content)))[0] == 0
    assert rows(db, "SELECT lang, scored, label, polarity FROM mention") == [
        ("fi", 0, "neutral", 0.0)
    ]


def test_declared_foreign_language_is_not_scored(db, tmp_path, capsys) -> None:
    content = "text,date,lang\nNorthwind is great and I love it so much,2026-11-03,sv\n"
    assert run(capsys, str(write(tmp_path / "sv.csv", content)))[0] == 0
    assert rows(db, "SELECT lang, scored FROM mention") == [("sv", 0)]


def test_json_report(db, tmp_path, capsys) -> None:
    export = write(tmp_path / "t.csv", HEADER + ROWS + "3,V,c,,2015-02-24 11:35:52 -0800,0\n")
    code, out, _ = run(capsys, str(export), "--json")
    assert code == 0 and len(out) == 1
    assert json.loads(out[0]) == {
        "read": 3,
        "stored": 2,
        "duplicates": 0,
        "rejected": 1,
        "encoding": "utf-8",
        "rejections": [{"line": 4, "reason": "empty text"}],
        "rejections_omitted": 0,
        "brands": {},
        "unbranded": 2,
        "first_at": "2015-02-24T19:35:52+00:00",
        "last_at": "2015-02-24T19:40:00+00:00",
        "database": db,
        "workspace": "T0TEST",
        "preset": None,
    }


def test_two_workers_store_the_same(db, tmp_path, capsys) -> None:
    body = "".join(
        f"{i},Northwind item {i % 7} is good,2026-11-03T08:{i % 60:02d}:00Z\n" for i in range(300)
    )
    export = write(tmp_path / "w.csv", "id,text,date\n" + body)
    assert run(capsys, str(export), "--workers", "2")[1] == [
        "read 300, stored 300, duplicates 0, rejected 0"
    ]
    assert rows(db, "SELECT count(*), count(DISTINCT label) FROM mention WHERE scored = 1") == [
        (300, 1)
    ]


@pytest.mark.parametrize(
    ("name", "content", "args", "message"),
    [
        ("missing.csv", None, [], "no such file"),
        ("nodata.csv", "date,author\n2026-11-03,a\n", [], "no text column"),
        ("bad.csv", "text\nx\n", ["--map", "text=body"], "no column 'body'"),
        ("empty.csv", "", [], "the file is empty"),
        ("array.jsonl", '[{"text": "a"}]\n', [], "a JSON array"),
        ("notext.jsonl", '{"note": "a"}\n', [], "no text column"),
        ("w.csv", "text\nx\n", ["--workers", "0"], "--workers must be at least 1"),
    ],
)
def test_unusable_input_exits_2_with_one_line(
    db, tmp_path, capsys, name, content, args, message
) -> None:
    path = tmp_path / name
    if content is not None:
        write(path, content)
    code, out, err = run(capsys, str(path), *args)
    assert (code, out) == (2, [])
    assert len(err.splitlines()) == 1 and message in err and err.startswith("vahti ingest: ")


def test_every_reject_is_printed_and_json_keeps_the_first_thousand(db, tmp_path, capsys) -> None:
    export = write(tmp_path / "empty.csv", "text,date\n" + ",2026-11-03\n" * 1005)
    code, out, _ = run(capsys, str(export))
    assert (
        code == 0
        and len(out) == 1006
        and out[-1] == "read 1005, stored 0, duplicates 0, rejected 1005"
    )
    report = json.loads(run(capsys, str(export), "--json")[1][0])
    assert (len(report["rejections"]), report["rejections_omitted"]) == (1000, 5)


def test_the_import_tunes_the_collector_and_puts_it_back(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import gc

    from bot.cli import ingest as command

    seen: list[tuple[int, int]] = []
    original = command._import_mentions

    def watched(*args: object) -> object:
        seen.append((gc.get_threshold()[0], gc.get_freeze_count()))
        if len(seen) > 1:
            raise OSError("the disk went away")
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(command, "_import_mentions", watched)
    before = gc.get_threshold(), gc.get_freeze_count()
    path = tmp_path / "in.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    assert main(["ingest", str(path)]) == 0
    assert seen[0][0] == BATCH_GC_THRESHOLD and seen[0][1] > 0
    assert "read 2, stored 2" in capsys.readouterr().out
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
    assert main(["ingest", str(path)]) == 2  # failed midway: put back all the same
    assert "the disk went away" in capsys.readouterr().err
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def test_an_import_loads_neither_pandas_nor_numpy(tmp_path) -> None:
    """`vahti ingest` stores roll-ups without the KPI totals' numpy and pandas, which would add
    about a third of a second to every import's start."""
    import subprocess
    import sys

    export = tmp_path / "mentions.csv"
    export.write_text("id,text,created_at\n1,great coffee,2026-11-02T10:00:00Z\n", "utf-8")
    code = (
        "import sys; from bot.cli import main; "
        f"main(['ingest', {str(export)!r}, '--workspace', 'TPANDAS']); "
        "print(sorted(m for m in ('pandas', 'numpy') if m in sys.modules), file=sys.stderr)"
    )
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'vahti.db'}"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]"
