"""Import scoring: repeated texts are scored once, worker processes give the same scores."""

from __future__ import annotations

import pytest

from bot.domain.sentiment.scorer import Thresholds, score_many
from bot.services.mentions import scoring
from bot.services.mentions.scoring import Scorer, is_supported, unscored

TEXTS = ["I love this coffee", "Worst queue ever", "I love this coffee", "Open at 7?"]


def test_repeated_texts_are_scored_once(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def counting(texts: list[str], thresholds: Thresholds) -> list:
        seen.extend(texts)
        return score_many(texts, thresholds)

    monkeypatch.setattr(scoring, "score_many", counting)
    with Scorer(Thresholds()) as scorer:
        first = scorer.submit(TEXTS).result(scorer)
        again = scorer.submit(["Worst queue ever", "New text here"]).result(scorer)
    assert seen == ["I love this coffee", "Worst queue ever", "Open at 7?", "New text here"]
    assert first[0] == first[2] and first[1] == again[0]
    assert [s.label for s in first] == [s.label for s in score_many(TEXTS)]


def test_cache_forgets_the_oldest_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scoring, "CACHE_SIZE", 2)
    with Scorer(Thresholds()) as scorer:
        scores = scorer.submit(["a b c", "d e f", "g h i"]).result(scorer)
        assert len(scores) == 3 and list(scorer.cache) == ["d e f", "g h i"]


def test_worker_processes_score_the_same_as_inline() -> None:
    texts = [f"{word} coffee number {i}" for i, word in enumerate(["great", "awful", "okay"] * 20)]
    with Scorer(Thresholds(), workers=2) as pool:
        batches = [pool.submit(texts[i : i + 7]) for i in range(0, len(texts), 7)]
        pooled = [s for batch in batches for s in batch.result(pool)]
    assert pooled == score_many(texts)


def test_declared_languages() -> None:
    assert is_supported(None) and is_supported("en") and not is_supported("fi")
    assert unscored("fi").scored is False and unscored("fi").lang == "fi"


@pytest.mark.parametrize(
    "text", ["Found MOLD in my cold brew. Never again!!", "I love it :)", "meh, it's ok I guess"]
)
def test_a_retweet_scores_as_the_post_it_repeats(text: str) -> None:
    assert score_many([f"RT @coldbrew_truth: {text}"]) == score_many([text])
    assert scoring.scoring_key(f"RT @kim: {text}") == text


def test_retweets_share_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    monkeypatch.setattr(
        scoring, "score_many", lambda texts, t: seen.extend(texts) or score_many(texts, t)
    )
    with Scorer(Thresholds()) as scorer:
        scores = scorer.submit(["So good", "RT @a: So good", "rt @b So good"]).result(scorer)
    assert seen == ["So good"] and len(set(scores)) == 1
