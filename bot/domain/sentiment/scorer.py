"""Sentiment of social media mentions: TextBlob at the core, steadied by VADER and AFINN.

TextBlob's pattern lexicon scores edited prose; mentions need more. Posts are cleaned and
tokenised for social text first (`social_text`). TextBlob's algorithm (its lexicon,
negation and modifiers, averaged) then runs on a private copy of its lexicon that also knows
emoticons, emoji, customer-service words and the slang it lacks (bot.domain.sentiment.lexicons),
with a negation that reaches past filler words ("not so good"), emphasis from capitals and
elongation, and more weight after "but". VADER's compound score reads punctuation and capitals
its own way; AFINN's word sums, taken over the same tokens with the same negation, add a third
opinion. The three are blended 0.4 / 0.4 / 0.2: on repeated held-out halves of the VADER tweets
the third lexicon lifts the correlation with human ratings well beyond split noise, while
macro-F1 moves only within noise whatever the weights (bench/fit_sentiment.py has the grid).

Questions and posts with links are mostly information ("@airline is there wifi on board?",
headlines), so their polarity is pulled towards zero by a fixed amount before labelling.
Posts to brands need three cues no lexicon has (bot.domain.sentiment.cues): slang is rewritten
to plain words before scoring ("this is sick 🔥"), each complaint idiom ("2 hours on hold",
"still no refund") takes a fixed step off the polarity after the question damping (a complaint
asked as a question is still one), and sarcasm ("Great, another delay 🙄") turns the lexicons'
praise into blame. The post is tokenised once; every rule and lexicon reads those tokens, and
a rule runs only when one of its trigger tokens is there. Default cut-offs are +0.1 and -0.01
(`Thresholds`), the project configuration's defaults too.

Scoring costs less than TextBlob alone (bench/sentiment_speed.py): TextBlob's assessments and
VADER's compound score are computed by their own steps but once per post, on memoised words,
skipping what cannot change the result; tests/domain/sentiment/test_fast_paths.py compares
each with the library's own call.

Only English is scored. Posts that the language check marks as another language keep their
language code and come back unscored, neutral, so that reports can leave them out instead of
counting them as neutral English. Finnish too: no permissively licensed Finnish lexicon
installs from PyPI (the `afinn` release there has no Finnish list).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from bot.domain.sentiment import cues as sentiment_cues
from bot.domain.sentiment.cutoffs import NEGATIVE_CUT, POSITIVE_CUT
from bot.domain.sentiment.language import detect_language
from bot.domain.sentiment.lexicons import afinn, textblob_lexicon, vader
from bot.domain.sentiment.social_text import (
    IDIOMS,
    NEGATORS,
    Token,
    clean,
    has_link,
    scan,
    squeeze,
)

# Shares of the blended polarity (bench/fit_sentiment.py shows the evidence for them).
TEXTBLOB_WEIGHT = 0.4
VADER_WEIGHT = 0.4
AFINN_WEIGHT = 0.2
QUESTION_DAMPING = 0.2  # taken off |polarity| of a post with a question mark
LINK_DAMPING = 0.15  # taken off |polarity| of a post with a link
REQUEST_DAMPING = 0.3  # further off |polarity| of a request for information or help (cues.py)
EMPHASIS = 1.3  # capitals or elongation count like "very" does in TextBlob's lexicon
BUT_WEIGHTS = (0.5, 1.5)  # weight of clauses before / after "but" (as in VADER)
NEGATION_REACH = 3  # a negator turns the next opinion word within this many words
NEGATION_SCALAR = -0.74  # a negated AFINN word flips and weakens (VADER's constant)
AFINN_ALPHA = 15.0  # AFINN sums are squashed to -1..1 as VADER squashes its own
COMPLAINT_STEP = 0.25  # taken off the polarity per complaint idiom (bot.domain.sentiment.cues)
COMPLAINT_CAP = 3  # complaint idioms counted at most
SARCASM_SHIFT = 0.1  # a sarcastic post's praise turns to blame and sinks this much further
SCORED_LANGUAGES = frozenset({"en"})

_ELONGATED_WORD = re.compile(r"\w*([^\W\d_])\1{2,}\w*")
_IDIOM = re.compile(r"\b(" + "|".join(map(re.escape, IDIOMS)) + r")\b", re.IGNORECASE)
_IDIOM_TRIGGERS = frozenset(idiom.split()[-1] for idiom in IDIOMS)  # no last word, no idiom


@dataclass(frozen=True)
class Blend:
    """How the lexicons and cues combine (bench/fit_sentiment.py cross-validates the cue terms)."""

    textblob: float = TEXTBLOB_WEIGHT
    vader: float = VADER_WEIGHT
    afinn: float = AFINN_WEIGHT
    question_damping: float = QUESTION_DAMPING
    link_damping: float = LINK_DAMPING
    request_damping: float = REQUEST_DAMPING
    complaint_step: float = COMPLAINT_STEP
    sarcasm_shift: float = SARCASM_SHIFT


@dataclass(frozen=True)
class Thresholds:
    """Label cut-offs on the blended polarity (-1..1): above `positive` is positive, below
    `negative` is negative, neutral between."""

    positive: float = POSITIVE_CUT
    negative: float = NEGATIVE_CUT


@dataclass(frozen=True)
class Sentiment:
    """Scored mention: polarity -1..1, subjectivity 0..1, label, language, whether scored."""

    polarity: float
    subjectivity: float
    label: str
    lang: str | None
    scored: bool


def _known(word: str) -> bool:
    return word in textblob_lexicon() or word in vader().lexicon


@lru_cache(maxsize=1 << 16)
def _resolve(token: Token) -> str:
    """Map a token to the form the lexicons know ("sooo" -> "so", "dont" -> "not").

    Memoised: the lexicons are fixed once loaded, and the same tokens recur in every post.
    """
    word = token.text
    if word in NEGATORS or word.endswith("n't"):
        return "not"
    if token.kind == "emoticon" and word not in textblob_lexicon():
        return "".join(c for i, c in enumerate(word) if i == 0 or c != word[i - 1])
    if word.endswith("in") and not _known(word) and _known(word + "g"):
        return word + "g"  # "lovin" -> "loving"
    if token.emphasised and not _known(word):
        single = "".join(c for i, c in enumerate(word) if i == 0 or c != word[i - 1])
        return single if _known(single) else word
    return word


def _clauses(tokens: list[Token], words: frozenset[str]) -> list[list[Token]]:
    """Split at "but": what follows it usually carries the writer's verdict."""
    if "but" not in words:  # the post's token texts: no "but", one clause
        return [tokens]
    clauses: list[list[Token]] = [[]]
    for token in tokens:
        if token.text == "but" and clauses[-1]:
            clauses.append([])
        else:
            clauses[-1].append(token)
    return clauses


def _words(clause: list[Token], resolved: list[str]) -> list[str]:
    """Resolved words, with each negator moved next to the opinion word it turns."""
    if "not" not in resolved:  # no negator to move (every negator resolves to "not")
        return resolved
    lexicon = textblob_lexicon()
    words: list[str] = []
    pending = -1  # how many more words a negator may still reach
    for token, word in zip(clause, resolved, strict=True):  # a bang token resolves to "!"
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


@cache
def _assessable() -> tuple[dict[str, tuple[float, float, float, bool]], frozenset[str]]:
    """TextBlob's entries as `assessments` reads them without part-of-speech tags:
    word -> (polarity, subjectivity, intensity, modifies the next word); and its negations."""
    lexicon = textblob_lexicon()
    entries = {
        word: (*tags[None], any(tag in tags for tag in lexicon.modifiers))
        for word, tags in dict.items(lexicon)
        if None in tags
    }
    return entries, frozenset(lexicon.negations)


class _Chunk:
    """One assessed chunk while `assessments` builds it (TextBlob keeps these in a dict)."""

    __slots__ = ("intensity", "negated", "polarity", "subjectivity", "words")

    def __init__(self, word: str, polarity: float, subjectivity: float, intensity: float) -> None:
        self.words = [word]
        self.polarity = polarity
        self.subjectivity = subjectivity
        self.intensity = intensity
        self.negated = False


@cache
def _marks() -> frozenset[str]:
    """Unknown words that change `assessments`' state: negations and TextBlob's "!" marks."""
    return _assessable()[1] | {"!", "(!)"}


def assessments(words: list[str]) -> list[tuple[list[str], float, float]]:
    """TextBlob's `Sentiment.assessments` of untagged words, as (chunk, polarity, subjectivity).

    The same steps as TextBlob's own (tests compare the two) on a plain dict of its lexicon;
    the emoticon scan TextBlob runs on every unknown short word is left out, because the
    scorer's lexicon knows every one of those emoticons, so they never reach it.
    """
    entries, negations = _assessable()
    marks = _marks()
    found: list[_Chunk] = []
    modifier: str | None = None  # preceding modifier ("really good")
    negation: str | None = None  # preceding negation ("not good")
    for word in words:
        entry = entries.get(word)
        if entry is None and negation is None and modifier is None and word not in marks:
            continue  # an unknown word with nothing pending changes nothing
        if entry is not None:
            polarity, subjectivity, intensity, modifies = entry
            if modifier is None:
                found.append(_Chunk(word, polarity, subjectivity, intensity))
            else:
                last = found[-1]
                last.words.append(word)
                last.polarity = max(-1.0, min(polarity * last.intensity, +1.0))
                last.subjectivity = max(-1.0, min(subjectivity * last.intensity, +1.0))
                last.intensity = intensity
            if negation is not None:
                last = found[-1]
                last.words.insert(0, negation)
                last.intensity = 1.0 / last.intensity
                last.negated = True
            modifier = word if modifies else None
            negation = word if word in negations else None
            continue
        if word in negations:
            negation = word
        elif negation and len(word.strip("'")) > 1:
            negation = None
        if negation is not None and modifier is not None and modifier.endswith("ly"):
            found[-1].words.append(negation)
            found[-1].negated = True
            negation = None
        elif modifier is not None and len(word) > 2:
            modifier = None
        if word == "!" and found:
            found[-1].words.append("!")
            found[-1].polarity = max(-1.0, min(found[-1].polarity * 1.25, +1.0))
        if word == "(!)":
            found.append(_Chunk(word, 0.0, 1.0, 1.0))
    return [
        (
            chunk.words,
            chunk.polarity * -0.5 if chunk.negated else chunk.polarity,
            chunk.subjectivity,
        )
        for chunk in found
    ]


def _textblob(
    tokens: list[Token], clauses: list[list[Token]], resolved: list[list[str]]
) -> tuple[float, float]:
    """TextBlob polarity and subjectivity with emphasis and "but" weighting."""
    stressed = {_resolve(token) for token in tokens if token.emphasised}
    weighted_p = weighted_s = total = 0.0
    for index, clause in enumerate(clauses):
        weight = 1.0 if len(clauses) == 1 else BUT_WEIGHTS[min(index, 1)]
        for chunk, polarity, subjectivity in assessments(_words(clause, resolved[index])):
            boost = EMPHASIS if stressed and not stressed.isdisjoint(chunk) else 1.0
            weighted_p += weight * max(-1.0, min(1.0, polarity * boost))
            weighted_s += weight * subjectivity
            total += weight
    if not total:
        return 0.0, 0.0
    return weighted_p / total, min(1.0, weighted_s / total)


@cache
def _afinn_phrase_starts() -> tuple[frozenset[str], frozenset[str]]:
    """First words of AFINN's phrases (a word that starts none cannot begin a two-word match),
    and every word that can change the clause sum while no negation is pending."""
    starts = frozenset(entry.split(" ", 1)[0] for entry in afinn() if " " in entry)
    return starts, starts | frozenset(afinn()) | {"not"}


def _afinn_clause(clause: list[Token], words: list[str], lexicon: dict[str, float]) -> float:
    """Sum of AFINN ratings in one clause: two-word phrases first, negation, emphasis."""
    starts, relevant = _afinn_phrase_starts()
    total, pending = 0.0, -1  # pending: how many more words a negator may reach
    skip = False  # the word was the second of a phrase
    for index, word in enumerate(words):
        if skip:
            skip = False
            continue
        if pending < 0 and word not in relevant:
            continue  # no rating, no negator, nothing pending: changes nothing
        token = clause[index]
        step, rating = 1, None
        if word in starts and index + 1 < len(words):
            rating = lexicon.get(word + " " + words[index + 1])
            step = 1 if rating is None else 2
        if step == 1:
            rating = lexicon.get(word)
        if token.kind == "stop":
            pending = -1
        elif word == "not" and step == 1:  # "not good" is one of AFINN's own phrases
            pending = NEGATION_REACH
        elif rating is not None:
            scalar = NEGATION_SCALAR if pending >= 0 else 1.0
            total += rating * scalar * (EMPHASIS if token.emphasised else 1.0)
            pending = -1
        elif pending >= 0:
            pending -= 1
        skip = step == 2
    return total


def _afinn(clauses: list[list[Token]], resolved: list[list[str]]) -> float:
    """AFINN's verdict on the tokens, weighted around "but" and squashed to -1..1."""
    lexicon = afinn()
    total = 0.0
    for index, clause in enumerate(clauses):
        weight = 1.0 if len(clauses) == 1 else BUT_WEIGHTS[min(index, 1)]
        total += weight * _afinn_clause(clause, resolved[index], lexicon)
    return total / math.sqrt(total * total + AFINN_ALPHA)


def _label(polarity: float, thresholds: Thresholds) -> str:
    if polarity > thresholds.positive:
        return "positive"
    if polarity < thresholds.negative:
        return "negative"
    return "neutral"


@dataclass(frozen=True)
class Components:
    """The three lexicons' views of one post before blending (benchmarks weigh the blend)."""

    textblob: float
    vader: float
    afinn: float
    subjectivity: float
    question: bool
    link: bool
    lang: str | None
    scored: bool
    complaints: int = 0  # complaint idioms ("2 hours on hold", "still no refund")
    sarcastic: bool = False
    request: bool = False  # a question or request for information or help, no complaint


def _for_vader(cleaned: str) -> str:
    """Give VADER elongated words in the form its lexicon knows, keeping their capitals."""

    def resolve(match: re.Match[str]) -> str:
        word = match.group(0)
        resolved = _resolve(Token(squeeze(word.lower()), emphasised=True))
        return resolved.upper() if word.isupper() else resolved

    return _ELONGATED_WORD.sub(resolve, cleaned)


# "Never flying with them again": a customer leaving, which no lexicon word carries.
_NEVER_AGAIN = re.compile(r"\bnever\s+(?:[a-z']+\s+){0,4}?again\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def is_question(cleaned: str) -> bool:
    """Mostly questions: a complaint that ends "is there a recall??" is still a complaint."""
    if "?" not in cleaned:
        return False
    sentences = [s for s in _SENTENCE_END.split(cleaned) if any(c.isalpha() for c in s)]
    asked = sum(1 for s in sentences if "?" in s)
    return asked > 0 and asked * 2 >= len(sentences)


def _rewrite(cleaned: str) -> tuple[str, list[Token], frozenset[str], bool]:
    """Tokenise once; rewrite idioms and slang only when a trigger token is there (rarely).

    Also says whether a word is elongated, else VADER's copy needs no respelling."""
    tokens, elongated = scan(cleaned)
    words = sentiment_cues.vocabulary(cleaned, tokens)
    rewritten = cleaned
    if not _IDIOM_TRIGGERS.isdisjoint(words):
        rewritten = _IDIOM.sub(lambda match: IDIOMS[match.group(0).lower()], rewritten)
    if "again" in words:
        rewritten = _NEVER_AGAIN.sub("disgusted", rewritten)
    rewritten = sentiment_cues.rewrite_slang(rewritten, words)
    if rewritten == cleaned:
        return cleaned, tokens, words, elongated
    tokens, elongated = scan(rewritten)
    return rewritten, tokens, sentiment_cues.vocabulary(rewritten, tokens), elongated


def components(text: str) -> Components:
    """Clean the post, check its language and score it with all three lexicons."""
    cleaned, tokens, words, elongated = _rewrite(clean(text))
    question, link = is_question(cleaned), has_link(text)
    lang = detect_language(cleaned)
    scored = lang is None or lang in SCORED_LANGUAGES
    if not scored or not tokens:
        return Components(0.0, 0.0, 0.0, 0.0, question, link, lang, scored)
    clauses = _clauses(tokens, words)
    resolved = [list(map(_resolve, clause)) for clause in clauses]  # every lexicon reads these
    textblob_polarity, subjectivity = _textblob(tokens, clauses, resolved)
    vader_polarity = vader().compound(_for_vader(cleaned) if elongated else cleaned)
    cues = sentiment_cues.read(cleaned, words)
    return Components(
        textblob_polarity,
        vader_polarity,
        _afinn(clauses, resolved),
        subjectivity,
        question,
        link,
        lang,
        True,
        cues.complaints,
        cues.sarcastic,
        cues.request,
    )


def blended_polarity(parts: Components, weights: Blend = Blend()) -> float:
    """Weighted polarity of the three lexicons and the cues, pulled to zero for questions, links.

    Sarcasm turns the lexicons' praise into blame; complaint idioms push towards negative.
    """
    polarity = weights.textblob * parts.textblob + weights.vader * parts.vader
    polarity += weights.afinn * parts.afinn
    if parts.sarcastic:
        polarity = -abs(polarity) - weights.sarcasm_shift
    damping = weights.question_damping * parts.question + weights.link_damping * parts.link
    damping += weights.request_damping * parts.request
    polarity = math.copysign(max(0.0, abs(polarity) - damping), polarity)
    # A complaint asked as a question ("why is my refund still pending?") is still a complaint.
    polarity -= weights.complaint_step * min(parts.complaints, COMPLAINT_CAP)
    return max(-1.0, min(1.0, polarity))


def blend(parts: Components, thresholds: Thresholds = Thresholds()) -> Sentiment:
    """Combine the three polarities into one score and label."""
    if not parts.scored:
        return Sentiment(0.0, 0.0, "neutral", parts.lang, scored=False)
    polarity = blended_polarity(parts)
    label = _label(polarity, thresholds)
    return Sentiment(polarity, parts.subjectivity, label, parts.lang, scored=True)


def score(text: str, thresholds: Thresholds = Thresholds()) -> Sentiment:
    """Score one mention."""
    return blend(components(text), thresholds)


def score_many(texts: Iterable[str], thresholds: Thresholds = Thresholds()) -> list[Sentiment]:
    """Score mentions in order; the analyzers are loaded once and shared, and a text repeated
    in the batch (reposts) is scored once."""
    scored: dict[str, Sentiment] = {}
    results: list[Sentiment] = []
    for text in texts:
        result = scored.get(text)
        if result is None:
            result = scored[text] = blend(components(text), thresholds)
        results.append(result)
    return results
