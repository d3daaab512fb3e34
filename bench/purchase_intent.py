"""Purchase-intent rules against the labelled set in tests/data/purchase_intent.csv.

The set (160 posts, English and Finnish) was written before the rules; the rules were tuned on
its `dev` part only and the `heldout` part was scored once afterwards. Precision and recall per
part and language go to bench/RESULTS.md (section purchase_intent).
"""

from __future__ import annotations

import csv
from pathlib import Path

from bench._results import write_section
from bot.domain.mentions.purchase_intent import shows_purchase_intent
from bot.domain.sentiment.language import detect_language

DATA = Path(__file__).parents[1] / "tests" / "data" / "purchase_intent.csv"


def scores(rows: list[dict[str, str]]) -> tuple[int, float, float]:
    """(posts, precision, recall) of the rules on `rows`."""
    predicted = [shows_purchase_intent(r["text"]) for r in rows]
    truth = [r["intent"] == "1" for r in rows]
    hits = sum(p and t for p, t in zip(predicted, truth, strict=True))
    precision = hits / sum(predicted) if any(predicted) else 0.0
    recall = hits / sum(truth) if any(truth) else 0.0
    return len(rows), precision, recall


def main() -> None:
    with DATA.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    table = ["| part | language | posts | precision | recall |", "|---|---|---|---|---|"]
    for part in ("dev", "heldout"):
        for lang in ("en", "fi", "all"):
            chosen = [
                r
                for r in rows
                if r["split"] == part
                and (lang == "all" or (detect_language(r["text"]) == "fi") == (lang == "fi"))
            ]
            n, precision, recall = scores(chosen)
            table.append(f"| {part} | {lang} | {n} | {precision:.2f} | {recall:.2f} |")
    text = "\n".join(
        [
            "## Purchase opportunities (rules, `bot/domain/mentions/purchase_intent.py`)",
            "",
            "Labelled set `tests/data/purchase_intent.csv`, written before the rules; rules tuned",
            "on `dev` only, `heldout` scored once afterwards. Language split by the language check",
            "(short Finnish posts it cannot tell count as English).",
            "",
            *table,
        ]
    )
    write_section("purchase_intent", text)
    print(text)


if __name__ == "__main__":
    main()
