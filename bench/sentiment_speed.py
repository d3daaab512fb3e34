"""Sentiment scorer speed in TextBlob units, before and after, and a check that scores agree.

The unit is the CPU time of plain `TextBlob(text).sentiment` on the same texts in the same
process: the scorer's CPU seconds divided by TextBlob's, per round of both, median of the
rounds (the machine is shared, so CPU time rather than wall time, and rounds alternate so a
busy spell hits both). Texts are the distinct texts of bench/ingest_data.py's generated export
(ingest scores a repost's text once), and the same texts again as generated, reposts included
(`score_many` scores a text repeated in the batch once).

Each checkout is measured in a child process that imports the scorer from that checkout:
this one, and with `--before ROOT` another (say the main branch), with ROOT/.venv's Python.
`--check` scores every text of the VADER paper's four rated sets (shared/data/sentiment/vader),
tests/data/brand_posts.csv, tests/data/brand_mentions.csv and the generated export in both
checkouts and compares every component, the polarity and the label.
Run: `PYTHONPATH=. python bench/sentiment_speed.py --before ../main [--check] [--rounds 3]`.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RATED_SETS = ("tweets", "amazonReviewSnippets", "movieReviewSnippets", "nytEditorialSnippets")
HAND_WRITTEN = ("brand_posts.csv", "brand_mentions.csv")
TOLERANCE = 1e-9
WHAT_CHANGED = (
    "Where the time went before (cProfile, generated texts): VADER 28% and 4% more to respell "
    "its copy (it lower-cases the whole post again for each opinion word and copies a post "
    "with emoji character by character), tokenising 17% (a Python step per match), TextBlob's "
    "assessments 11% (an emoticon scan for every unknown short word), AFINN 9% (a two-word "
    "join per word). Now VADER's compound score and TextBlob's assessments run their own steps "
    "once per post (`compound`, `assessments`), word tokens and VADER's words are memoised, "
    "passes that cannot match are skipped after a character test, and `score_many` scores a "
    "text repeated in the batch once. tests/domain/sentiment/test_fast_paths.py compares each "
    "fast path with the library's own call; the cue rules (cues.py) are called as they are."
)


def generated(rows: int) -> list[str]:
    """The texts of bench/ingest_data.py's export, in order, reposts included."""
    from bench.ingest_data import texts_of, write_export

    with tempfile.TemporaryDirectory() as folder:
        return list(texts_of(write_export(Path(folder) / "mentions.csv", rows)))


def rated_sets(shared: Path) -> dict[str, list[str]]:
    """The texts of the VADER paper's rated sets and of the hand-written brand posts."""
    sets: dict[str, list[str]] = {}
    for stem in RATED_SETS:
        path = shared / "data" / "sentiment" / "vader" / f"{stem}_GroundTruth.txt"
        with path.open(encoding="utf-8", errors="replace") as handle:
            rows = (line.rstrip("\r\n").split("\t", 2) for line in handle)
            sets[stem] = [parts[2] for parts in rows if len(parts) == 3]
    for name in HAND_WRITTEN:
        with (ROOT / "tests" / "data" / name).open(encoding="utf-8-sig", newline="") as handle:
            sets[name] = [row["text"] for row in csv.DictReader(handle)]
    return sets


def child_speed(texts: list[str], rounds: int) -> dict[str, list[float]]:
    """CPU seconds of TextBlob and of the scorer per round, alternating (in the child)."""
    from textblob import TextBlob

    from bot.domain.sentiment.scorer import score_many

    TextBlob("warm up").sentiment  # noqa: B018 (loads the lexicon)
    score_many(["warm up the lexicons", "ja kielentunnistus myös, kiitos paljon ystävät"])
    distinct = list(dict.fromkeys(texts))
    figures: dict[str, list[float]] = {"textblob": [], "distinct": [], "generated": []}
    for _ in range(rounds):
        started = time.process_time()
        for text in distinct:
            TextBlob(text).sentiment  # noqa: B018 (the call is what is measured)
        figures["textblob"].append(time.process_time() - started)
        started = time.process_time()
        score_many(distinct)
        figures["distinct"].append(time.process_time() - started)
        started = time.process_time()
        score_many(texts)
        figures["generated"].append(time.process_time() - started)
    return figures


def child_scores(texts: list[str]) -> list[list[object]]:
    """Every component, the polarity and the label of each text (in the child)."""
    from bot.domain.sentiment.scorer import blend, components

    out: list[list[object]] = []
    for text in texts:
        parts = components(text)
        result = blend(parts)
        out.append(
            [
                parts.textblob,
                parts.vader,
                parts.afinn,
                parts.subjectivity,
                parts.question,
                parts.link,
                parts.lang,
                parts.scored,
                parts.complaints,
                parts.sarcastic,
                result.polarity,
                result.subjectivity,
                result.label,
            ]
        )
    return out


def run_child(root: Path, task: str, texts: list[str], rounds: int) -> object:
    """Run `task` in a child process that imports the scorer from checkout `root`."""
    python = root / ".venv" / "bin" / "python"
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "texts.json", Path(folder) / "out.json"
        source.write_text(json.dumps(texts), encoding="utf-8")
        command = [
            str(python if python.exists() else sys.executable),
            __file__,
            "--child",
            task,
            str(root),
            str(source),
            str(target),
            "--rounds",
            str(rounds),
        ]
        subprocess.run(command, check=True, cwd=root)
        return json.loads(target.read_text(encoding="utf-8"))


def compare(ours: list[list[object]], theirs: list[list[object]]) -> tuple[int, float]:
    """Texts whose scores differ (beyond TOLERANCE for numbers), and the largest difference."""
    differ, largest = 0, 0.0
    for mine, other in zip(ours, theirs, strict=True):
        same = True
        for a, b in zip(mine, other, strict=True):
            if isinstance(a, float) and isinstance(b, float):
                largest = max(largest, abs(a - b))
                same = same and abs(a - b) <= TOLERANCE
            else:
                same = same and a == b
        differ += not same
    return differ, largest


def units(figures: dict[str, list[float]], key: str) -> float:
    """Median over rounds of the scorer's CPU over TextBlob's."""
    return statistics.median(s / t for s, t in zip(figures[key], figures["textblob"], strict=True))


def speed_rows(name: str, figures: dict[str, list[float]], distinct: int, rows: int) -> list[str]:
    """Table rows of one checkout; the reposts row compares with TextBlob on as many texts."""
    textblob = statistics.median(figures["textblob"]) / distinct * 1e6
    per_text = statistics.median(figures["distinct"]) / distinct * 1e6
    reposts = statistics.median(figures["generated"]) / rows * 1e6
    one, all_rows = units(figures, "distinct"), units(figures, "generated") * distinct / rows
    return [
        f"| {name}: TextBlob alone | {textblob:.0f} | 1.00 |",
        f"| {name}: `score_many`, distinct texts | {per_text:.0f} | {one:.2f} |",
        f"| {name}: `score_many`, as generated (15% reposts) | {reposts:.0f} | {all_rows:.2f} |",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=12_000, help="generated export rows timed")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--before", type=Path, help="another checkout to measure and check")
    parser.add_argument("--check", action="store_true", help="compare scores with --before")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        task, root, source, target = args.child
        sys.path.insert(0, root)
        texts = json.loads(Path(source).read_text(encoding="utf-8"))
        result = child_speed(texts, args.rounds) if task == "speed" else child_scores(texts)
        Path(target).write_text(json.dumps(result), encoding="utf-8")
        return 0
    texts = generated(args.rows)
    distinct = len(set(texts))
    roots = [("after", ROOT)] + ([("before", args.before.resolve())] if args.before else [])
    rows: list[str] = []
    for name, root in roots:
        figures = run_child(root, "speed", texts, args.rounds)
        assert isinstance(figures, dict)
        rows += speed_rows(f"{name} (`{root.name}`)", figures, distinct, len(texts))
    lines = [
        "## Sentiment scorer speed (`bench/sentiment_speed.py`)",
        "",
        f"CPU time per text against plain `TextBlob(t).sentiment` on the same {distinct:,} "
        f"distinct texts of a {args.rows:,}-row generated export, in the same process, "
        f"{args.rounds} alternating rounds (TextBlob units: the median of the rounds' "
        "ratios; 1.00 = TextBlob's cost, below 1 is cheaper; µs: median per text). Each "
        "checkout runs in its own process.",
        "",
        WHAT_CHANGED,
        "",
        "| checkout: what | µs per text (CPU) | TextBlob units |",
        "|---|---:|---:|",
        *rows,
    ]
    if args.check and args.before:
        sets = {**rated_sets(args.shared), "generated export (50,000 rows)": generated(50_000)}
        checked = [
            "",
            f"Scores against `{args.before.name}` (every text; numbers within "
            f"{TOLERANCE:g}, labels, languages and flags equal):",
            "",
        ]
        checked += ["| texts | count | differing | largest difference |", "|---|---:|---:|---:|"]
        for name, texts_of_set in sets.items():
            ours = run_child(ROOT, "scores", texts_of_set, 1)
            theirs = run_child(args.before.resolve(), "scores", texts_of_set, 1)
            assert isinstance(ours, list) and isinstance(theirs, list)
            differ, largest = compare(ours, theirs)
            checked.append(f"| {name} | {len(texts_of_set):,} | {differ} | {largest:.1e} |")
        lines += checked
    text = "\n".join(lines)
    print(text)
    from bench._results import write_section

    write_section("sentiment_speed", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
