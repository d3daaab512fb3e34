"""Purchase-intent rules on the labelled set: the held-out part, scored as the bench scores it."""

from __future__ import annotations

import csv
from pathlib import Path

from bot.domain.mentions.purchase_intent import shows_purchase_intent

DATA = Path(__file__).parents[1] / "data" / "purchase_intent.csv"


def test_held_out_precision_and_recall() -> None:
    with DATA.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["split"] == "heldout"]
    assert len(rows) >= 50
    predicted = [shows_purchase_intent(r["text"]) for r in rows]
    truth = [r["intent"] == "1" for r in rows]
    hits = sum(p and t for p, t in zip(predicted, truth, strict=True))
    assert hits / sum(predicted) >= 0.9 and hits / sum(truth) >= 0.85


def test_complaints_and_past_purchases_are_not_opportunities() -> None:
    assert not shows_purchase_intent("Acme is way too expensive these days")
    assert not shows_purchase_intent("Acme stock price fell today")
    assert not shows_purchase_intent("Tilasin Acmelta viime viikolla ja tuli nopeasti")
    assert shows_purchase_intent("Paljonko Acmen kahvimylly maksaa?")
    assert shows_purchase_intent("Where can I buy Acme beans in Tampere")
