"""Purchase-intent rules on the labelled set: the held-out part, scored as the bench scores it."""

from __future__ import annotations

import csv
from pathlib import Path
from re import _constants, _parser  # type: ignore[attr-defined]
from typing import Any

from bench.ingest_data import COLUMNS, rows
from bot.domain.mentions.purchase_intent import (
    _QUESTION_RE,
    _STRONG,
    _STRONG_RE,
    STRONG_HINTS,
    shows_purchase_intent,
)

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


def _always_contains_a_hint(items: list[Any]) -> bool:
    """Whether every text the parsed pattern matches contains one of STRONG_HINTS: a run of
    literal characters holds a hint, with groups spelled out in place and every branch of an
    alternation tried with what comes before and after it."""
    run = ""
    for position, (op, value) in enumerate(items):
        if op is _constants.LITERAL:
            run += chr(value)
            if any(hint in run for hint in STRONG_HINTS):
                return True
            continue
        before, after = [(_constants.LITERAL, ord(c)) for c in run], list(items[position + 1 :])
        if op is _constants.SUBPATTERN:
            return _always_contains_a_hint([*before, *value[-1], *after])
        if op is _constants.BRANCH:
            return all(_always_contains_a_hint([*before, *b, *after]) for b in value[1])
        repeated = op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT) and value[0] >= 1
        if repeated and _always_contains_a_hint(list(value[2])):
            return True
        run = ""
    return False


def test_every_strong_cue_contains_a_hint() -> None:
    """The hint check before the regex can only skip texts the regex would not match."""
    for cue in _STRONG:
        assert _always_contains_a_hint(list(_parser.parse(cue))), cue
    assert not _always_contains_a_hint(list(_parser.parse(r"\b(can|could) (you|we)\b")))
    assert not _always_contains_a_hint(list(_parser.parse(r"\bsh(ip)?\b")))


def _texts() -> list[str]:
    with DATA.open(encoding="utf-8") as handle:
        texts = [r["text"] for r in csv.DictReader(handle)]
    texts += [str(row[COLUMNS.index("text")]) for row in rows(3000, seed=5)]
    return texts


def test_the_hint_check_changes_no_answer() -> None:
    for text in _texts():
        lowered = text.lower()
        plain = bool(_STRONG_RE.search(lowered)) or (
            "?" in lowered and _QUESTION_RE.search(lowered) is not None
        )
        assert shows_purchase_intent(text) == plain, text
