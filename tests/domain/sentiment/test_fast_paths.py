"""The scorer's fast paths give exactly what the straightforward steps give.

Each shortcut (VADER's compound score computed once per post, TextBlob's assessments on a
plain dict, memoised tokens, the skipped regex passes) is compared with the plain library call
or the plain loop it replaces, over the hand-written brand posts, generated bench mentions and
edge cases. bench/sentiment_speed.py --check compares whole scores on the shared rated sets.
"""

from __future__ import annotations

import csv
import random
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from bench.ingest_data import rows
from bot.domain.sentiment import cues as sentiment_cues
from bot.domain.sentiment import folding, language, scorer, social_text
from bot.domain.sentiment.lexicons import TEXTBLOB_EMOTICONS, afinn, textblob_lexicon, vader
from bot.domain.sentiment.social_text import Token, clean, has_link, scan

ROOT = Path(__file__).resolve().parents[3]
DATA = Path(__file__).resolve().parents[2] / "data"
EDGE_CASES = [
    "",
    "   ",
    "The food was GREAT!!! but the service... not so much :(",
    "kind of ok I guess, not the worst",
    "  I don't hate it, it's sort of fine?  ",
    "Love it 😍 but the price 😡",
    "never so good, without doubt the best, not bad at all",
    "I aint happy and it isn't great, nor is it never this nice",
    "no",
    "no good no no bad",
    "at least it isn't horrible, least bad ever",
    "THIS IS GOOD",
    "this is GOOD but NOT great!!!!",
    "sooooo gooood :DDD xD XDDD :ppp",
    "Waaaay too slooow 😭😭😭 💔",
    "©® ™ good ♥ ☺ 👍🏽 ❤️ 🇫🇮",
    "#EpicFail @NorthwindCoffee https://t.co/x www.example.com WWW.EXAMPLE.COM",
    "RT @user: cant wait for the weekend!!! (!)",
    "very very not good, really not bad, not a good day",
    "Hyvää päivää! Kahvi oli tosi hyvää ja palvelu ystävällistä.",
    "Das ist wirklich nicht gut, ich bin sehr enttäuscht von euch.",
    "is it good? is it bad?? who knows???",
    "it’s not what I’d call great… but ok",
    "the kind of thing I love; kind of love it",
    "2 hours on hold 🙄🙄 thanks for nothing",
]


@cache
def sample() -> list[str]:
    """Hand-written brand posts, generated bench mentions and the edge cases."""
    texts: list[str] = list(EDGE_CASES)
    for name in ("brand_posts.csv", "brand_mentions.csv"):
        with (DATA / name).open(encoding="utf-8-sig", newline="") as handle:
            texts += [row["text"] for row in csv.DictReader(handle)]
    texts += [str(row[4]) for row in rows(1500, seed=3)]
    shout = random.Random(5)
    texts += [text.upper() for text in shout.sample(texts, 40)]  # shouting posts
    return texts


def _prepared(text: str) -> tuple[str, list[Token], frozenset[str], bool]:
    return scorer._rewrite(clean(text))


def test_vader_compound_matches_stock_vader() -> None:
    """`compound` against VADER's own `polarity_scores`, on raw posts and on what the scorer
    hands VADER (cleaned, elongated words respelled)."""
    ours = vader()
    stock = SentimentIntensityAnalyzer()
    stock.lexicon = ours.lexicon  # the same service words; the steps are what is compared
    inputs = set(sample())
    inputs |= {scorer._for_vader(_prepared(text)[0]) for text in sample()}
    differing = [t for t in inputs if ours.compound(t) != stock.polarity_scores(t)["compound"]]
    assert len(inputs) > 3000
    assert differing == []


def _assessment_inputs() -> list[list[str]]:
    """The word lists the scorer gives TextBlob, the posts' plain words, and hard cases."""
    lists = [
        ["not", "very", "good"],
        ["really", "not", "good"],
        ["very", "very", "not", "good", "!", "!"],
        ["not", "a", "good", "day"],
        ["good", "!"],
        ["!", "good"],
        ["(!)"],
        [":)", "not", "bad", ":-("],
        ["never", "so", "happy"],
        ["extremely", "n't", "bad"],
        ["'", "not", "'s", "great"],
    ]
    for text in sample():
        cleaned, tokens, words, _ = _prepared(text)
        for clause in scorer._clauses(tokens, words):
            lists.append(scorer._words(clause, [scorer._resolve(token) for token in clause]))
        lists.append(cleaned.lower().split())
    return lists


@cache
def _textblob_built() -> Any:
    """The scorer's lexicon as TextBlob's own classes build it (what `textblob_lexicon` did
    before it read the data file itself): TextBlob's loader, annotate and emoticon table."""
    from textblob._text import EMOTICONS, MOOD
    from textblob.en import MODULE, Sentiment, parser

    from bot.domain.sentiment.social_text import (
        EMOJI_POLARITY,
        EXTRA_EMOTICONS,
        NEGATORS,
        SERVICE_WORDS,
    )

    lexicon = Sentiment(
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
    for word, rating in vader().lexicon.items():
        if word not in lexicon and word not in NEGATORS and len(word) > 1:
            polarity = rating / 4.0
            lexicon.annotate(word, None, polarity, 0.5 + abs(polarity) / 2, 1.0)
    return lexicon


def test_lexicon_read_without_textblob_equals_textblobs_own() -> None:
    """Every word, tag and figure (to the last bit) as TextBlob's classes load them."""
    from textblob._text import EMOTICONS

    ours, theirs = textblob_lexicon(), _textblob_built()
    assert set(ours) == set(dict.keys(theirs))
    for word, tags in dict.items(theirs):
        assert {tag: tuple(v) for tag, v in ours[word].items()} == {
            tag: tuple(v) for tag, v in tags.items()
        }, word
    assert ours.negations == tuple(theirs.negations)
    assert ours.modifiers == tuple(theirs.modifiers)
    table: dict[float, set[str]] = {}
    for (_, polarity), faces in EMOTICONS.items():
        table.setdefault(polarity, set()).update(faces)
    assert {polarity: set(faces) for polarity, faces in TEXTBLOB_EMOTICONS.items()} == table


def test_scoring_does_not_import_textblob() -> None:
    """The textblob package (and NLTK with it) stays out of a process that only scores."""
    code = (
        "import sys; from bot.domain.sentiment.scorer import score_many; "
        "score_many(['great service :) but 2 hours on hold', 'Hyvää päivää kaikille!']); "
        "print(sorted(m for m in ('textblob', 'nltk') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "[]"


def test_assessments_match_textblob() -> None:
    """TextBlob's own `Sentiment.assessments` on the same lexicon, untagged words."""
    lexicon = _textblob_built()
    for words in _assessment_inputs():
        theirs = [(w, p, s) for w, p, s, _ in lexicon.assessments([(w, None) for w in words])]
        assert scorer.assessments(words) == theirs, words


_ELONGATED = re.compile(r"([^\W\d_])\1{2,}")


def _tokenize_plainly(text: str) -> list[Token]:
    """The tokenizer written out match by match, nothing memoised or skipped."""
    letters = len(re.findall(r"[^\W\d_]", text))
    capitals = len(re.findall(r"[^\W\d_a-z]", text))
    stressable = capitals > 0 and not capitals > 0.7 * letters
    tokens = []
    for match in social_text._TOKEN.finditer(text):
        kind, raw = match.lastgroup or "word", match.group(0)
        if kind != "word":
            tokens.append(Token(raw.lower() if kind == "emoticon" else raw, kind=kind))
            continue
        word = raw.replace("’", "'")
        elongated = _ELONGATED.search(word) is not None
        stressed = stressable and len(word) > 1 and word.isupper() and word.isalpha()
        lowered = _ELONGATED.sub(r"\1\1", word.lower()) if elongated else word.lower()
        tokens.append(Token(lowered, elongated or stressed))
    return tokens


def test_scan_matches_the_plain_tokenizer() -> None:
    for text in sample():
        for form in (text, clean(text)):
            tokens, elongated = scan(form)
            assert tokens == _tokenize_plainly(form), form
            assert elongated is (_ELONGATED.search(form) is not None), form


def test_skipped_passes_would_not_have_matched() -> None:
    """Links, handles and hashtags are only looked for when their characters are there."""
    url = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
    for text in sample():
        assert has_link(text) is (url.search(text) is not None)
        plain = social_text.html.unescape(text).replace("’", "'")
        plain = social_text._RETWEET.sub(" ", url.sub(" ", plain))
        plain = social_text._HANDLE.sub(" ", plain)
        plain = social_text._HASHTAG.sub(
            lambda m: " " + social_text._CAMEL.sub(" ", m.group(1)) + " ", plain
        )
        assert clean(text) == plain
        cleaned = clean(text)
        sentences = [s for s in scorer._SENTENCE_END.split(cleaned) if any(c.isalpha() for c in s)]
        asked = sum(1 for s in sentences if "?" in s)
        assert scorer.is_question(cleaned) is (asked > 0 and asked * 2 >= len(sentences))


def _afinn_plainly(clause: list[Token]) -> float:
    """AFINN's clause sum with every two-word phrase looked up."""
    lexicon = afinn()
    words = [scorer._resolve(token) for token in clause]
    total, pending, index = 0.0, -1, 0
    while index < len(words):
        word, token = words[index], clause[index]
        pair = " ".join(words[index : index + 2])
        step = 2 if index + 1 < len(words) and pair in lexicon else 1
        rating = lexicon.get(pair if step == 2 else word)
        if token.kind == "stop":
            pending = -1
        elif word == "not" and step == 1:
            pending = scorer.NEGATION_REACH
        elif rating is not None:
            scalar = scorer.NEGATION_SCALAR if pending >= 0 else 1.0
            total += rating * scalar * (scorer.EMPHASIS if token.emphasised else 1.0)
            pending = -1
        elif pending >= 0:
            pending -= 1
        index += step
    return total


def test_afinn_phrases_match_looking_up_every_pair() -> None:
    lexicon = afinn()
    for text in [*sample(), "not good at all, does not work, not bad"]:
        _, tokens, words, _ = _prepared(text)
        for clause in scorer._clauses(tokens, words):
            resolved = [scorer._resolve(token) for token in clause]
            assert scorer._afinn_clause(clause, resolved, lexicon) == _afinn_plainly(clause)


def _language_plainly(text: str) -> str | None:
    words = language._WORD.findall(text.lower())
    if sum(map(len, words)) < language.MIN_LETTERS:
        return None
    english = sum(word in language.ENGLISH_WORDS for word in words)
    accented = not all(word.isascii() for word in words)
    if not accented and sum(word in language.FOREIGN_WORDS for word in words) < 2:
        return "en" if english else None
    return language._detect(text)


def test_language_gate_matches_the_plain_counts() -> None:
    for text in sample():
        cleaned = clean(text)
        assert language.detect_language(cleaned) == _language_plainly(cleaned)


@pytest.mark.parametrize("text", ["good " * 3, "good, good and good"])
def test_a_repeated_text_is_scored_once_with_the_same_result(text: str) -> None:
    first, second, other = scorer.score_many([text, text, "bad service"])
    assert first is second
    assert first == scorer.score(text)
    assert other == scorer.score("bad service")


CASE_TRAPS = [
    "KEEPS CRASHING, 3 HOURS ON HOLD!!! Thanks A LOT 🙄",
    "ſtill no refund",  # long s: folds to "s" when case is ignored
    "on hoLd for 2 \u212aM",  # Kelvin sign: folds to "k"
    "İstanbul flight CANCELLED again",  # dotted capital I: lower-cases to two characters
    "Straße closed, ÄÖÅ ΣΊΣΥΦΟΣ, day 4 of no service",
    "great, another delay 😒 but 🇫🇮 crew was ok ✈️",
]


def _cue_patterns() -> list[re.Pattern[str]]:
    patterns = [pattern for _, pattern in sentiment_cues.COMPLAINT_IDIOMS]
    patterns += [pattern for _, _, pattern in sentiment_cues.SERVICE_COMPLAINTS]
    patterns += [
        pattern
        for _, pattern in (
            *sentiment_cues.REQUESTS,
            *sentiment_cues.IRONIC_PHRASES,
            *sentiment_cues.PRAISES,
        )
    ]
    names = ("_BUT", "_THANKS", "_GOES_ON")
    return patterns + [getattr(sentiment_cues, name) for name in names]


def test_case_sensitive_twins_find_what_the_cue_patterns_find() -> None:
    """Every cue search run as its twin on the lower-cased post matches where it did."""
    texts = sample() + CASE_TRAPS + [text.swapcase() for text in CASE_TRAPS]
    twins = [(pattern, folding.lower_twin(pattern)) for pattern in _cue_patterns()]
    assert sum(twin is not None for _, twin in twins) >= len(twins) - 2
    folded = 0
    for text in texts:
        cleaned = clean(text)
        lowered = folding.folded(cleaned)
        folded += lowered is not None
        for pattern, _ in twins:
            expected = pattern.search(cleaned)
            found = folding.search(pattern, cleaned, lowered)
            assert (found and found.span()) == (expected and expected.span()), (pattern, text)
    assert folded > len(texts) * 0.9


def test_text_or_pattern_that_lower_casing_would_change_keeps_the_original_search() -> None:
    for text in ("ſtill", "\u212a", "İstanbul", "ÄÖ", "ǅ"):
        assert folding.folded(text) is None, text
    assert folding.folded("Great 😒 ✈️ ©") == "great 😒 ✈️ ©"
    for source in (r"\bRT\b", r"[@-\[]", r"(?-i:on)\s+hold", "[\u2100-\u2200]", r"\x41", "é"):
        assert folding.lower_twin(re.compile(source, re.IGNORECASE)) is None, source
    assert folding.lower_twin(re.compile("on hold")) is None  # not case-insensitive to begin with
    twin = folding.lower_twin(re.compile(r"\bon\s+(?:hold|[a-z]+)\W*\d[^.!?]*\?", re.IGNORECASE))
    assert twin is not None and not twin.flags & re.IGNORECASE
