"""The bundled demo data holds the story the demo tells: weeks of mentions, one crisis."""

from __future__ import annotations

import csv
import gzip
import io
from collections import Counter
from datetime import datetime
from importlib import resources
from pathlib import Path

from bot.config import load_config
from bot.domain.mentions.brands import BrandMatcher
from bot.services.mentions.files import csv_records

DEMO_YML = Path(str(resources.files("bot").joinpath("data/demo.yml")))


def sample_rows() -> list[dict[str, str]]:
    raw = resources.files("bot").joinpath("data/sample_mentions.csv.gz").read_bytes()
    return list(csv.DictReader(io.StringIO(gzip.decompress(raw).decode("utf-8"))))


def test_demo_config_is_valid_and_names_three_brands() -> None:
    config = load_config(DEMO_YML)
    assert [b.name for b in config.brands()] == [
        "Northwind Coffee",
        "Bluebird Roasters",
        "Harbor Beans",
    ]
    assert config.crisis.terms[:2] == ["mold", "recall"] and config.campaigns


def test_sample_has_weeks_of_mentions_and_one_crisis_window() -> None:
    rows = sample_rows()
    assert 20_000 <= len(rows) <= 60_000
    assert len({r["id"] for r in rows}) == len(rows)
    times = [datetime.fromisoformat(r["created_at"]) for r in rows]
    assert (
        min(times).date().isoformat() == "2026-10-19"
        and max(times).date().isoformat() == "2026-11-20"
    )
    matcher = BrandMatcher(
        load_config(Path(str(resources.files("bot").joinpath("data/demo.yml")))).brands()
    )
    per_hour = Counter(
        t.strftime("%m-%d %H")
        for t, r in zip(times, rows, strict=True)
        if "Northwind Coffee" in matcher.named(r["text"])
    )
    crisis_peak = per_hour["11-11 14"]
    usual = [per_hour[f"11-{d:02d} 14"] for d in (3, 4, 5, 10, 12, 17, 18, 19)]
    assert crisis_peak >= 8 * max(usual)
    crisis = [r for r in rows if r["id"].startswith("crisis-")]
    assert sum(r["text"].startswith("RT @coldbrew_truth") for r in crisis) > len(crisis) / 2
    assert all(r["created_at"].startswith("2026-11-11T1") for r in crisis)


def test_sample_reads_through_the_importer_without_rejects() -> None:
    raw = resources.files("bot").joinpath("data/sample_mentions.csv.gz").read_bytes()
    text = io.StringIO(gzip.decompress(raw).decode("utf-8"), newline="")
    records = list(csv_records(text, {}))
    assert records and all(r.problem is None for r in records)
