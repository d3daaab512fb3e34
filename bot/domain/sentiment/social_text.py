"""Pre-processing of social media text before it meets a sentiment lexicon.

Lexicons are written for edited prose; tweets carry HTML entities, links, @handles, hashtags,
elongated words ("soooo"), shouting in capitals, emoticons and emoji. This module turns a post
into tokens a lexicon can look up, and keeps the emphasis that the spelling carried.
"""

from __future__ import annotations

import html
import re
from typing import NamedTuple

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_RETWEET = re.compile(r"^\s*RT\b:?", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@])@\w+:?")
_HASHTAG = re.compile(r"(?<![\w#])#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])")
_CAPITAL = re.compile(r"[^\W\d_a-z]")
_ELONGATED = re.compile(r"([^\W\d_])\1{2,}")
_TRIPLED = re.compile(r"(\w)\1\1")  # cheaper; an elongated word has such a run

# Emoticons first (they contain punctuation), then words (with an inner apostrophe), emoji, "!".
_EMOTICON = (
    r"(?:[<>]?[:;=][\-o*'^]?[)\](\[dDpP/\\|@}{3><]+|[xX]-?D+|D-?:|<3+|</3|[)\](\[]+[\-o']?[:;=]"
    r"|\^[_.]?\^|[oO][._][oO]|-_-|T_T|;_;)"
)
_EMOJI = r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B50\u2764\u2B06\u2B07\u2194-\u21AA]"
_TOKEN = re.compile(
    rf"(?P<emoticon>(?<!\w){_EMOTICON}(?!\w))|(?P<word>[^\W_]+(?:['’][^\W_]+)*)"
    rf"|(?P<emoji>{_EMOJI})|(?P<bang>!)|(?P<stop>[.?;,:])"
)

# Emoticons TextBlob's table lacks: reversed faces, kaomoji, broken heart.
EXTRA_EMOTICONS: dict[str, float] = {
    "(:": 0.5,
    "(;": 0.25,
    "):": -0.75,
    "^^": 0.5,
    "^_^": 0.5,
    "^.^": 0.5,
    "-_-": -0.25,
    "t_t": -0.75,
    ";_;": -0.75,
    "d:": -0.75,
    "d-:": -0.75,
    "</3": -0.75,
    "<33": 1.0,
    "<333": 1.0,
}

# Polarity of common emoji on TextBlob's -1..1 scale, read off their conventional use.
EMOJI_POLARITY: dict[str, float] = {
    "😀": 0.6,
    "😃": 0.6,
    "😄": 0.6,
    "😁": 0.6,
    "😆": 0.5,
    "😅": 0.2,
    "😂": 0.4,
    "🤣": 0.4,
    "🙂": 0.3,
    "😊": 0.6,
    "☺": 0.5,
    "😇": 0.5,
    "🥰": 0.8,
    "😍": 0.8,
    "🤩": 0.7,
    "😘": 0.6,
    "😚": 0.4,
    "😋": 0.5,
    "😎": 0.4,
    "🤗": 0.5,
    "😌": 0.3,
    "😻": 0.7,
    "👍": 0.5,
    "👏": 0.5,
    "🙌": 0.6,
    "💪": 0.4,
    "👌": 0.4,
    "🙏": 0.3,
    "✌": 0.3,
    "❤": 0.7,
    "💕": 0.7,
    "💖": 0.7,
    "💗": 0.6,
    "💓": 0.6,
    "💞": 0.6,
    "💙": 0.6,
    "💚": 0.6,
    "💛": 0.6,
    "💜": 0.6,
    "🧡": 0.6,
    "🎉": 0.6,
    "🎊": 0.5,
    "🥳": 0.7,
    "✨": 0.3,
    "🌟": 0.4,
    "⭐": 0.4,
    "🔥": 0.3,
    "💯": 0.5,
    "🏆": 0.5,
    "✅": 0.3,
    "😞": -0.6,
    "😔": -0.5,
    "😟": -0.5,
    "😕": -0.4,
    "🙁": -0.5,
    "☹": -0.6,
    "😣": -0.5,
    "😖": -0.6,
    "😫": -0.6,
    "😩": -0.6,
    "😢": -0.7,
    "😭": -0.5,
    "😤": -0.5,
    "😠": -0.7,
    "😡": -0.8,
    "🤬": -0.9,
    "😒": -0.5,
    "🙄": -0.5,
    "😑": -0.3,
    "😬": -0.3,
    "😨": -0.5,
    "😰": -0.5,
    "😱": -0.4,
    "🤢": -0.7,
    "🤮": -0.8,
    "💔": -0.7,
    "👎": -0.6,
    "😪": -0.3,
    "🤦": -0.5,
    "😓": -0.4,
    "😥": -0.4,
    "😿": -0.6,
    "💩": -0.5,
    "❌": -0.3,
}

# Words that carry sentiment in brand mentions but are missing or neutral in both lexicons.
# Values are on TextBlob's -1..1 scale (VADER's is four times wider).
SERVICE_WORDS: dict[str, float] = {
    "delayed": -0.4,
    "delay": -0.4,
    "delays": -0.4,
    "cancelled": -0.4,
    "canceled": -0.4,
    "cancellation": -0.3,
    "stranded": -0.5,
    "stuck": -0.3,
    "overbooked": -0.4,
    "unhelpful": -0.5,
    "outage": -0.4,
    "ripoff": -0.6,
    "overcharged": -0.5,
    "nightmare": -0.7,
    "hassle": -0.4,
    "unacceptable": -0.6,
    "refused": -0.3,
    "rude": -0.5,
    "broken": -0.5,
    "upgraded": 0.4,
    "kudos": 0.6,
    "thanks": 0.4,
    "thank": 0.4,
    "thx": 0.4,
    "appreciate": 0.5,
    "appreciated": 0.5,
    "helpful": 0.5,
    "recommend": 0.4,
    "mediocre": -0.4,
    "condescending": -0.5,
    "deactivated": -0.3,
    "unwatchable": -0.6,
    "overpriced": -0.5,
    "understaffed": -0.4,
    "genius": 0.6,
    "smooth": 0.4,
    "smoothest": 0.6,
    "seamless": 0.5,
    "flawless": 0.6,
    "flawlessly": 0.6,
    "speedy": 0.4,
    "hassle-free": 0.5,
}

# Idioms whose words mislead both lexicons, rewritten to a word with the intended sense.
IDIOMS: dict[str, str] = {
    "can't wait": "eager",
    "cant wait": "eager",
    "cannot wait": "eager",
    "thanks for nothing": "useless",
    "is a joke": "is pathetic",
    "what a joke": "pathetic",
}

# Requests to a brand ("please help, my bag is lost") are not praise, though VADER rates them so.
REQUEST_WORDS = frozenset({"please", "pls", "plz", "help"})


# Contractions with the apostrophe dropped ("dont") are as common in tweets as the spelled form.
NEGATORS: frozenset[str] = frozenset(
    {
        "not",
        "no",
        "never",
        "n't",
        "nothing",
        "nobody",
        "nowhere",
        "neither",
        "nor",
        "none",
        "without",
        "cannot",
        "dont",
        "doesnt",
        "didnt",
        "cant",
        "couldnt",
        "wont",
        "wouldnt",
        "isnt",
        "arent",
        "wasnt",
        "werent",
        "havent",
        "hasnt",
        "hadnt",
        "shouldnt",
        "aint",
    }
)


class Token(NamedTuple):
    """One lexical unit: its lower-case form and whether the writer stressed it."""

    text: str
    emphasised: bool = False
    kind: str = "word"  # word | emoticon | emoji | bang | stop


def clean(text: str) -> str:
    """Undo HTML escaping and drop links, retweet marks and @handles; unhash hashtags."""
    text = html.unescape(text).replace("’", "'")
    if _may_link(text):
        text = _URL.sub(" ", text)
    text = _RETWEET.sub(" ", text)
    if "@" in text:
        text = _HANDLE.sub(" ", text)
    if "#" in text:
        text = _HASHTAG.sub(lambda m: " " + _CAMEL.sub(" ", m.group(1)) + " ", text)
    return text


def _may_link(text: str) -> bool:
    """False when `_URL` cannot match: a link has "://" or ends "www." in "w." or "W."."""
    return "://" in text or "w." in text or "W." in text


def has_link(text: str) -> bool:
    """Whether the raw post carries a link (shared news and offers read as information)."""
    return _may_link(text) and _URL.search(text) is not None


def squeeze(word: str) -> str:
    """Shorten letter runs of three or more to two ("soooo" -> "soo")."""
    return _ELONGATED.sub(r"\1\1", word)


def tokenize(text: str) -> list[Token]:
    """Split cleaned text into tokens; capitals and elongation mark emphasis."""
    return scan(text)[0]


_ASCII_LOWER = "abcdefghijklmnopqrstuvwxyz"
_WORD_TOKENS: tuple[dict[str, Token], dict[str, Token]] = ({}, {})  # by stressable, raw word
_WORD_CACHE_SIZE = 50_000  # per dict; a long import meets new words for ever


def _word_token(raw: str, stressable: bool) -> Token:
    word = raw.replace("’", "'")
    elongated = _ELONGATED.search(word) is not None
    stressed = stressable and len(word) > 1 and word.isupper() and word.isalpha()
    return Token(squeeze(word.lower()) if elongated else word.lower(), elongated or stressed)


def scan(text: str) -> tuple[list[Token], bool]:
    """`tokenize`, and whether any word in the text is elongated ("soooo").

    A word's token depends only on the word and on whether the post may stress words, so word
    tokens are memoised: the same words recur in every post.
    """
    # Capitals are emphasis only when the writer does not shout the whole post. Letters are the
    # capitals (any letter but a-z) plus the a-z letters; four common ones mostly settle it.
    capitals = len(_CAPITAL.findall(text))
    stressable = False
    if capitals:
        lower = text.count("e") + text.count("a") + text.count("o") + text.count("t")
        if capitals > 0.7 * (capitals + lower):  # few common letters: count all of a-z
            lower = sum(map(text.count, _ASCII_LOWER))
        stressable = not capitals > 0.7 * (capitals + lower)
    known = _WORD_TOKENS[stressable]
    if len(known) > _WORD_CACHE_SIZE:
        known.clear()
    tokens: list[Token] = []
    append = tokens.append
    for emoticon, word, emoji, bang, stop in _TOKEN.findall(text):
        if word:
            token = known.get(word)
            if token is None:
                token = known[word] = _word_token(word, stressable)
            append(token)
        elif emoticon:
            append(Token(emoticon.lower(), kind="emoticon"))
        elif emoji:
            append(Token(emoji, kind="emoji"))
        elif bang:
            append(Token(bang, kind="bang"))
        else:
            append(Token(stop, kind="stop"))
    elongated = _TRIPLED.search(text) is not None and _ELONGATED.search(text) is not None
    return tokens, elongated
