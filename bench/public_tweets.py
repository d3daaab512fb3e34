"""Public brand-tweet sets labelled by people, for checking the scorer on real posts to brands.

The hand-written brand posts and probes come from the same hand as the cues; these three sets
do not, and they are what a brand's mentions look like: real tweets at or about a company,
labelled negative / neutral / positive by others. They are not in the repository (their tweets
are their authors'); `bench/data/README.md` says where each comes from and how a file is made.
A directory holds them as `<name>.tsv` with the columns label, id, text.

Each set is split in two halves by a hash of the tweet's id (of its text where there is no id),
fixed before any post was read: "dev" is used to choose constants, "held-out" is scored once,
at the end.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path
from typing import NamedTuple

SETS = {
    "sanders": "Sanders Analytics corpus (2011): tweets about Apple, Google, Microsoft, Twitter",
    "sentiment140": "Sentiment140's hand-labelled test set (2009): products, brands, people",
    "apple": "CrowdFlower's Apple tweets (2014), one row per distinct text, majority label",
}
LABELS = frozenset({"negative", "neutral", "positive"})


class Labelled(NamedTuple):
    texts: list[str]
    gold: list[str]


def half(key: str) -> str:
    """The fixed half a post belongs to: "dev" or "held-out"."""
    return "dev" if int(hashlib.sha256(key.encode()).hexdigest(), 16) % 2 == 0 else "held-out"


def load(directory: Path, part: str) -> dict[str, Labelled]:
    """The sets found in `directory`, only the posts of `part` ("dev" or "held-out")."""
    found: dict[str, Labelled] = {}
    for name in SETS:
        path = directory / f"{name}.tsv"
        if not path.exists():
            continue
        texts, gold = [], []
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                if row["label"] not in LABELS:
                    raise ValueError(f"{path}: unknown label {row['label']!r}")
                if half(row["id"] or row["text"]) == part:
                    texts.append(row["text"])
                    gold.append(row["label"])
        found[name] = Labelled(texts, gold)
    return found
