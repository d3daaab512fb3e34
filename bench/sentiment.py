"""Vahti's sentiment scorer against plain TextBlob and plain VADER on human-rated tweets.

Data: the 4,200 tweets of Hutto & Gilbert, "VADER: A Parsimonious Rule-based Model for
Sentiment Analysis of Social Media Text", ICWSM 2014, each with the mean rating of about 20
people (MIT licence, shipped in shared/data/sentiment/vader). Labels follow
shared/tools/sentiment_eval.py (|mean| / 4 <= 0.05 is neutral); its loader and Pearson r are
imported so the figures match that tool. The blend was set on the even half (dev); the odd
half (held-out) was not looked at while choosing. Run: `PYTHONPATH=. python bench/sentiment.py`.
"""

from __future__ import annotations

import argparse
import importlib.util
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import TypeVar

from bench._results import write_section
from bot.domain import sentiment
from bot.domain.sentiment import Components, Thresholds

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[1]
CLASSES = ("negative", "neutral", "positive")
HEADER = "| scorer | Pearson r | accuracy | macro-F1 | F1 neg/neu/pos |"
Data = tuple[list[str], list[str], list[float]]  # texts, gold labels, human means
Results = dict[str, tuple[list[float], list[str], float]]  # polarity, labels, seconds


def halves(count: int) -> dict[str, range]:
    return {
        "full set": range(count),
        "dev half": range(0, count, 2),
        "held-out half": range(1, count, 2),
    }


def pick(values: Sequence[T], part: range) -> list[T]:
    return [values[i] for i in part]


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


def metrics(
    tool: ModuleType,
    gold: Sequence[str],
    labels: Sequence[str],
    polarity: Sequence[float],
    means: Sequence[float],
) -> dict[str, float]:
    """Pearson r with the human means, accuracy, macro-F1 and per-class F1."""
    out = {
        "r": tool.pearson(list(polarity), list(means)),
        "acc": sum(g == p for g, p in zip(gold, labels, strict=True)) / len(gold),
    }
    for name in CLASSES:
        tp = sum(g == name == p for g, p in zip(gold, labels, strict=True))
        predicted, actual = labels.count(name), gold.count(name)
        out[name] = 2 * tp / (predicted + actual) if predicted + actual else 0.0
    out["f1"] = sum(out[name] for name in CLASSES) / len(CLASSES)
    return out


def timed(function: Callable[[], list[float]], repeats: int = 3) -> tuple[list[float], float]:
    """Result of the fastest of `repeats` runs and its seconds (warm caches, same process)."""
    best, result = float("inf"), []
    for _ in range(repeats):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return result, best


def blended(parts: Sequence[Components], weight: float) -> list[float]:
    return [weight * p.textblob + (1 - weight) * p.vader if p.scored else 0.0 for p in parts]


def row(name: str, m: dict[str, float]) -> str:
    per_class = "/".join(f"{m[c]:.3f}" for c in CLASSES)
    return f"| {name} | {m['r']:.3f} | {m['acc']:.3f} | **{m['f1']:.3f}** | {per_class} |"


def score_all(texts: Sequence[str]) -> Results:
    """Polarity, labels and seconds of each scorer on the same texts in this process."""
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    def cut(polarity: float) -> str:  # the eval tool's baseline cut-off
        return "positive" if polarity > 0.05 else "negative" if polarity < -0.05 else "neutral"

    analyzer = SentimentIntensityAnalyzer()
    plain_tb, tb_seconds = timed(lambda: [float(TextBlob(t).sentiment.polarity) for t in texts])
    plain_vd, vd_seconds = timed(
        lambda: [float(analyzer.polarity_scores(t)["compound"]) for t in texts]
    )
    results: Results = {}
    vahti_scores: list[sentiment.Sentiment] = []

    def run_vahti() -> list[float]:
        vahti_scores[:] = sentiment.score_many(texts)
        return [s.polarity for s in vahti_scores]

    vahti_polarity, vahti_seconds = timed(run_vahti)
    results["Vahti"] = (vahti_polarity, [s.label for s in vahti_scores], vahti_seconds)
    results["TextBlob (plain)"] = (plain_tb, [cut(p) for p in plain_tb], tb_seconds)
    results["VADER (plain)"] = (plain_vd, [cut(p) for p in plain_vd], vd_seconds)
    return results


def intro(count: int, gold: Sequence[str]) -> list[str]:
    counts = "/".join(str(gold.count(name)) for name in CLASSES)
    return [
        "## Sentiment (`bot/domain/sentiment.py`, `vahti score`)",
        "",
        f"{count} tweets rated by about 20 people each: the VADER ground truth of Hutto & Gilbert, "
        "ICWSM 2014. Gold is neutral when |mean| <= 0.2 on -4..4, as in "
        f"`shared/tools/sentiment_eval.py`; gold negative/neutral/positive = {counts}. "
        "Baselines label at ±0.05 as that tool does; Vahti uses its default thresholds "
        f"(±{Thresholds().positive}). Dev half = even lines, held-out half = odd lines.",
        "",
    ]


def quality_tables(tool: ModuleType, data: Data, results: Results) -> list[str]:
    texts, gold, means = data
    lines = []
    for title, part in halves(len(texts)).items():
        lines += [f"**{title}** ({len(part)} tweets)", "", HEADER, "|---|---|---|---|---|"]
        for name, (polarity, labels, _) in results.items():
            picked = (pick(gold, part), pick(labels, part), pick(polarity, part), pick(means, part))
            lines.append(row(name, metrics(tool, *picked)))
        lines.append("")
    return lines


def blend_table(tool: ModuleType, data: Data, parts: Sequence[Components]) -> list[str]:
    texts, gold, means = data
    dev, held = halves(len(texts))["dev half"], halves(len(texts))["held-out half"]
    lines = [
        "**Blend weight** (TextBlob's share; VADER has the rest; default thresholds)",
        "",
        "| TextBlob weight | macro-F1 dev | macro-F1 held-out | r (full set) |",
        "|---|---|---|---|",
    ]
    for weight in (0.0, 0.3, 0.4, 0.5, 0.6, 1.0):
        polarity = blended(parts, weight)
        labels = [sentiment.blend(Components(p, p, 0.0, None, True)).label for p in polarity]
        scores = [
            metrics(tool, pick(gold, h), pick(labels, h), pick(polarity, h), pick(means, h))["f1"]
            for h in (dev, held)
        ]
        r = tool.pearson(polarity, list(means))
        lines.append(f"| {weight} | {scores[0]:.3f} | {scores[1]:.3f} | {r:.3f} |")
    return [*lines, ""]


def speed_table(count: int, results: Results) -> list[str]:
    base = results["TextBlob (plain)"][2]
    lines = [
        "**Speed** (fastest of 3 runs over all texts, one process, warm caches)",
        "",
        "| scorer | texts/s | time vs plain TextBlob |",
        "|---|---|---|",
    ]
    for name, (_, _, seconds) in results.items():
        lines.append(f"| {name} | {count / seconds:,.0f} | {seconds / base:.2f}x |")
    return [*lines, ""]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args(argv)
    tool = load_tool(args.shared)
    data: Data = tool.load_vader(str(args.shared / "data/sentiment/vader/tweets_GroundTruth.txt"))
    texts = data[0]
    started = time.perf_counter()
    sentiment.score_many(texts[:5])  # load the lexicons and the language profiles once
    load_seconds = time.perf_counter() - started
    results = score_all(texts)
    parts = [sentiment.components(text) for text in texts]
    lines = intro(len(texts), data[1]) + quality_tables(tool, data, results)
    lines += blend_table(tool, data, parts) + speed_table(len(texts), results)
    lines.append(
        f"Loading lexicons and language profiles once: {load_seconds:.2f} s. "
        f"Posts marked non-English and left unscored: {sum(not p.scored for p in parts)}."
    )
    markdown = "\n".join(lines)
    print(markdown)
    write_section("sentiment", markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
