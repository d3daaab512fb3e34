"""Does a sentiment change hold beyond the texts it was made on? Cross-domain figures.

Brand complaints (customer-service problems, questions, thanks) are not the text the scorer's
constants were fitted on, so every change is scored on unlike domains: the VADER paper's
tweets, Amazon review sentences, movie review snippets and New York Times editorial snippets
(shared/data/sentiment/vader, labels as shared/tools/sentiment_eval.py: |mean| / 4 <= 0.05 is
neutral), the dev part of tests/data/brand_posts.csv, the hand-written service-complaint probes
(bench/data/service_probes.tsv) and, with `--public DIR`, the dev halves of three public sets of
real tweets to brands labelled by others (bench/public_tweets.py). The "mean of 5" is the first
five; the leave-one-domain-out choice uses every dev domain present.

1. Before / after per domain: "before" is the scorer at a git revision (default: the scorer
   as issue 13 found it), run from `git archive` in a subprocess, so the figures are that
   code's own; "after" is the working tree.
2. Ablation: each service cue left out in turn (what it adds), and rules tried and not shipped
   added in turn; a cue is kept only if it lowers neither the tweets nor the five-domain mean.
3. Constants, leave one domain out: a grid of link damping x question damping x positive and
   negative cut-offs x complaint step; for each dev domain the point with the best mean
   macro-F1 on the others (keeping the shared tweets at their floor) is scored on the held one,
   beside the shipped point.
Held-out parts (brand posts, probes, the public sets' other halves) are scored only with
`--heldout`.
Run: `PYTHONPATH=. python bench/sentiment_domains.py [--public DIR] [--heldout]` (a few minutes).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from io import BytesIO
from pathlib import Path
from unittest import mock

import numpy as np

from bench import public_tweets
from bench._results import write_section
from bench.sentiment import ROOT, load_tool
from bot.domain.sentiment import cues as sentiment_cues
from bot.domain.sentiment import scorer as sentiment
from bot.domain.sentiment.scorer import Blend, Components, Thresholds

CLASSES = ("negative", "neutral", "positive")
DOMAINS = ("tweets", "amazon", "movies", "nyt", "brand dev")
VADER_FILES = {
    "tweets": "tweets",
    "amazon": "amazonReviewSnippets",
    "movies": "movieReviewSnippets",
    "nyt": "nytEditorialSnippets",
}
BEFORE = "3c59363"  # the scorer as issue 13 found it
PROBES = ROOT / "bench" / "data" / "service_probes.tsv"
TWEETS_FLOOR = 0.732  # the shared-tweets figure no change may lower

# Complaint rules tried and not shipped (each fails the rule above; see RESULTS.md).
TRIED: dict[str, tuple[frozenset[str], str]] = {
    "damaged item": (
        frozenset({"damaged", "ripped", "torn", "smashed", "soaked", "dented", "shattered"}),
        r"\b(?:bag|bags|luggage|suitcase|parcel|package|box|item|order|wheelchair|stroller|pram|"
        r"seat|phone|laptop)\s+(?:(?:was|is|came|arrived|got|has\s+been)\s+)?(?:back\s+)?"
        r"(?:damaged|ripped|torn|smashed|soaked|dented|shattered)\b|\b(?:arrived|came|delivered|"
        r"returned)\s+(?:back\s+)?(?:damaged|ripped|torn|smashed|soaked|dented|shattered)\b",
    ),
    "damaged (any)": (
        frozenset({"damaged", "ripped", "torn", "smashed", "soaked", "dented", "filthy"}),
        r"\b(?:damaged|ripped|torn|smashed|soaked|dented|shattered|filthy)\b",
    ),
    "dirty/stained": (frozenset({"dirty", "stained"}), r"\b(?:dirty|stained)\b"),
    "bumped": (
        frozenset({"overbooked", "bumped", "downgraded", "offloaded", "boarding"}),
        r"\b(?:overbooked|bumped|downgraded|offloaded|denied\s+boarding)\b",
    ),
    "rude staff": (
        frozenset({"rude", "unhelpful", "unprofessional", "incompetent"}),
        r"\b(?:rude|unhelpful|unprofessional|incompetent)\b",
    ),
    "how you treat": (frozenset({"treat"}), r"\bhow\s+you\s+treat\b"),
    "switching to": (frozenset({"switching"}), r"\bswitching\s+to\b"),
    "nobody can": (
        frozenset({"nobody", "one"}),
        r"\b(?:nobody|no\s+one)\s+(?:can|could|will|would|seems|knows)\b",
    ),
    "without apology": (frozenset({"without"}), r"\bwithout\s+(?:an?\s+)?apology\b"),
}

# Link damping x question damping x positive cut-off x negative cut-off x complaint step.
GRID = list(
    itertools.product(
        (0.1, 0.15, 0.2),
        (0.1, 0.2, 0.3),
        (0.05, 0.08, 0.1, 0.12),
        (-0.05, -0.02, -0.01, 0.0),
        (0.25, 0.35),
    )
)


@dataclass(frozen=True)
class Domain:
    texts: list[str]
    gold: list[str]
    means: list[float] | None  # human mean ratings (VADER-format sets only)


def load_domains(
    shared: Path, brands: Path, heldout: bool, public: Path | None = None
) -> dict[str, Domain]:
    """The shared sets, brand posts and probes, and the public brand-tweet sets in `public`."""
    tool = load_tool(shared)
    domains: dict[str, Domain] = {}
    for name, stem in VADER_FILES.items():
        texts, gold, means = tool.load_vader(
            str(shared / "data/sentiment/vader" / f"{stem}_GroundTruth.txt")
        )
        domains[name] = Domain(texts, gold, means)
    with brands.open(encoding="utf-8", newline="") as handle:
        brand_rows = list(csv.DictReader(handle))
    with PROBES.open(encoding="utf-8", newline="") as handle:
        probe_rows = list(csv.DictReader(handle, delimiter="\t"))
    parts = ("dev", "heldout") if heldout else ("dev",)
    for part in parts:
        label = "held-out" if part == "heldout" else part
        chosen = [row for row in brand_rows if row["split"] == part]
        domains[f"brand {label}"] = Domain(
            [row["text"] for row in chosen], [row["label"] for row in chosen], None
        )
        chosen = [row for row in probe_rows if row["split"] == part]
        domains[f"probes {label}"] = Domain(
            [row["text"] for row in chosen], [row["label"] for row in chosen], None
        )
        if public is not None:
            for name, labelled in public_tweets.load(public, label).items():
                domains[f"{name} {label}"] = Domain(labelled.texts, labelled.gold, None)
    return domains


def macro_f1(gold: Sequence[str], labels: Sequence[str]) -> float:
    f1 = []
    for c in CLASSES:
        both = sum(g == c and p == c for g, p in zip(gold, labels, strict=True))
        total = sum(g == c for g in gold) + sum(p == c for p in labels)
        f1.append(2 * both / total if total else 0.0)
    return sum(f1) / 3


@dataclass(frozen=True)
class Figure:
    f1: float
    r: float | None

    def cell(self) -> str:
        return f"{self.f1:.3f}" + (f" (r {self.r:.3f})" if self.r is not None else "")


def figure(domain: Domain, polarity: Sequence[float], labels: Sequence[str]) -> Figure:
    r = None
    if domain.means is not None:
        r = float(np.corrcoef(np.array(polarity), np.array(domain.means))[0, 1])
    return Figure(macro_f1(domain.gold, labels), r)


@dataclass
class Scored:
    """Each post's components, and what the scorer handed the cues, to re-read them cheaply."""

    parts: dict[str, list[Components]]
    reads: dict[str, list[tuple[str, frozenset[str] | None] | None]]


def score_domains(domains: dict[str, Domain]) -> Scored:
    """Score every post once, recording the (cleaned post, tokens) the scorer gives the cues."""
    real = sentiment_cues.read
    last: list[tuple[str, frozenset[str] | None] | None] = [None]

    def recording(
        cleaned: str, words: frozenset[str] | None = None, without: frozenset[str] = frozenset()
    ) -> sentiment_cues.Cues:
        last[0] = (cleaned, words)
        return real(cleaned, words, without)

    scored = Scored({}, {})
    with mock.patch.object(sentiment_cues, "read", recording):
        for name, domain in domains.items():
            parts, reads = [], []
            for text in domain.texts:
                last[0] = None
                parts.append(sentiment.components(text))
                reads.append(last[0])
            scored.parts[name], scored.reads[name] = parts, reads
    return scored


def cues_changed(
    scored: Scored,
    without: frozenset[str] = frozenset(),
    extra: str | None = None,
    opinion: float | None = None,
) -> dict[str, list[Components]]:
    """The components with the cues read again: some service cues left out, one tried rule
    added, or another opinion ceiling for requests. Only the cues change, so only they rerun."""
    rules = sentiment_cues.SERVICE_COMPLAINTS
    if extra is not None:
        triggers, pattern = TRIED[extra]
        rules = (*rules, (extra, triggers, re.compile(pattern, re.IGNORECASE)))
    ceiling = sentiment_cues.REQUEST_OPINION if opinion is None else opinion
    out: dict[str, list[Components]] = {}
    index = sentiment_cues._index([triggers for _, triggers, _ in rules])  # rules by trigger
    with (
        mock.patch.object(sentiment_cues, "SERVICE_COMPLAINTS", rules),
        mock.patch.object(sentiment_cues, "_SERVICE_INDEX", index),
        mock.patch.object(sentiment_cues, "REQUEST_OPINION", ceiling),
    ):
        for name, parts in scored.parts.items():
            changed = []
            for part, read in zip(parts, scored.reads[name], strict=True):
                if read is None:  # not scored (another language, or nothing to score)
                    changed.append(part)
                    continue
                cues = sentiment_cues.read(*read, without=without)
                changed.append(
                    replace(
                        part,
                        complaints=cues.complaints,
                        sarcastic=cues.sarcastic,
                        request=cues.request,
                    )
                )
            out[name] = changed
    return out


def label_all(
    parts: dict[str, list[Components]],
    weights: Blend | None = None,
    thresholds: Thresholds | None = None,
) -> dict[str, tuple[list[float], list[str]]]:
    weights = weights or Blend()
    thresholds = thresholds or Thresholds()
    out = {}
    for name, scored in parts.items():
        polarity = [sentiment.blended_polarity(p, weights) if p.scored else 0.0 for p in scored]
        labels = [sentiment._label(x, thresholds) for x in polarity]
        out[name] = (polarity, labels)
    return out


def figures(
    domains: dict[str, Domain], scored: dict[str, tuple[list[float], list[str]]]
) -> dict[str, Figure]:
    return {name: figure(domains[name], *scored[name]) for name in domains}


_BEFORE_SCRIPT = """
import json, sys
from bot.domain.sentiment import scorer
assert scorer.__file__.startswith(sys.argv[1]), scorer.__file__  # the archived code, not ours
texts = json.load(sys.stdin)
out = [[s.polarity, s.label] for s in scorer.score_many(texts)]
json.dump(out, sys.stdout)
"""


def before(domains: dict[str, Domain], revision: str) -> dict[str, tuple[list[float], list[str]]]:
    """The scorer at `revision`, run from an archive of its own `bot` package."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision, "bot"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    names = list(domains)
    texts = [t for name in names for t in domains[name].texts]
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        result = subprocess.run(
            [sys.executable, "-c", _BEFORE_SCRIPT, tmp],
            input=json.dumps(texts),
            cwd=tmp,
            env={"PYTHONPATH": tmp, "PATH": "/usr/bin:/bin"},
            check=True,
            capture_output=True,
            text=True,
        )
    rows = json.loads(result.stdout)
    out, start = {}, 0
    for name in names:
        chunk = rows[start : start + len(domains[name].texts)]
        out[name] = ([float(p) for p, _ in chunk], [str(label) for _, label in chunk])
        start += len(chunk)
    return out


def plain(domains: dict[str, Domain]) -> dict[str, dict[str, tuple[list[float], list[str]]]]:
    """Plain TextBlob and plain VADER, labelled at ±0.05 as the eval tool labels them."""
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    cut = Thresholds(0.05, -0.05)
    scorers = {
        "TextBlob (plain)": lambda text: float(TextBlob(text).sentiment.polarity),
        "VADER (plain)": lambda text: float(analyzer.polarity_scores(text)["compound"]),
    }
    out: dict[str, dict[str, tuple[list[float], list[str]]]] = {}
    for name, polarity_of in scorers.items():
        out[name] = {}
        for domain_name, domain in domains.items():
            polarity = [polarity_of(text) for text in domain.texts]
            out[name][domain_name] = (polarity, [sentiment._label(x, cut) for x in polarity])
    return out


def mean5(row: dict[str, Figure]) -> float:
    return float(np.mean([row[d].f1 for d in DOMAINS]))


def row_cells(row: dict[str, Figure], columns: Sequence[str]) -> str:
    return " | ".join(row[c].cell() if c in row else "" for c in columns)


def verdict(row: dict[str, Figure], base: dict[str, Figure]) -> str:
    tweets_ok = row["tweets"].f1 >= min(TWEETS_FLOOR, base["tweets"].f1) - 1e-9
    mean_ok = mean5(row) >= mean5(base) - 1e-9
    return "holds" if tweets_ok and mean_ok else "fails"


def ablation(
    domains: dict[str, Domain], scored: Scored, after: dict[str, Figure], columns: Sequence[str]
) -> list[str]:
    lines = [
        "| change against the shipped scorer | " + " | ".join(columns) + " | mean of 5 | verdict |",
        "|---|" + "---|" * (len(columns) + 2),
    ]

    def row_of(parts: dict[str, list[Components]]) -> dict[str, Figure]:
        return figures(domains, label_all(parts))

    names = [name for name, _, _ in sentiment_cues.SERVICE_COMPLAINTS] + ["request"]
    for name in names:
        row = row_of(cues_changed(scored, without=frozenset({name})))
        # The cue is kept if the scorer with it (after) holds against the scorer without it.
        keep = verdict(after, row) == "holds"
        lines.append(
            f"| without `{name}` | {row_cells(row, columns)} | {mean5(row):.3f} | "
            f"cue {'kept' if keep else 'FAILS'} |"
        )
    every = frozenset([*names, "request"])
    row = row_of(cues_changed(scored, without=every))
    lines.append(
        f"| without any service cue | {row_cells(row, columns)} | {mean5(row):.3f} | "
        f"cues {'kept' if verdict(after, row) == 'holds' else 'FAIL'} |"
    )
    for ceiling in (1.5, 2.0, 3.0, float("inf")):
        row = row_of(cues_changed(scored, opinion=ceiling))
        lines.append(
            f"| requests with opinion ceiling {ceiling} (tried) | {row_cells(row, columns)} | "
            f"{mean5(row):.3f} | {verdict(row, after)} |"
        )
    for name in TRIED:
        row = row_of(cues_changed(scored, extra=name))
        lines.append(
            f"| with `{name}` (tried) | {row_cells(row, columns)} | {mean5(row):.3f} | "
            f"{verdict(row, after)} |"
        )
    return [*lines, ""]


Point = tuple[float, float, float, float, float]  # link, question, positive, negative, step


def shipped_point() -> Point:
    cuts = Thresholds()
    return (
        sentiment.LINK_DAMPING,
        sentiment.QUESTION_DAMPING,
        cuts.positive,
        cuts.negative,
        sentiment.COMPLAINT_STEP,
    )


def lodo(domains: dict[str, Domain], scored: Scored) -> list[str]:
    """Pick the damping, cut-offs and complaint step on all dev domains but one, score the one.

    A pick must keep the shared tweets at their floor unless the tweets are the held domain:
    that figure is a promise to users, not one more domain to trade away.
    """
    names = [name for name in domains if "held-out" not in name]
    dev = {name: domains[name] for name in names}
    parts = {name: scored.parts[name] for name in names}
    table: dict[Point, dict[str, Figure]] = {}
    for link, question, positive, negative, step in GRID:
        weights = Blend(link_damping=link, question_damping=question, complaint_step=step)
        labelled = label_all(parts, weights, Thresholds(positive, negative))
        table[(link, question, positive, negative, step)] = figures(dev, labelled)
    shipped = table[shipped_point()]

    def mean_of(point: Point, left_out: str | None = None) -> float:
        return float(np.mean([table[point][d].f1 for d in names if d != left_out]))

    lines = [
        f"Grid of {len(GRID)} points: link damping (0.1, 0.15, 0.2) × question damping (0.1, "
        "0.2, 0.3) × positive cut-off (0.05, 0.08, 0.1, 0.12) × negative cut-off (-0.05, "
        f"-0.02, -0.01, 0) × complaint step (0.25, 0.35); shipped {shipped_point()}. "
        f"{len(names)} dev domains; a pick keeps the tweets at {TWEETS_FLOOR} or above unless "
        "the tweets are held out.",
        "",
        "| held-out domain | picked on the others (link, question, positive, negative, step) | "
        "held figure of the pick | shipped |",
        "|---|---|---|---|",
    ]
    held_figures = []
    for held in names:
        allowed = [
            point
            for point in table
            if held == "tweets" or table[point]["tweets"].f1 >= TWEETS_FLOOR - 1e-9
        ]
        pick = max(allowed, key=lambda point: mean_of(point, held))
        held_figures.append(table[pick][held].f1)
        lines.append(f"| {held} | {pick} | {table[pick][held].f1:.3f} | {shipped[held].f1:.3f} |")
    floor = [p for p in table if table[p]["tweets"].f1 >= TWEETS_FLOOR - 1e-9]
    best = max(floor, key=mean_of)
    lines += [
        f"| mean | | {np.mean(held_figures):.3f} | {mean_of(shipped_point()):.3f} |",
        "",
        f"The best point on all {len(names)} dev domains with the tweets at the floor, {best}, "
        f"gives {mean_of(best):.3f} (tweets {table[best]['tweets'].f1:.3f}); the shipped "
        f"point gives {mean_of(shipped_point()):.3f} (tweets {shipped['tweets'].f1:.3f}).",
        "",
    ]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--brands", type=Path, default=ROOT / "tests/data/brand_posts.csv")
    parser.add_argument("--before", default=BEFORE, help="git revision of the 'before' scorer")
    parser.add_argument("--heldout", action="store_true", help="also score the held-out parts")
    parser.add_argument(
        "--public",
        type=Path,
        help="directory with the public brand-tweet sets (bench/public_tweets.py)",
    )
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    domains = load_domains(args.shared, args.brands, args.heldout, args.public)
    columns = list(domains)
    dev = {name: domain for name, domain in domains.items() if "held-out" not in name}
    then = figures(domains, before(domains, args.before))
    scored = score_domains(domains)
    now = figures(domains, label_all(scored.parts))
    baselines = {name: figures(domains, rows) for name, rows in plain(domains).items()}
    lines = [
        "## Sentiment across domains (`bench/sentiment_domains.py`)",
        "",
        "Macro-F1 (Pearson r with the human mean where there is one) per domain. The five "
        "domains are the VADER paper's tweets, Amazon review sentences, movie snippets, NYT "
        "editorial snippets and the brand posts' dev part; the probes are 187 hand-written "
        "customer-service posts (bench/data/README.md). Probes and service cues come from the "
        "same hand, so the probe figures flatter the cues; the four shared sets do not. The "
        "sanders, sentiment140 and apple columns are halves of public sets of real tweets to "
        "brands labelled by others (bench/data/README.md; split by a hash, dev halves only "
        "for choosing).",
        "",
        "| scorer | " + " | ".join(columns) + " | mean of 5 |",
        "|---|" + "---|" * (len(columns) + 1),
        f"| before (`{args.before}`) | {row_cells(then, columns)} | {mean5(then):.3f} |",
        f"| after (this tree) | {row_cells(now, columns)} | {mean5(now):.3f} |",
        *(
            f"| {name} | {row_cells(row, columns)} | {mean5(row):.3f} |"
            for name, row in baselines.items()
        ),
        "",
        "**Ablation** (dev parts only): each service cue left out of the shipped scorer, and "
        "each rule tried and not shipped added to it. A change holds if it lowers neither the "
        f"tweets (floor {TWEETS_FLOOR}) nor the five-domain mean.",
        "",
        *ablation(dev, scored, now, list(dev)),
        "**Constants, leave one domain out.**",
        "",
        *lodo(domains, scored),
        "**Decisions.** Shipped: the seven service-complaint rules and the request cue (opinion "
        "ceiling 2.5, request damping 0.3); each lowers neither the tweets nor the five-domain "
        "mean and raises the brand or probe dev figure. Not shipped: the tried rules marked "
        "*fails* (they cost a tweet, a review or an editorial snippet and gain nothing on brand "
        "posts) and those that *hold* only because they change no dev post (no evidence for "
        "them). Cut-offs and damping (issue 13, last round): the cut-offs are +0.1 / -0.01 "
        "instead of ±0.05, link damping 0.15 instead of 0.1 and question damping 0.2 instead "
        "of 0.3. Words lean positive, so a post with no opinion reads a little above zero and "
        "a post a little below zero is already a complaint. Every leave-one-domain-out pick "
        "has the positive cut-off 0.1, question damping 0.2 or less and a negative cut-off of "
        "0 or -0.01; the shipped point is the one of the floor-keeping points with the best "
        "mean that keeps the tweets at 0.734 and changes the fewest constants (the picks' "
        "link damping 0.2, complaint step 0.35 and cut-off 0 gain about 0.002 on the mean and "
        "put the tweets at the floor).",
        "",
        "**Limits.** The probes, their labels and the service rules come from the same hand "
        "and the same knowledge of service complaints; the rules were written after reading "
        "the dev probes' errors, so the probes' dev figure flatters them and even their "
        "held-out part is written in the rules' idiom. The four shared sets are the honest "
        "check: they show that the cues do no harm away from complaints, not that they help "
        "on real complaints; the three public sets of real tweets to brands are the check that "
        "they do. Differences of 0.001-0.003 on the shared sets are a handful of posts. "
        "Held-out parts are scored once, at the end (`--heldout`). The airline-customer "
        "tweets issue 13 is judged on are not here and nothing was measured on them; the "
        "nearest set here, CrowdFlower's Apple tweets (crowd labels of the same kind), moved "
        "on its held-out half from 0.537 for the scorer issue 13 found (0.544 on the airline "
        "tweets, by the issue) to 0.562: by that measure 0.60 there is not yet reached.",
    ]
    markdown = "\n".join(lines)
    print(markdown)
    if not args.no_write:
        write_section("sentiment-domains", markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
