"""The three lexicons behind Vahti's sentiment scorer, each loaded once and extended alike.

TextBlob's pattern lexicon (the core), VADER's and AFINN's all learn the same emoticons, emoji and
customer-service words (bot.domain.sentiment.social_text), each on its own scale: TextBlob -1..1,
VADER -4..4, AFINN -5..5. AFINN's word lists come from the `afinn` package's data folder (Open
Database License); they are read as files, the package's own code is not imported. TextBlob's
lexicon is read from its data file the same way: importing the textblob package loads NLTK,
a third of a second of every `vahti` start that scoring never uses.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable, Sequence
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


# TextBlob's emoticon table (textblob._text.EMOTICONS: polarity -> faces); a test keeps the two
# equal. Copied so that scoring never imports the textblob package, whose import loads NLTK.
TEXTBLOB_EMOTICONS: dict[float, frozenset[str]] = {
    +1.00: frozenset(("<3", "♥", ">:D", ":-D", ":D", "=-D", "=D", "X-D", "x-D", "XD", "xD", "8-D")),
    +0.75: frozenset((">:P", ":-P", ":P", ":-p", ":p", ":-b", ":b", ":c)", ":o)", ":^)")),
    +0.50: frozenset((">:)", ":-)", ":)", "=)", "=]", ":]", ":}", ":>", ":3", "8)", "8-)")),
    +0.25: frozenset((">;]", ";-)", ";)", ";-]", ";]", ";D", ";^)", "*-)", "*)")),
    +0.05: frozenset((">:o", ":-O", ":O", ":o", ":-o", "o_O", "o.O", "°O°", "°o°")),
    -0.25: frozenset((">:/", ":-/", ":/", ":\\", ">:\\", ":-.", ":-s", ":s", ":S", ":-S", ">.>")),
    -0.75: frozenset((">:[", ":-(", ":(", "=(", ":-[", ":[", ":{", ":-<", ":c", ":-c", "=/")),
    -1.00: frozenset((":'(", ":'''(", ";'(")),
}
TEXTBLOB_NEGATIONS = ("no", "not", "n't", "never")
TEXTBLOB_MODIFIERS = ("RB",)  # part-of-speech tags whose words modify the next one


def _textblob_folder() -> Path:
    """The folder of TextBlob's English data, found without importing the package (NLTK)."""
    spec = importlib.util.find_spec("textblob")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the textblob package (its English lexicon) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "en"


Figures = tuple[float, float, float]  # polarity, subjectivity, intensity


def _averaged(rows: Iterable[Figures]) -> Figures:
    """Each figure averaged over the rows, by TextBlob's `avg` (the same floats, to the bit)."""
    polarity, subjectivity, intensity = (
        sum(column) / float(len(column) or 1) for column in zip(*rows, strict=True)
    )
    return polarity, subjectivity, intensity


class TextBlobLexicon(dict[str, dict[str | None, Figures]]):
    """TextBlob's English sentiment lexicon: word -> part-of-speech tag (None: any) ->
    (polarity, subjectivity, intensity), read from its en-sentiment.xml by the same steps as
    TextBlob's `Sentiment.load` (tests compare the two entry by entry)."""

    negations = TEXTBLOB_NEGATIONS
    modifiers = TEXTBLOB_MODIFIERS

    def load(self, path: Path) -> None:
        """Average each word's senses per tag, then over its tags, and give each adjective
        its adverb ("terrible" -> "terribly"), as TextBlob's English `Sentiment.load` does."""
        from xml.etree import ElementTree

        words: dict[str, dict[str | None, list[Figures]]] = {}
        for entry in ElementTree.parse(path).getroot().findall("word"):
            get = entry.attrib.get
            form = get("form")
            if form:
                psi = (
                    float(get("polarity", 0.0)),
                    float(get("subjectivity", 0.0)),
                    float(get("intensity", 1.0)),
                )
                words.setdefault(form, {}).setdefault(get("pos"), []).append(psi)
        for form, senses in words.items():
            averaged = {tag: _averaged(rows) for tag, rows in senses.items()}
            averaged[None] = _averaged(averaged.values())
            self[form] = averaged
        for word, tags in list(self.items()):
            if "JJ" in tags:
                stem = word[:-1] + "i" if word.endswith("y") else word
                stem = stem[:-2] if stem.endswith("le") else stem
                self.annotate(stem + "ly", *tags["JJ"], tag="RB")

    def annotate(
        self,
        word: str,
        polarity: float,
        subjectivity: float = 0.0,
        intensity: float = 1.0,
        tag: str | None = None,
    ) -> None:
        """TextBlob's `Sentiment.annotate`: the word's entry for `tag` and for any tag."""
        entry = self.setdefault(word, {})
        entry[tag] = entry[None] = (polarity, subjectivity, intensity)


@cache
def textblob_lexicon() -> TextBlobLexicon:
    """TextBlob's English lexicon, a private copy extended with social and service words."""
    lexicon = TextBlobLexicon()
    lexicon.load(_textblob_folder() / "en-sentiment.xml")
    for polarity, faces in TEXTBLOB_EMOTICONS.items():
        for face in faces:
            lexicon.annotate(face.lower(), polarity, 1.0, 1.0)
    for face, polarity in {**EXTRA_EMOTICONS, **EMOJI_POLARITY}.items():
        lexicon.annotate(face, polarity, 1.0, 1.0)
    for word, polarity in SERVICE_WORDS.items():
        lexicon.annotate(word, polarity, 0.5, 1.0)
    # Slang, interjections and swearing that TextBlob lacks come from VADER's lexicon.
    for word, rating in vader().lexicon.items():
        if word not in lexicon and word not in NEGATORS and len(word) > 1:
            polarity = rating / 4.0
            lexicon.annotate(word, polarity, 0.5 + abs(polarity) / 2, 1.0)
    return lexicon


@cache
def vader() -> Any:
    """VADER with the same service words, on its own -4..4 scale.

    `compound` gives VADER's compound score by the same steps as `polarity_scores`, done once
    per post instead of once per word: VADER lower-cases the whole post again for every opinion
    word (up to six times), copies it character by character to swap emoji for their names, and
    walks every word through its modifier checks although only words in its lexicon can score.
    Tests compare `compound` with stock VADER on every text of the shared rated sets.
    """
    from vaderSentiment.vaderSentiment import (
        BOOSTER_DICT,
        C_INCR,
        N_SCALAR,
        NEGATE,
        SPECIAL_CASES,
        SentimentIntensityAnalyzer,
        SentiText,
        normalize,
        scalar_inc_dec,
    )

    negators = frozenset(NEGATE)

    def negated(word: str) -> bool:
        return word in negators or "n't" in word

    def negation(valence: float, lowered: Sequence[str], start_i: int, i: int) -> float:
        """VADER's check of the 1-3 words before an opinion word, on words lower-cased once."""
        w1 = lowered[i - 1]
        if start_i == 0:
            return valence * N_SCALAR if negated(w1) else valence
        w2 = lowered[i - 2]
        if start_i == 1:
            if w2 == "never" and w1 in ("so", "this"):
                return valence * 1.25
            if w2 == "without" and w1 == "doubt":
                return valence
            return valence * N_SCALAR if negated(w2) else valence
        w3 = lowered[i - 3]
        if (w3 == "never" and w2 in ("so", "this")) or w1 in ("so", "this"):
            return valence * 1.25
        if w3 == "without" and "doubt" in (w2, w1):
            return valence
        return valence * N_SCALAR if negated(w3) else valence

    # Every idiom or two-word booster VADER looks for starts at one of the four words ending
    # at the opinion word; when none of them starts one, the check cannot change anything.
    starts = frozenset(key.split(" ")[0] for key in (*SPECIAL_CASES, *BOOSTER_DICT) if " " in key)

    def idioms(valence: float, lowered: Sequence[str], i: int) -> float:
        """VADER's `_special_idioms_check` (called with i >= 3) on words lower-cased once."""
        if starts.isdisjoint(lowered[i - 3 : i + 1]):
            return valence
        zero, one, two, three = lowered[i], lowered[i - 1], lowered[i - 2], lowered[i - 3]
        for seq in (
            f"{one} {zero}",
            f"{two} {one} {zero}",
            f"{two} {one}",
            f"{three} {two} {one}",
            f"{three} {two}",
        ):
            if seq in SPECIAL_CASES:
                valence = SPECIAL_CASES[seq]
                break
        if len(lowered) - 1 > i:
            zeroone = f"{zero} {lowered[i + 1]}"
            if zeroone in SPECIAL_CASES:
                valence = SPECIAL_CASES[zeroone]
        if len(lowered) - 1 > i + 1:
            zeroonetwo = f"{zero} {lowered[i + 1]} {lowered[i + 2]}"
            if zeroonetwo in SPECIAL_CASES:
                valence = SPECIAL_CASES[zeroonetwo]
        for n_gram in (f"{three} {two} {one}", f"{three} {two}", f"{two} {one}"):
            if n_gram in BOOSTER_DICT:
                valence = valence + BOOSTER_DICT[n_gram]
        return valence

    class Analyzer(SentimentIntensityAnalyzer):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self._stripped: dict[str, tuple[str, str]] = {}
            # Only one-character keys can match VADER's character-by-character emoji swap; all
            # are above U+2000 but two, so a cheap class finds the candidates, the dict decides.
            singles = {key for key in self.emojis if len(key) == 1}
            self._emoji = re.compile(
                "["
                + "".join(re.escape(key) for key in sorted(singles) if key < "\u2000")
                + "\u2000-\U0010ffff]"
            )

        def _demojize(self, text: str) -> str:
            """VADER's emoji swap: each emoji becomes its name, after a space unless one was."""
            emojis = self.emojis

            def name(match: re.Match[str]) -> str:
                char = match.group(0)
                if char not in emojis:
                    return char
                start = match.start()
                space = " " if start > 0 and text[start - 1] != " " else ""
                return space + str(emojis[char])

            return self._emoji.sub(name, text)

        def _words(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
            """SentiText's words (split at white space, punctuation stripped off longer words),
            and the same lower-cased; memoised, as the same words recur in every post."""
            known = self._stripped
            if len(known) > 50_000:  # bounded: a long import meets new words for ever
                known.clear()
            pairs = []
            for raw in text.split():
                pair = known.get(raw)
                if pair is None:
                    word = SentiText._strip_punc_if_word(raw)
                    pair = known[raw] = (word, word.lower())
                pairs.append(pair)
            if not pairs:
                return (), ()
            words, lowered = zip(*pairs, strict=True)
            return words, lowered

        def compound(self, text: str) -> float:
            """VADER's compound score of `text` (polarity_scores(text)["compound"])."""
            if not text.isascii():
                text = self._demojize(text)
            # VADER strips the text first: white space, which neither splitting nor the
            # counts of "!" and "?" see.
            words, lowered = self._words(text)
            lexicon = self.lexicon
            hits = [i for i, low in enumerate(lowered) if low in lexicon]
            if not hits:  # no opinion word: every sentiment is 0
                return 0.0
            last = len(words) - 1
            capitals = sum(map(str.isupper, words))
            cap_diff = 0 < len(words) - capitals < len(words)  # VADER's allcap_differential
            sentiments: list[float] = [0] * len(words)
            for i in hits:
                low = lowered[i]
                if low in BOOSTER_DICT or (low == "kind" and i < last and lowered[i + 1] == "of"):
                    continue
                sentiments[i] = self._valence(words, lowered, i, cap_diff)
            if "but" in lowered:
                sentiments = self._but_check(words, sentiments)
            total = float(sum(sentiments))
            if total:
                emphasis = self._punctuation_emphasis(text)
                total = total + emphasis if total > 0 else total - emphasis
            return float(round(normalize(total), 4))

        def _valence(
            self, words: Sequence[str], lowered: Sequence[str], i: int, cap_diff: bool
        ) -> float:
            """VADER's `sentiment_valence` for an opinion word, on words lower-cased once."""
            lexicon = self.lexicon
            item, low = words[i], lowered[i]
            valence: float = lexicon[low]
            if low == "no" and i != len(words) - 1 and lowered[i + 1] in lexicon:
                valence = 0.0
            if (
                (i > 0 and lowered[i - 1] == "no")
                or (i > 1 and lowered[i - 2] == "no")
                or (i > 2 and lowered[i - 3] == "no" and lowered[i - 1] in ("or", "nor"))
            ):
                valence = lexicon[low] * N_SCALAR
            if item.isupper() and cap_diff:
                valence = valence + C_INCR if valence > 0 else valence - C_INCR
            for start_i in range(3):
                if i > start_i and lowered[i - (start_i + 1)] not in lexicon:
                    s = scalar_inc_dec(words[i - (start_i + 1)], valence, cap_diff)
                    if start_i == 1 and s != 0:
                        s = s * 0.95
                    if start_i == 2 and s != 0:
                        s = s * 0.9
                    valence = valence + s
                    valence = negation(valence, lowered, start_i, i)
                    if start_i == 2:
                        valence = idioms(valence, lowered, i)
            before = lowered[i - 1] if i > 0 else ""
            if i > 1 and before not in lexicon and before == "least":
                if lowered[i - 2] != "at" and lowered[i - 2] != "very":
                    valence = valence * N_SCALAR
            elif i > 0 and before not in lexicon and before == "least":
                valence = valence * N_SCALAR
            return valence

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
