"""Batched sentiment scoring for imports, with a cache and optional worker processes.

Scoring is most of an import's cost. Reposts and retweets repeat a text word for word, so texts
already scored in this import are taken from a bounded cache; a retweet's "RT @author:" prefix
is left out of the cache key, as the scorer reads past it anyway. With `workers > 1` batches are
scored in a process pool while this process parses and stores the next ones; the pool forks,
so the workers start with the lexicons this process has already loaded.
"""

from __future__ import annotations

import multiprocessing
import re
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from types import TracebackType

from bot.domain.sentiment.scorer import SCORED_LANGUAGES, Sentiment, Thresholds, score_many

CACHE_SIZE = 20_000  # texts; reposts of a viral post come close together
_RETWEET = re.compile(r"^\s*RT\s+@\w+:?\s+", re.IGNORECASE)


def scoring_key(text: str) -> str:
    """The text as scored: a retweet scores as the post it repeats."""
    return _RETWEET.sub("", text, count=1)


def _score_texts(texts: list[str], thresholds: Thresholds) -> list[Sentiment]:
    return score_many(texts, thresholds)


def unscored(lang: str) -> Sentiment:
    """The result for a mention in a language the scorer does not support."""
    return Sentiment(0.0, 0.0, "neutral", lang, scored=False)


def is_supported(lang: str | None) -> bool:
    """Whether a declared language is one the scorer reads (unknown means: let it detect)."""
    return lang is None or lang in SCORED_LANGUAGES


class PendingScores:
    """The scores of one batch, some known already and the rest still being computed."""

    def __init__(
        self,
        texts: Sequence[str],
        known: dict[str, Sentiment],
        missing: list[str],
        future: Future[list[Sentiment]] | None,
    ) -> None:
        self._texts, self._known, self._missing, self._future = texts, known, missing, future

    def result(self, scorer: Scorer) -> list[Sentiment]:
        """Wait for the batch and return one score per text, in order."""
        if self._future is not None:
            fresh = list(zip(self._missing, self._future.result(), strict=True))
            scorer.remember(fresh)
            self._known.update(fresh)
        return [self._known[text] for text in self._texts]


class Scorer:
    """Scores batches of texts; a context manager that owns the worker pool, if any."""

    def __init__(self, thresholds: Thresholds, workers: int = 1) -> None:
        self.thresholds = thresholds
        # Oldest first: OrderedDict drops it in constant time, where `del d[next(iter(d))]`
        # walks past the slots of every text dropped before it.
        self.cache: OrderedDict[str, Sentiment] = OrderedDict()
        self._pool: Executor | None = None
        if workers > 1:
            _warm_up(thresholds)
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        self.window = 2 * workers if self._pool else 0  # batches in flight before storing

    def remember(self, scored: Iterable[tuple[str, Sentiment]]) -> None:
        """Add scored texts to the cache, forgetting the oldest when it is full."""
        for text, sentiment in scored:
            if len(self.cache) >= CACHE_SIZE:
                self.cache.popitem(last=False)
            self.cache[text] = sentiment

    def submit(self, texts: Sequence[str]) -> PendingScores:
        """Start scoring `texts`; cached and repeated texts are scored once."""
        known: dict[str, Sentiment] = {}
        missing: list[str] = []
        keys = [scoring_key(text) for text in texts]
        for text in dict.fromkeys(keys):
            cached = self.cache.get(text)
            if cached is None:
                missing.append(text)
            else:
                known[text] = cached
        future: Future[list[Sentiment]] | None = None
        if missing and self._pool is not None:
            future = self._pool.submit(_score_texts, missing, self.thresholds)
        elif missing:
            fresh = list(zip(missing, score_many(missing, self.thresholds), strict=True))
            self.remember(fresh)
            known.update(fresh)
            missing = []
        return PendingScores(keys, known, missing, future)

    def __enter__(self) -> Scorer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=error is not None)


def _warm_up(thresholds: Thresholds) -> None:
    """Load the lexicons before forking, so each worker does not load its own."""
    score_many(["warm up the lexicons before the workers fork"], thresholds)
