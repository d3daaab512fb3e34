"""The three lexicons behind Vahti's sentiment scorer, each loaded once and extended alike.

TextBlob's pattern lexicon (the core), VADER's and AFINN's all learn the same emoticons, emoji and
customer-service words (bot.domain.sentiment.social_text), each on its own scale: TextBlob -1..1,
VADER -4..4, AFINN -5..5. AFINN's word lists come from the `afinn` package's data folder (Open
Database License); they are read as files, the package's own code is not imported.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from typing import Any

from bot.domain.sentiment.social_text import (
    EMOJI_POLARITY,
    EXTRA_EMOTICONS,
    NEGATORS,
    REQUEST_WORDS,
    SERVICE_WORDS,
)

AFINN_FILES = ("AFINN-en-165.txt", "AFINN-emoticon-8.txt")


@cache
def textblob_lexicon() -> Any:
    """TextBlob's English lexicon, a private copy extended with social and service words."""
    from textblob._text import EMOTICONS, MOOD
    from textblob.en import MODULE, Sentiment, parser

    class Lexicon(Sentiment):  # type: ignore[misc]
        # Loaded eagerly below, so plain dict look-ups skip the lazy-loading indirection.
        __contains__ = dict.__contains__
        __getitem__ = dict.__getitem__
        get = dict.get

    lexicon = Lexicon(
        path=f"{MODULE}/en-sentiment.xml",
        synset="wordnet_id",
        negations=("no", "not", "n't", "never"),
        modifiers=("RB",),
        modifier=lambda word: word.endswith("ly"),
        tokenizer=parser.find_tokens,
        language="en",
    )
    lexicon.load()
    for (_, polarity), faces in EMOTICONS.items():
        for face in faces:
            lexicon.annotate(face.lower(), None, polarity, 1.0, 1.0, MOOD)
    for face, polarity in {**EXTRA_EMOTICONS, **EMOJI_POLARITY}.items():
        lexicon.annotate(face, None, polarity, 1.0, 1.0, MOOD)
    for word, polarity in SERVICE_WORDS.items():
        lexicon.annotate(word, None, polarity, 0.5, 1.0)
    # Slang, interjections and swearing that TextBlob lacks come from VADER's lexicon.
    for word, rating in vader().lexicon.items():
        if word not in lexicon and word not in NEGATORS and len(word) > 1:
            polarity = rating / 4.0
            lexicon.annotate(word, None, polarity, 0.5 + abs(polarity) / 2, 1.0)
    return lexicon


@cache
def vader() -> Any:
    """VADER with the same service words, on its own -4..4 scale.

    VADER first copies every post character by character to swap emoji for their names; a post
    that is all ASCII has no emoji, so it goes straight to VADER's scoring steps (the same
    steps, in the same order, as `polarity_scores`; tests compare the two).
    """
    from vaderSentiment.vaderSentiment import (
        BOOSTER_DICT,
        N_SCALAR,
        NEGATE,
        SentimentIntensityAnalyzer,
        SentiText,
    )

    negators = frozenset(NEGATE)

    def negated(word: str) -> bool:
        return word in negators or "n't" in word

    class Analyzer(SentimentIntensityAnalyzer):  # type: ignore[misc]
        @staticmethod
        def _negation_check(valence: float, words: list[str], start_i: int, i: int) -> float:
            """VADER's check of the 1-3 words before an opinion word, without lower-casing the
            whole post for every opinion word (VADER's own version does, 3 times per word)."""
            w1 = str(words[i - 1]).lower()
            if start_i == 0:
                return valence * N_SCALAR if negated(w1) else valence
            w2 = str(words[i - 2]).lower()
            if start_i == 1:
                if w2 == "never" and w1 in ("so", "this"):
                    return valence * 1.25
                if w2 == "without" and w1 == "doubt":
                    return valence
                return valence * N_SCALAR if negated(w2) else valence
            if start_i == 2:
                w3 = str(words[i - 3]).lower()
                if (w3 == "never" and w2 in ("so", "this")) or w1 in ("so", "this"):
                    return valence * 1.25
                if w3 == "without" and "doubt" in (w2, w1):
                    return valence
                return valence * N_SCALAR if negated(w3) else valence
            return valence

        def polarity_scores(self, text: str) -> dict[str, float]:
            if not text.isascii():
                return dict(super().polarity_scores(text))
            text = text.strip()
            sentitext = SentiText(text)
            words = sentitext.words_and_emoticons
            sentiments: list[float] = []
            for i, item in enumerate(words):
                lowered = item.lower()
                kind_of = lowered == "kind" and i < len(words) - 1 and words[i + 1].lower() == "of"
                if lowered in BOOSTER_DICT or kind_of:
                    sentiments.append(0)
                    continue
                sentiments = self.sentiment_valence(0, sentitext, item, i, sentiments)
            sentiments = self._but_check(words, sentiments)
            return dict(self.score_valence(sentiments, text))

    analyzer = Analyzer()
    for word, polarity in SERVICE_WORDS.items():
        analyzer.lexicon.setdefault(word, 4.0 * polarity)
    for word in REQUEST_WORDS:
        analyzer.lexicon.pop(word, None)
    # VADER lower-cases tokens, so the dismayed face "D:" would read as a grin.
    analyzer.lexicon["d:"] = 4.0 * EXTRA_EMOTICONS["d:"]
    return analyzer


def _afinn_folder() -> Path:
    spec = importlib.util.find_spec("afinn")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the afinn package (AFINN word lists) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@cache
def afinn() -> dict[str, float]:
    """AFINN's English words, phrases and emoticons (-5..5), with the shared additions."""
    lexicon: dict[str, float] = {}
    folder = _afinn_folder()
    for name in AFINN_FILES:
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            entry, _, rating = line.rpartition("\t")
            first, space, rest = entry.lower().partition(" ")
            if first in NEGATORS or first.endswith("n't"):
                first = "not"  # the form the scorer gives every negator ("dont like")
            if entry:
                lexicon[first + space + rest] = float(rating)
    for word in REQUEST_WORDS:
        lexicon.pop(word, None)
    extras = {**EXTRA_EMOTICONS, **EMOJI_POLARITY, **SERVICE_WORDS}
    for entry, polarity in extras.items():
        lexicon.setdefault(entry, 5.0 * polarity)
    return lexicon
