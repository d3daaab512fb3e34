"""Cheap language identification for short social posts.

Statistical detectors misjudge tweets often (a handful of words, names, slang), and they cost
milliseconds a call. So English is recognised first by its function words, texts too short to
judge stay undetermined, and langdetect runs only on the rest, where it must be confident before
a post counts as foreign. Undetermined posts are scored as English.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

MIN_LETTERS = 20  # below this, detectors guess; the post is scored as English
MIN_PROBABILITY = 0.90  # how sure langdetect must be before a post counts as foreign
_ENGLISH_SHARE = 0.25  # share of words that are English function words in any English sentence

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")

_ENGLISH = """the and you your are is was were this that with for of to it it's my i i'm me have has
    had just but what they we get got our from would will if about there their he she his her
    its or how when why who been like out up now today be not can do don't so on in at all
    an by one more some any than then them too very really thanks thank please love good
    great"""
ENGLISH_WORDS: frozenset[str] = frozenset(_ENGLISH.split())

# Function words of other languages (Finnish first: it is a product locale). They only decide
# whether the statistical detector is consulted, so an overlap with English costs time, not
# accuracy.
_FOREIGN = """ja ei ole että tämä oli kun mutta myös vain niin kiitos hyvä huono olen minä sinä tosi
    aivan erittäin en ollut jo mitä miksi und ist nicht ich das ein eine mit sehr auch auf für
    wir sie der den dem nach noch aber le la les et est je pas une des du pour avec très mais
    c'est el los las es y que muy por pero una con para gracias il che non per sono molto
    grazie della não muito obrigado uma het een niet ik van zijn och inte är jag det att
    också"""
FOREIGN_WORDS: frozenset[str] = frozenset(_FOREIGN.split())


@cache
def _factory() -> Any:
    """Load langdetect's profiles once, with a fixed seed so that results repeat."""
    from langdetect import DetectorFactory  # deferred: loading profiles takes a second
    from langdetect.detector_factory import PROFILES_DIRECTORY

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory


def _detect(text: str) -> str | None:
    """Return langdetect's top language when it is confident, else None."""
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return None
    code = str(best.lang).split("-")[0]
    return code if code == "en" or best.prob >= MIN_PROBABILITY else None


def detect_language(text: str) -> str | None:
    """Return "en", another ISO 639-1 code, or None when the post is too short to tell."""
    words = _WORD.findall(text.lower())
    if sum(map(len, words)) < MIN_LETTERS:
        return None
    english = sum(word in ENGLISH_WORDS for word in words)
    if english >= 2 and english >= _ENGLISH_SHARE * len(words):
        return "en"
    accented = not all(word.isascii() for word in words)
    if not accented and sum(word in FOREIGN_WORDS for word in words) < 2:
        return "en" if english else None
    return _detect(text)
