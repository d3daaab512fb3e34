"""Sentiment of social media mentions: TextBlob at the core, steadied by VADER.

TextBlob's pattern lexicon scores edited prose; mentions need more. Posts are cleaned and
tokenised for social text first (bot.domain.social_text). TextBlob's algorithm (its lexicon,
negation and modifiers, averaged) then runs on a private copy of its lexicon that also knows
emoticons, emoji, customer-service words and the slang it lacks (taken from VADER's lexicon),
with a negation that reaches past filler words ("not so good"), emphasis from capitals and
elongation, and more weight after "but". Its polarity is blended half and half with VADER's
compound score, which reads punctuation and capitals its own way. On held-out halves of the
VADER tweets every weight from 0.3 to 0.6 scores the same within noise, so the weight is the
plain even split rather than a fitted value (bench/sentiment.py records the figures).

Only English is scored. Posts that the language check marks as another language (Finnish
included: no Finnish lexicon is bundled) keep their language code and come back unscored,
neutral, so that reports can leave them out instead of counting them as neutral English.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from bot.domain.language import detect_language
from bot.domain.social_text import (
    EMOJI_POLARITY,
    EXTRA_EMOTICONS,
    IDIOMS,
    NEGATORS,
    REQUEST_WORDS,
    SERVICE_WORDS,
    Token,
    clean,
    squeeze,
    tokenize,
)

TEXTBLOB_WEIGHT = 0.5  # share of TextBlob in the blended polarity; VADER has the rest
EMPHASIS = 1.3  # capitals or elongation count like "very" does in TextBlob's lexicon
BUT_WEIGHTS = (0.5, 1.5)  # weight of clauses before / after "but" (as in VADER)
NEGATION_REACH = 3  # a negator turns the next opinion word within this many words
SCORED_LANGUAGES = frozenset({"en"})

_ELONGATED_WORD = re.compile(r"\w*([^\W\d_])\1{2,}\w*")
_IDIOM = re.compile(r"\b(" + "|".join(map(re.escape, IDIOMS)) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class Thresholds:
    """Label cut-offs on the blended polarity (-1..1)."""

    positive: float = 0.08
    negative: float = -0.08


@dataclass(frozen=True)
class Sentiment:
    """Scored mention: polarity -1..1, subjectivity 0..1, label, language, whether scored."""

    polarity: float
    subjectivity: float
    label: str
    lang: str | None
    scored: bool


@cache
def _textblob_lexicon() -> Any:
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
    for word, rating in _vader().lexicon.items():
        if word not in lexicon and word not in NEGATORS and len(word) > 1:
            polarity = rating / 4.0
            lexicon.annotate(word, None, polarity, 0.5 + abs(polarity) / 2, 1.0)
    return lexicon


@cache
def _vader() -> Any:
    """VADER with the same service words, on its own -4..4 scale."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    for word, polarity in SERVICE_WORDS.items():
        analyzer.lexicon.setdefault(word, 4.0 * polarity)
    for word in REQUEST_WORDS:
        analyzer.lexicon.pop(word, None)
    # VADER lower-cases tokens, so the dismayed face "D:" would read as a grin.
    analyzer.lexicon["d:"] = 4.0 * EXTRA_EMOTICONS["d:"]
    return analyzer


def _known(word: str) -> bool:
    return word in _textblob_lexicon() or word in _vader().lexicon


def _resolve(token: Token) -> str:
    """Map a token to the form the lexicons know ("sooo" -> "so", "dont" -> "not")."""
    word = token.text
    if word in NEGATORS or word.endswith("n't"):
        return "not"
    if token.kind == "emoticon" and word not in _textblob_lexicon():
        return "".join(c for i, c in enumerate(word) if i == 0 or c != word[i - 1])
    if word.endswith("in") and not _known(word) and _known(word + "g"):
        return word + "g"  # "lovin" -> "loving"
    if token.emphasised and not _known(word):
        single = "".join(c for i, c in enumerate(word) if i == 0 or c != word[i - 1])
        return single if _known(single) else word
    return word


def _clauses(tokens: list[Token]) -> list[list[Token]]:
    """Split at "but": what follows it usually carries the writer's verdict."""
    clauses: list[list[Token]] = [[]]
    for token in tokens:
        if token.text == "but" and clauses[-1]:
            clauses.append([])
        else:
            clauses[-1].append(token)
    return clauses


def _words(clause: list[Token]) -> list[str]:
    """Resolved words, with each negator moved next to the opinion word it turns."""
    lexicon = _textblob_lexicon()
    words: list[str] = []
    pending = -1  # how many more words a negator may still reach
    for token in clause:
        word = "!" if token.kind == "bang" else _resolve(token)
        if token.kind == "stop":
            pending = -1
        elif word == "not":
            pending = NEGATION_REACH
            continue
        elif pending >= 0 and word in lexicon:
            words.append("not")
            pending = -1
        elif pending >= 0:
            pending -= 1
        words.append(word)
    return words


def _textblob(tokens: list[Token]) -> tuple[float, float]:
    """TextBlob polarity and subjectivity with emphasis and "but" weighting."""
    lexicon = _textblob_lexicon()
    stressed = {_resolve(token) for token in tokens if token.emphasised}
    clauses = _clauses(tokens)
    weighted_p = weighted_s = total = 0.0
    for index, clause in enumerate(clauses):
        weight = 1.0 if len(clauses) == 1 else BUT_WEIGHTS[min(index, 1)]
        for chunk, polarity, subjectivity, _ in lexicon.assessments(
            (word, None) for word in _words(clause)
        ):
            boost = EMPHASIS if stressed.intersection(chunk) else 1.0
            weighted_p += weight * max(-1.0, min(1.0, polarity * boost))
            weighted_s += weight * subjectivity
            total += weight
    if not total:
        return 0.0, 0.0
    return weighted_p / total, min(1.0, weighted_s / total)


def _label(polarity: float, thresholds: Thresholds) -> str:
    if polarity > thresholds.positive:
        return "positive"
    if polarity < thresholds.negative:
        return "negative"
    return "neutral"


@dataclass(frozen=True)
class Components:
    """The two scorers' views of one post before blending (benchmarks tune the blend on it)."""

    textblob: float
    vader: float
    subjectivity: float
    lang: str | None
    scored: bool


def _for_vader(cleaned: str) -> str:
    """Give VADER elongated words in the form its lexicon knows, keeping their capitals."""

    def resolve(match: re.Match[str]) -> str:
        word = match.group(0)
        resolved = _resolve(Token(squeeze(word.lower()), emphasised=True))
        return resolved.upper() if word.isupper() else resolved

    return _ELONGATED_WORD.sub(resolve, cleaned)


def components(text: str) -> Components:
    """Clean the post, check its language and score it with both analyzers."""
    cleaned = _IDIOM.sub(lambda match: IDIOMS[match.group(0).lower()], clean(text))
    lang = detect_language(cleaned)
    if lang is not None and lang not in SCORED_LANGUAGES:
        return Components(0.0, 0.0, 0.0, lang, scored=False)
    tokens = tokenize(cleaned)
    if not tokens:
        return Components(0.0, 0.0, 0.0, lang, scored=True)
    textblob_polarity, subjectivity = _textblob(tokens)
    vader_polarity = float(_vader().polarity_scores(_for_vader(cleaned))["compound"])
    return Components(textblob_polarity, vader_polarity, subjectivity, lang, scored=True)


def blend(parts: Components, thresholds: Thresholds = Thresholds()) -> Sentiment:
    """Combine the two polarities into one score and label."""
    if not parts.scored:
        return Sentiment(0.0, 0.0, "neutral", parts.lang, scored=False)
    polarity = TEXTBLOB_WEIGHT * parts.textblob + (1.0 - TEXTBLOB_WEIGHT) * parts.vader
    label = _label(polarity, thresholds)
    return Sentiment(polarity, parts.subjectivity, label, parts.lang, scored=True)


def score(text: str, thresholds: Thresholds = Thresholds()) -> Sentiment:
    """Score one mention."""
    return blend(components(text), thresholds)


def score_many(texts: Iterable[str], thresholds: Thresholds = Thresholds()) -> list[Sentiment]:
    """Score mentions in order; the analyzers are loaded once and shared."""
    return [blend(components(text), thresholds) for text in texts]
