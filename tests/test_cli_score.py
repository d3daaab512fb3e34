"""`vahti score`: one CSV row per input line, in order, through the real command line."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.score import score_stream
from bot.domain.sentiment.scorer import Thresholds, score

ROOT = Path(__file__).resolve().parents[1]
LINES = [
    "I love this so much!",
    "",
    "this is terrible :(",
    'a "quoted", comma text',
    "Das ist wirklich nicht gut, ich bin sehr enttäuscht.",
    "the train leaves at nine",
]


def _rows(output: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(output)))


def _vahti_score(*options: str, text: str) -> subprocess.CompletedProcess[str]:
    """`vahti score` as a user runs it, in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "bot", "score", *options],
        input=text,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_command_writes_one_row_per_line_in_order() -> None:
    done = _vahti_score(text="\n".join(LINES) + "\n")
    assert done.returncode == 0, done.stderr
    rows = _rows(done.stdout)
    assert len(rows) == len(LINES)
    found = [score(line) for line in LINES]
    assert [row[2] for row in rows] == [s.label for s in found]
    assert rows[1] == ["0.0000", "0.0000", "neutral"]
    # German is not a language it scores: no measured opinion, and the contract still holds.
    assert rows[4] == ["0.0000", "0.0000", "neutral"]
    assert "1 line in a language Vahti does not score" in done.stderr
    for row in rows:
        assert len(row) == 3
        assert row[2] in ("positive", "neutral", "negative")
        assert -1.0 <= float(row[0]) <= 1.0
        assert 0.0 <= float(row[1]) <= 1.0


def test_bad_thresholds_fail_with_one_line() -> None:
    done = _vahti_score("--positive", "0", "--negative", "0.5", text="good\n")
    assert done.returncode != 0
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("count", [0, 1, 999, 1000, 1001, 2500])
def test_stream_keeps_count_and_order_across_batches(count: int) -> None:
    lines = ["great" if i % 3 == 0 else "awful" if i % 3 == 1 else "" for i in range(count)]
    sink = io.StringIO()
    source = io.StringIO("".join(f"{line}\n" for line in lines))
    assert score_stream(source, sink, Thresholds()) == (count, 0)
    labels = [row[2] for row in _rows(sink.getvalue())]
    expected = {"great": "positive", "awful": "negative", "": "neutral"}
    assert labels == [expected[line] for line in lines]


def test_last_line_without_newline_and_crlf_are_rows() -> None:
    sink = io.StringIO()
    score_stream(io.StringIO("good\r\nbad"), sink, Thresholds())
    assert [row[2] for row in _rows(sink.getvalue())] == ["positive", "negative"]


FINNISH = "Tämä kahvi on todella hyvää ja palvelu oli loistavaa"


def test_a_text_it_cannot_score_keeps_the_row_contract() -> None:
    """Finnish has no measured opinion: `0,0,neutral`, so every row parses as numbers."""
    sink = io.StringIO()
    source = io.StringIO(f"{FINNISH}\nthis coffee is great\n")
    assert score_stream(source, sink, Thresholds()) == (2, 1)
    rows = _rows(sink.getvalue())
    assert rows[0] == ["0.0000", "0.0000", "neutral"] and rows[1][2] == "positive"


def test_unscored_mark_writes_unscored_as_the_kpis_do() -> None:
    done = _vahti_score("--unscored", "mark", text=f"{FINNISH}\nthis coffee is great\n")
    assert done.returncode == 0, done.stderr
    rows = _rows(done.stdout)
    assert rows[0] == ["", "", "unscored"] and rows[1][2] == "positive"
