"""Simple tokenisation for "what are people saying": words, hashtags, links; no NLTK corpora.

Terms are lower-case words of three or more letters that are not stopwords (English and Finnish),
numbers, links, @handles or the brand's own names. Links are normalised so reposts of one post
count as one source however they were shared.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_URL = re.compile(r"https?://[^\s<>\"']+", re.I)
_HANDLE = re.compile(r"(?<!\w)@\w+")
_HASHTAG = re.compile(r"(?<![\w#])#(\w+)")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|igshid|mc_cid|mc_eid|ref|ref_src|si|s)$", re.I)

STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further get got had has have having he her here hers him his how i if in into is it its
    just like me more most my no nor not now of off on once only or other our ours out over own
    rt same she should so some such than that the their theirs them then there these they this
    those through to too under until up very via was we were what when where which while who
    whom why will with would you your yours amp http https www com one new today really still
    even much many way get gets going want back make know think see im dont cant ive youre thats
    ja on ei se että oli ovat olla mutta kun jos niin kuin tai myös vain tämä tuo nyt sen sitä
    siitä hän he me te minä sinä mitä mikä joka jotka ole olen olet ollut sekä vielä jo kanssa
    koska sitten enää ihan aina miten missä nämä noin eli kaikki voi pitää tulee tässä
    """.split()  # noqa: SIM905 (a block of words reads better than a 200-item list)
)


def normalise_url(url: str) -> str:
    """One form per link: no scheme, www or m., tracking parameters, fragment or final slash."""
    parts = urlsplit(url.strip().rstrip(".,;:!?)]}"))
    host = parts.netloc.lower()
    for prefix in ("www.", "m."):
        host = host.removeprefix(prefix)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)])
    path = parts.path.rstrip("/")
    return urlunsplit(("", host, path, query, "")).removeprefix("//")


def links_in(text: str) -> list[str]:
    """The links written in a text, normalised."""
    return [normalise_url(u) for u in _URL.findall(text)]


def hashtags_in(text: str) -> list[str]:
    """The hashtags of a text, lower case without '#'."""
    return [t.lower() for t in _HASHTAG.findall(text)]


def terms_in(text: str, exclude: frozenset[str] = frozenset()) -> set[str]:
    """The distinct terms of one text (see the module docstring for what counts)."""
    text = _HASHTAG.sub(" ", _HANDLE.sub(" ", _URL.sub(" ", text)))
    words = (w.strip("'’-").lower() for w in _WORD.findall(text))
    return {w for w in words if len(w) >= 3 and w not in STOPWORDS and w not in exclude}


def term_rates(texts: Iterable[str], exclude: frozenset[str] = frozenset()) -> dict[str, float]:
    """For each term, the share of texts that use it (a baseline for distinctive terms)."""
    counts: Counter[str] = Counter()
    n = 0
    for text in texts:
        n += 1
        counts.update(terms_in(text, exclude))
    return {term: c / n for term, c in counts.items()} if n else {}


def distinctive(
    counts: Mapping[str, int], expected: Mapping[str, float], limit: int
) -> list[tuple[str, int]]:
    """The values most over their expected count (ties: the more frequent), with their counts."""
    ranked = sorted(
        counts.items(), key=lambda kv: (-(kv[1] - expected.get(kv[0], 0.0)), -kv[1], kv[0])
    )
    return [(value, count) for value, count in ranked[:limit] if count > expected.get(value, 0.0)]
