"""Generated mention exports for bench/ingest.py, written row by row (bounded memory).

Texts come from the demo's post templates (scripts/sample_texts.py) with extra random words,
numbers and handles, so that nearly every original post is unique; REPOST_SHARE of the rows are
retweets ("RT @author: ...") of one of the few posts going viral at the time, which repeat its
text word for word, as reposts do.
"""

from __future__ import annotations

import csv
import random
import sys
from collections import deque
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from sample_texts import FINNISH, TEMPLATES, fill

REPOST_SHARE = 0.15
VIRAL_SHARE = 0.01  # share of original posts that get reposted
START = datetime(2026, 1, 1, tzinfo=UTC)
BRANDS = ("Northwind Coffee", "Bluebird Roasters", "Harbor Beans")
NETWORKS = ("twitter", "instagram", "facebook", "reddit", "tiktok", "news")
_PROSE = (
    "today again honestly really just my the new old morning evening office team friends weekend "
    "rain snow sun train bus queue price cup size menu staff music table window seat line order "
    "receipt card phone wifi noise smell taste milk sugar foam ice heat cold warm"
)
_WORDS = _PROSE.split()
_MOODS = ("positive", "positive", "neutral", "negative")
COLUMNS = ("id", "created_at", "network", "author", "text", "url", "followers", "likes", "shares")


def _original(rng: random.Random) -> str:
    if rng.random() < 0.02:
        return fill(rng, rng.choice(FINNISH), rng.choice(BRANDS))
    text = fill(rng, rng.choice(TEMPLATES[rng.choice(_MOODS)]), rng.choice(BRANDS))
    extra = " ".join(rng.choices(_WORDS, k=rng.randrange(1, 7)))
    tail = rng.choice([f" #{rng.randrange(1, 400)}day", f" @user{rng.randrange(10_000)}", "", ""])
    return f"{text} {extra}{tail}"


def rows(count: int, seed: int) -> Iterator[tuple[object, ...]]:
    """`count` mention rows in time order."""
    rng = random.Random(seed)
    viral: deque[tuple[str, str]] = deque(maxlen=30)  # the posts being reposted now
    for number in range(count):
        when = START + timedelta(seconds=number * 7)
        author = f"user{rng.randrange(50_000)}"
        if viral and rng.random() < REPOST_SHARE:
            origin, text = rng.choice(viral)
            text = f"RT @{origin}: {text}"
        else:
            text = _original(rng)
            if rng.random() < VIRAL_SHARE:
                viral.append((author, text))
        network = rng.choice(NETWORKS)
        yield (
            f"m{number}",
            when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            network,
            author,
            text,
            f"https://{network}.example/{author}/{number}",
            rng.randrange(20, 50_000),
            rng.randrange(0, 300),
            rng.randrange(0, 40),
        )


def write_export(path: Path, count: int, seed: int = 7) -> Path:
    """Write a CSV export of `count` mentions."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows(count, seed))
    return path


def texts_of(path: Path) -> Iterator[str]:
    """The text column of an export, streamed."""
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield row["text"]
