"""Vahti's sentiment scorer against plain TextBlob and plain VADER, on tweets and brand mentions.

Data: the 4,200 tweets of Hutto & Gilbert, "VADER: A Parsimonious Rule-based Model for
Sentiment Analysis of Social Media Text", ICWSM 2014, each with the mean rating of about 20
people (MIT licence, shipped in shared/data/sentiment/vader), and tests/data/brand_mentions.csv,
250 hand-written customer posts to brands, used only as a check, never for fitting. Labels and
Pearson r follow shared/tools/sentiment_eval.py (|mean| / 4 <= 0.05 is neutral), whose loader
is imported so the figures match that tool. "Vahti before" is the previous blend (TextBlob and
VADER half and half, ±0.08), rebuilt from the same components; "Vahti without cue terms" drops
the complaint and sarcasm terms of bot/domain/sentiment/cues.py (slang rewriting stays).
tests/data/brand_posts.csv (422 hand-written brand-customer posts) has a dev part and a held-out
part; `--no-heldout` leaves the latter unscored during development. The section also checks the
VADER paper's other rated sets and the language gate. Run:
`PYTHONPATH=. python bench/sentiment.py` (bench/fit_sentiment.py shows how the blend was set).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import numpy as np

from bench._results import write_section
from bot.domain.sentiment import scorer as sentiment
from bot.domain.sentiment.language import detect_language
from bot.domain.sentiment.scorer import Blend, Thresholds

ROOT = Path(__file__).resolve().parents[1]
BRANDS = ROOT / "tests" / "data" / "brand_mentions.csv"
BRAND_POSTS = ROOT / "tests" / "data" / "brand_posts.csv"
OTHER_SETS = {
    "amazon": "amazonReviewSnippets",
    "movies": "movieReviewSnippets",
    "nyt": "nytEditorialSnippets",
}
# The scorer as it was before the cue terms: no complaint step or request damping, damping 0.2.
NO_CUE_TERMS = Blend(question_damping=0.2, complaint_step=0.0, request_damping=0.0)
INGEST_MIX = 20_000  # generated mentions timed beside the tweets
FINNISH_POSTS = 1413  # generated Finnish posts for the language gate (the count in issue 13)
BRAND_PARTS = {"set A (rows 1-150)": range(150), "set B (rows 151-250)": range(150, 250)}
CLASSES = ("negative", "neutral", "positive")
SPLITS, SEED = 50, 0
HEADER = "| scorer | Pearson r | accuracy | macro-F1 | F1 neg/neu/pos |"
Scored = dict[str, tuple[list[float], list[str]]]  # scorer -> polarity, labels


def load_tool(shared: Path) -> ModuleType:
    """Import shared/tools/sentiment_eval.py without putting shared/ on sys.path."""
    spec = importlib.util.spec_from_file_location(
        "sentiment_eval", shared / "tools" / "sentiment_eval.py"
    )
    if spec is None or spec.loader is None:
        raise SystemExit(f"bench/sentiment.py: cannot load the eval tool from {shared}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def metrics(gold: Sequence[str], labels: Sequence[str]) -> dict[str, float]:
    """Accuracy, macro-F1 and per-class F1 (as the eval tool computes them)."""
    out = {"acc": sum(g == p for g, p in zip(gold, labels, strict=True)) / len(gold)}
    for name in CLASSES:
        tp = sum(g == name == p for g, p in zip(gold, labels, strict=True))
        predicted, actual = labels.count(name), gold.count(name)
        out[name] = 2 * tp / (predicted + actual) if predicted + actual else 0.0
    out["f1"] = sum(out[name] for name in CLASSES) / len(CLASSES)
    return out


def cut(polarity: float, threshold: float = 0.05) -> str:
    """The eval tool's baseline labelling."""
    return (
        "positive" if polarity > threshold else "negative" if polarity < -threshold else "neutral"
    )


def timed(function: Callable[[], object], repeats: int = 3) -> float:
    """CPU seconds of the fastest of `repeats` runs (warm caches, same process; the machine is
    shared, so CPU time rather than wall time)."""
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        function()
        best = min(best, time.process_time() - started)
    return best


def score_all(texts: Sequence[str]) -> Scored:
    """Polarity and labels of each scorer on the same texts."""
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    vahti = sentiment.score_many(texts)
    parts = [sentiment.components(text) for text in texts]
    before = [0.5 * p.textblob + 0.5 * p.vader for p in parts]
    no_cues = [
        sentiment.blended_polarity(replace(p, complaints=0, sarcastic=False), NO_CUE_TERMS)
        if p.scored
        else 0.0
        for p in parts
    ]
    plain_tb = [float(TextBlob(t).sentiment.polarity) for t in texts]
    plain_vd = [float(analyzer.polarity_scores(t)["compound"]) for t in texts]
    return {
        "Vahti": ([s.polarity for s in vahti], [s.label for s in vahti]),
        "Vahti without cue terms": (no_cues, [cut(p) for p in no_cues]),
        "Vahti before": (before, [cut(p, 0.08) for p in before]),
        "TextBlob (plain)": (plain_tb, [cut(p) for p in plain_tb]),
        "VADER (plain)": (plain_vd, [cut(p) for p in plain_vd]),
    }


def table(
    tool: ModuleType,
    gold: Sequence[str],
    means: Sequence[float] | None,
    scored: Scored,
    part: Sequence[int],
) -> list[str]:
    lines = [HEADER, "|---|---|---|---|---|"]
    sub_gold = [gold[i] for i in part]
    for name, (polarity, labels) in scored.items():
        m = metrics(sub_gold, [labels[i] for i in part])
        r = tool.pearson([polarity[i] for i in part], [means[i] for i in part]) if means else None
        per_class = "/".join(f"{m[c]:.3f}" for c in CLASSES)
        r_text = f"{r:.3f}" if r is not None else "–"
        lines.append(f"| {name} | {r_text} | {m['acc']:.3f} | **{m['f1']:.3f}** | {per_class} |")
    return [*lines, ""]


def noise(values: Sequence[float]) -> str:
    """Mean ± sd of a paired difference, and whether the mean stands out of that sd."""
    mean, sd = float(np.mean(values)), float(np.std(values))
    ratio = abs(mean) / sd if sd else float("inf")
    where = "within" if ratio < 1 else "at the edge of" if ratio < 2 else "beyond"
    return f"{mean:+.4f} ± {sd:.4f} ({ratio:.1f} sd: {where} noise)"


def split_table(
    tool: ModuleType, gold: Sequence[str], means: Sequence[float], scored: Scored
) -> list[str]:
    """Figures over random halves: nothing is fitted per half, the spread is the noise scale."""
    rng = np.random.default_rng(SEED)
    halves = [rng.permutation(len(gold))[: len(gold) // 2] for _ in range(SPLITS)]
    f1: dict[str, list[float]] = {name: [] for name in scored}
    r: dict[str, list[float]] = {name: [] for name in scored}
    for half in halves:
        for name, (polarity, labels) in scored.items():
            f1[name].append(metrics([gold[i] for i in half], [labels[i] for i in half])["f1"])
            r[name].append(tool.pearson([polarity[i] for i in half], [means[i] for i in half]))
    lines = [
        f"**{SPLITS} random halves** (seed {SEED}; mean ± sd over halves)",
        "",
        "| scorer | macro-F1 | Pearson r |",
        "|---|---|---|",
        *(
            f"| {n} | {np.mean(f1[n]):.3f} ± {np.std(f1[n]):.3f} | "
            f"{np.mean(r[n]):.3f} ± {np.std(r[n]):.3f} |"
            for n in scored
        ),
        "",
    ]
    for other in ("VADER (plain)", "Vahti before", "TextBlob (plain)"):
        d_f1 = [a - b for a, b in zip(f1["Vahti"], f1[other], strict=True)]
        d_r = [a - b for a, b in zip(r["Vahti"], r[other], strict=True)]
        lines.append(f"- Vahti − {other}, paired per half: macro-F1 {noise(d_f1)}, r {noise(d_r)}")
    return [*lines, ""]


def bootstrap(gold: Sequence[str], ours: Sequence[str], theirs: Sequence[str]) -> str:
    """Paired bootstrap of a macro-F1 difference on a small set (1,000 resamples)."""
    rng = np.random.default_rng(SEED)
    deltas = []
    for _ in range(1000):
        rows = rng.integers(0, len(gold), len(gold))
        g = [gold[i] for i in rows]
        deltas.append(
            metrics(g, [ours[i] for i in rows])["f1"] - metrics(g, [theirs[i] for i in rows])["f1"]
        )
    return noise(deltas)


def brand_section(tool: ModuleType, path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    texts, gold = [row["text"] for row in rows], [row["label"] for row in rows]
    scored = score_all(texts)
    counts = "/".join(str(gold.count(name)) for name in CLASSES)
    lines = [
        f"**Brand mentions** (`tests/data/brand_mentions.csv`, {len(texts)} posts, "
        f"negative/neutral/positive = {counts}). Set A was written and labelled before any "
        "scoring; its totals were printed during exploration, so it is not fully untouched. "
        "Set B was written after the design was fixed and scored once, at the end.",
        "",
    ]
    for title, part in {**BRAND_PARTS, "all": range(len(texts))}.items():
        lines += [f"*{title}*", "", *table(tool, gold, None, scored, list(part))]
    vahti = scored["Vahti"][1]
    for other in ("VADER (plain)", "Vahti before", "TextBlob (plain)"):
        lines.append(
            f"- Vahti − {other}, macro-F1 on all, paired bootstrap: "
            f"{bootstrap(gold, vahti, scored[other][1])}"
        )
    return [*lines, ""]


def brand_posts_section(tool: ModuleType, path: Path, heldout: bool) -> list[str]:
    """The hand-written brand-customer posts: the dev part, and the held-out part once."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    parts = ["dev", "heldout"] if heldout else ["dev"]
    rows = [row for row in rows if row["split"] in parts]
    texts, gold = [row["text"] for row in rows], [row["label"] for row in rows]
    scored = score_all(texts)
    industries = sorted({row["industry"] for row in rows})
    lines = [
        f"**Brand-customer posts** (`tests/data/brand_posts.csv`: {len(texts)} hand-written "
        f"posts to brands in {', '.join(industries)}; complaints, praise, questions and news, "
        "with sarcasm, slang and emoji). Labels were written and the file committed before any "
        "scoring; 40% of each label was set aside (seed 13) as the held-out part. The cues "
        "(`bot/domain/sentiment/cues.py`) were developed on the dev part and their terms "
        "cross-validated on it (`bench/fit_sentiment.py`); the held-out part was scored once, "
        "at the end, and nothing was changed after. The scorer before this change (main at "
        "e2f010e, measured once at the end) scored 0.628 on the dev part and 0.556 held out. "
        "The service cues added later (issue 13, `bench/sentiment_domains.py`) were developed "
        "without this part; it was scored once more after them (0.740 before them, see that "
        "section).",
        "",
    ]
    for part in parts:
        index = [i for i, row in enumerate(rows) if row["split"] == part]
        counts = "/".join(str(sum(gold[i] == c for i in index)) for c in CLASSES)
        lines += [
            f"*{part}* ({len(index)} posts, negative/neutral/positive = {counts})",
            "",
            *table(tool, gold, None, scored, index),
        ]
    if heldout:
        index = [i for i, row in enumerate(rows) if row["split"] == "heldout"]
        sub_gold = [gold[i] for i in index]
        vahti = [scored["Vahti"][1][i] for i in index]
        for other in ("VADER (plain)", "Vahti without cue terms", "TextBlob (plain)"):
            theirs = [scored[other][1][i] for i in index]
            lines.append(
                f"- held-out, Vahti − {other}, macro-F1, paired bootstrap: "
                f"{bootstrap(sub_gold, vahti, theirs)}"
            )
        lines.append("")
    return lines


def other_corpora(tool: ModuleType, shared: Path) -> list[str]:
    """The VADER paper's other rated sets: a check that tweets' gains do not cost elsewhere."""
    lines = [
        "**Other corpora** (the VADER paper's rated product-review sentences, movie-review "
        "snippets and editorial snippets; neutral when |mean| <= 0.2, as for the tweets)",
        "",
        "| set | texts | Vahti | Vahti without cue terms | TextBlob (plain) | VADER (plain) |",
        "|---|---|---|---|---|---|",
    ]
    for name, stem in OTHER_SETS.items():
        texts, gold, _ = tool.load_vader(
            str(shared / "data/sentiment/vader" / f"{stem}_GroundTruth.txt")
        )
        scored = score_all(texts)
        f1 = {n: metrics(gold, labels)["f1"] for n, (_, labels) in scored.items()}
        lines.append(
            f"| {name} | {len(texts)} | **{f1['Vahti']:.3f}** | {f1['Vahti without cue terms']:.3f}"
            f" | {f1['TextBlob (plain)']:.3f} | {f1['VADER (plain)']:.3f} |"
        )
    return [*lines, ""]


def finnish_posts(count: int) -> list[str]:
    """Finnish posts as `bench/ingest_data.py` generates them: Finnish with English names."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from sample_texts import FINNISH, fill

    brands = ("Northwind Coffee", "Bluebird Roasters", "Harbor Beans")
    rng = random.Random(SEED)
    return [fill(rng, rng.choice(FINNISH), rng.choice(brands)) for _ in range(count)]


def language_section(tweets: Sequence[str]) -> list[str]:
    """The language gate (bot/domain/sentiment/language.py, CLD2): correctness and cost per post."""
    finnish = finnish_posts(FINNISH_POSTS)
    cleaned = [sentiment.clean(text) for text in tweets]
    results = {}
    for name, texts in {"Finnish posts": finnish, "VADER tweets": cleaned}.items():
        started = time.process_time()
        langs = [detect_language(text) for text in texts]
        took = time.process_time() - started
        results[name] = (langs, 1e6 * took / len(texts))
    fi_langs, fi_us = results["Finnish posts"]
    tw_langs, tw_us = results["VADER tweets"]
    foreign = sum(lang not in (None, "en") for lang in tw_langs)
    return [
        "**Language gate** (`bot/domain/sentiment/language.py`: English function words, then "
        "CLD2 via pycld2 for posts with accents or foreign function words; CPU time per post)",
        "",
        "| posts | marked Finnish | scored as English | other | µs per post |",
        "|---|---|---|---|---|",
        f"| {len(finnish)} generated Finnish posts (`scripts/sample_texts.py`, English brand and "
        f"product names) | {fi_langs.count('fi')} | "
        f"{sum(lang in (None, 'en') for lang in fi_langs)} | "
        f"{sum(lang not in (None, 'en', 'fi') for lang in fi_langs)} | {fi_us:.1f} |",
        f"| {len(tweets)} VADER tweets | {tw_langs.count('fi')} | "
        f"{sum(lang in (None, 'en') for lang in tw_langs)} | {foreign} | {tw_us:.1f} |",
        "",
        "The gate before, with langdetect (main at e2f010e, measured once on the same 1,413 "
        "posts; langdetect is no longer a dependency): 1,184 marked Finnish, 229 scored as "
        "English, about 1,850 µs per post. With CLD2 the 4,200 tweets' scores are unchanged "
        "(two undetermined tweets now read as English, which is scored the same).",
        "",
    ]


def speed_table(texts: Sequence[str]) -> list[str]:
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    seconds = {
        "Vahti": timed(lambda: sentiment.score_many(texts)),
        "TextBlob (plain)": timed(lambda: [TextBlob(t).sentiment.polarity for t in texts]),
        "VADER (plain)": timed(lambda: [analyzer.polarity_scores(t) for t in texts]),
    }
    base = seconds["TextBlob (plain)"]
    lines = [
        "**Speed** (CPU time, fastest of 3 runs, one process, warm caches)",
        "",
        "| texts | scorer | texts/s | time vs plain TextBlob |",
        "|---|---|---|---|",
    ]
    for name, took in seconds.items():
        lines.append(f"| 4,200 tweets | {name} | {len(texts) / took:,.0f} | {took / base:.2f}x |")
    mix = ingest_mix(INGEST_MIX)
    mixed = {
        "Vahti": timed(lambda: sentiment.score_many(mix)),
        "TextBlob (plain)": timed(lambda: [TextBlob(t).sentiment.polarity for t in mix]),
    }
    for name, took in mixed.items():
        lines.append(
            f"| {len(mix):,} generated mentions | {name} | {len(mix) / took:,.0f} | "
            f"{took / mixed['TextBlob (plain)']:.2f}x |"
        )
    lines += [
        "",
        "Generated mentions: `bench/ingest_data.py` rows (seed 7: reposts, 2% Finnish), the mix "
        "`vahti ingest` sees. Before this change (main at e2f010e, langdetect, no cues; measured "
        "with the same CPU-time method in the same session, alternating runs) Vahti took "
        "1.50–1.57x TextBlob's time on the tweets and 1.77x on the generated mentions.",
    ]
    return [*lines, ""]


def ingest_mix(count: int) -> list[str]:
    """Texts of `count` generated mention rows, as bench/ingest.py feeds `vahti ingest`."""
    from bench.ingest_data import COLUMNS, rows

    column = COLUMNS.index("text")
    return [str(row[column]) for row in rows(count, 7)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--brands", type=Path, default=BRANDS)
    parser.add_argument("--brand-posts", type=Path, default=BRAND_POSTS)
    parser.add_argument(
        "--no-heldout", action="store_true", help="leave the held-out brand posts unscored"
    )
    args = parser.parse_args(argv)
    tool = load_tool(args.shared)
    texts, gold, means = tool.load_vader(
        str(args.shared / "data/sentiment/vader/tweets_GroundTruth.txt")
    )
    started = time.perf_counter()
    sentiment.score_many(texts[:5])  # load the lexicons and the language profiles once
    load_seconds = time.perf_counter() - started
    scored = score_all(texts)
    unscored = sum(not s.scored for s in sentiment.score_many(texts))
    counts = "/".join(str(gold.count(name)) for name in CLASSES)
    defaults = Thresholds()
    lines = [
        "## Sentiment (`bot/domain/sentiment.py`, `vahti score`)",
        "",
        f"{len(texts)} tweets rated by about 20 people each: the VADER ground truth of Hutto & "
        "Gilbert, ICWSM 2014. Gold is neutral when |mean| <= 0.2 on -4..4, as in "
        f"`shared/tools/sentiment_eval.py`; gold negative/neutral/positive = {counts}. "
        f"Baselines label at ±0.05 as that tool does; Vahti uses its defaults "
        f'(+{defaults.positive} / {defaults.negative}); "Vahti before" is the previous blend '
        "(TextBlob/VADER 0.5/0.5, ±0.08). Vahti's constants were chosen on random halves of "
        "these tweets (bench/fit_sentiment.py) and its cut-offs and damping across domains "
        "with these tweets held at their floor (bench/sentiment_domains.py), so no part of "
        "them is strictly held out; those sections record how they were set and what was "
        "tried and dropped. "
        '"Vahti without cue terms" is the same scorer without the complaint and sarcasm terms '
        "(question damping 0.2, as before them). Before this change (main at e2f010e) Vahti "
        "scored 0.732 here.",
        "",
        f"**full set** ({len(texts)} tweets)",
        "",
        *table(tool, gold, means, scored, range(len(texts))),
        f"**held-out half** (odd lines, {len(texts) // 2} tweets; the previous scorer's split)",
        "",
        *table(tool, gold, means, scored, range(1, len(texts), 2)),
        *split_table(tool, gold, means, scored),
        *brand_posts_section(tool, args.brand_posts, heldout=not args.no_heldout),
        *brand_section(tool, args.brands),
        *other_corpora(tool, args.shared),
        *language_section(texts),
        *speed_table(texts),
        f"Loading lexicons and language profiles once: {load_seconds:.2f} s. Tweets marked "
        f"non-English and left unscored: {unscored}.",
    ]
    markdown = "\n".join(lines)
    print(markdown)
    write_section("sentiment", markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
