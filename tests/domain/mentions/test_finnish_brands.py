"""Finnish inflected brand names, on sentences a Finnish team would see (tests/data)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.domain.mentions.brands import BrandMatcher

SENTENCES = Path(__file__).parents[2] / "data" / "finnish_brand_sentences.csv"


@dataclass(frozen=True)
class Brand:
    name: str
    keywords: tuple[str, ...]
    hashtags: tuple[str, ...] = field(default=())
    handles: tuple[str, ...] = field(default=())


BRANDS = (
    Brand("Northwind", ("Northwind", "Northwind Coffee"), ("northwindcoffee",), ("northwind",)),
    Brand("Harbor Roasters", ("harbor",)),
    Brand("IKEA", ("IKEA",)),
    Brand("H&M", ("H&M",)),
    Brand("Kone", ("Kone",)),
    Brand("Valio", ("Valio",)),
    Brand("Nokia", ("Nokia",)),
)
MATCHER = BrandMatcher(BRANDS)


def _sentences() -> list[tuple[str, tuple[str, ...]]]:
    with SENTENCES.open(encoding="utf-8", newline="") as stream:
        return [
            (r["text"], tuple(filter(None, r["brands"].split(";")))) for r in csv.DictReader(stream)
        ]


@pytest.mark.parametrize(("sentence", "expected"), _sentences())
def test_sentence(sentence: str, expected: tuple[str, ...]) -> None:
    assert MATCHER.named(sentence) == expected


def test_the_list_has_positives_and_negatives() -> None:
    found = [bool(expected) for _, expected in _sentences()]
    assert sum(found) >= 30 and found.count(False) >= 6


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KONEEN tulos", ("Kone",)),  # a capital first letter: a name
        ("koneen tulos", ()),  # the common word
        ("kone", ("Kone",)),  # uninflected keywords match in any case, as before
        ("valiolta", ("Valio",)),  # five letters: inflections in any case
        ("Northwindinkin", ("Northwind",)),
        ("Northwinded", ()),
    ],
)
def test_short_keywords_need_a_capital_when_inflected(text: str, expected: tuple[str, ...]) -> None:
    assert MATCHER.named(text) == expected
