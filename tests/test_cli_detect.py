"""`vahti detect FILE`: the CSV contract, online output and one-line errors."""

from __future__ import annotations

import csv
import io
import math
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from bot.cli import main

HEADER = ["timestamp", "value", "anomaly_score", "alert"]


def write_series(path: Path, days: int, spike_at: int | None = None) -> list[str]:
    """A rhythmic Poisson series in NAB's layout; return its lines (header first)."""
    rng = np.random.default_rng(11)
    start = datetime(2015, 2, 26, 21, 42, 53)  # noqa: DTZ001 - NAB's timestamps are naive
    lines = ["timestamp,value"]
    for i in range(days * 288):
        ts = start + timedelta(minutes=5 * i)
        rate = 30 * (1 + 0.7 * math.sin((ts.hour - 9) / 24 * 2 * math.pi))
        if spike_at is not None and spike_at <= i < spike_at + 12:
            rate *= 8
        lines.append(f"{ts:%Y-%m-%d %H:%M:%S},{rng.poisson(rate)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


def detect(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[list[str]], str]:
    code = main(["detect", *args])
    out, err = capsys.readouterr()
    return code, list(csv.reader(io.StringIO(out))), err


def test_output_has_the_header_every_row_and_valid_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = write_series(tmp_path / "s.csv", days=9, spike_at=8 * 288 + 100)
    code, rows, err = detect(capsys, str(tmp_path / "s.csv"))
    assert code == 0 and err == ""
    assert rows[0] == HEADER
    assert len(rows) == len(lines)
    assert [r[:2] for r in rows[1:]] == [line.split(",") for line in lines[1:]]
    assert all(0.0 <= float(r[2]) <= 1.0 for r in rows[1:])
    assert {r[3] for r in rows[1:]} <= {"0", "1"}
    alerted = [i for i, r in enumerate(rows[1:]) if r[3] == "1"]
    assert alerted and alerted[0] in (8 * 288 + 100, 8 * 288 + 101)


def test_each_row_depends_only_on_the_rows_before_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = write_series(tmp_path / "full.csv", days=9, spike_at=8 * 288 + 20)
    cut = 8 * 288 + 40
    (tmp_path / "prefix.csv").write_text("\n".join(lines[: cut + 1]) + "\n", encoding="utf-8")
    _, full, _ = detect(capsys, str(tmp_path / "full.csv"))
    _, prefix, _ = detect(capsys, str(tmp_path / "prefix.csv"))
    assert prefix == full[: cut + 1]


def test_presets_change_eagerness_and_explain_adds_reasons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_series(tmp_path / "s.csv", days=9, spike_at=8 * 288 + 100)
    _, sensitive, _ = detect(capsys, str(tmp_path / "s.csv"), "--preset", "sensitive")
    _, strict, _ = detect(capsys, str(tmp_path / "s.csv"), "--preset", "strict")
    assert [r[2] for r in sensitive] != [r[2] for r in strict]
    assert sum(r[3] == "1" for r in sensitive) >= sum(r[3] == "1" for r in strict) >= 1
    code, explained, _ = detect(capsys, str(tmp_path / "s.csv"), "--explain", "--bucket", "5")
    assert code == 0
    assert explained[0] == [*HEADER, "direction", "expected", "ratio", "source", "reason"]
    alert = next(r for r in explained[1:] if r[3] == "1")
    assert alert[4] == "rise" and alert[7] == "hour_of_day" and "typical" in alert[8]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("time,count\n2015-01-01 00:00:00,3\n", "timestamp,value"),
        ("timestamp,value\nyesterday,3\n", "line 2: bad timestamp"),
        ("timestamp,value\n2015-01-01 00:00:00,many\n", "line 2: bad value"),
        ("timestamp,value\n2015-01-01 00:00:00,inf\n", "line 2: value must be a finite number"),
        (
            "timestamp,value\n2015-01-01 00:00:00,1\n2015-01-01 00:05:00+02:00,2\n",
            "line 3: mixes timestamps",
        ),
        ("timestamp,value\n", "no data rows"),
        ("", "timestamp,value"),
    ],
)
def test_bad_input_gives_one_line_on_stderr_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    (tmp_path / "bad.csv").write_text(content, encoding="utf-8")
    code, rows, err = detect(capsys, str(tmp_path / "bad.csv"))
    assert code == 2
    assert rows == []
    assert err.count("\n") == 1 and message in err and err.startswith("vahti detect:")


def test_missing_file_and_unknown_preset_fail_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, rows, err = detect(capsys, str(tmp_path / "nope.csv"))
    assert code == 2 and rows == [] and "No such file" in err and err.count("\n") == 1
    with pytest.raises(SystemExit) as exit_info:
        main(["detect", str(tmp_path / "nope.csv"), "--preset", "paranoid"])
    assert exit_info.value.code == 2


def test_unsorted_rows_are_sorted_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = write_series(tmp_path / "s.csv", days=9, spike_at=8 * 288 + 100)
    shuffled = [lines[0], *lines[1:][::-1]]  # newest first, as some exports come
    (tmp_path / "rev.csv").write_text("\n".join(shuffled) + "\n", encoding="utf-8")
    _, ordered, clean_err = detect(capsys, str(tmp_path / "s.csv"))
    code, rows, err = detect(capsys, str(tmp_path / "rev.csv"))
    assert code == 0 and clean_err == ""
    assert rows == ordered
    assert "warning: rows were not in time order" in err


def test_repeated_timestamps_are_summed_into_one_bucket_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = write_series(tmp_path / "s.csv", days=9)
    stamp = lines[500].split(",")[0]
    doubled = [*lines[:501], f"{stamp},7.5", *lines[501:]]  # a clock change repeats a bucket
    (tmp_path / "dup.csv").write_text("\n".join(doubled) + "\n", encoding="utf-8")
    code, rows, err = detect(capsys, str(tmp_path / "dup.csv"))
    assert code == 0
    assert len(rows) == len(lines)  # one row per timestamp
    summed = next(r for r in rows[1:] if r[0] == stamp)
    assert float(summed[1]) == float(lines[500].split(",")[1]) + 7.5
    assert "1 repeated timestamp; its values were summed" in err and err.count("\n") == 1


@pytest.mark.parametrize("gaps", ["skip", "zero"])
def test_gaps_are_left_unjudged_or_filled_with_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], gaps: str
) -> None:
    lines = write_series(tmp_path / "s.csv", days=9)
    holed = lines[:1001] + lines[1013:]  # an hour of rows missing
    (tmp_path / "gap.csv").write_text("\n".join(holed) + "\n", encoding="utf-8")
    code, rows, err = detect(capsys, str(tmp_path / "gap.csv"), "--gaps", gaps)
    assert code == 0
    assert "12 missing buckets" in err
    if gaps == "skip":
        assert [r[0] for r in rows[1:]] == [line.split(",")[0] for line in holed[1:]]
    else:
        assert len(rows) == len(lines)
        filled = rows[1001:1013]
        assert [r[1] for r in filled] == ["0"] * 12
        assert filled[0][0] == "2015-03-02 09:02:53"  # the first missing bucket


def test_fractional_and_negative_values_are_a_measurement_not_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = np.random.default_rng(5)
    start = datetime(2015, 2, 26)  # noqa: DTZ001 - NAB's timestamps are naive
    lines = ["timestamp,value"]
    spike = 8 * 288 + 50
    for i in range(9 * 288):
        ts = start + timedelta(minutes=5 * i)
        value = 0.3 * math.sin(i / 288 * 2 * math.pi) - 0.1 + rng.normal(0, 0.02)
        lines.append(f"{ts:%Y-%m-%d %H:%M:%S},{value + (1.5 if spike <= i < spike + 6 else 0):.4f}")
    (tmp_path / "m.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, rows, err = detect(capsys, str(tmp_path / "m.csv"), "--falls", "--explain")
    assert code == 0 and err == ""
    alerted = [i for i, r in enumerate(rows[1:]) if r[3] == "1"]
    assert alerted and alerted[0] - spike in (0, 1) and all(i >= spike for i in alerted)
    assert rows[alerted[0] + 1][4] == "rise"
