"""Explaining an anomaly window: where the rise comes from and what people are saying.

Spikes can often be traced to one source: one author posting a lot, one post reposted (a link)
or one hashtag. For each of the three kinds the value most over its own baseline is named with
its share of the rise: (window count - expected count) / (window total - expected total). The
rest (terms, hashtags, networks, sentiment mix, sample posts) describes the window as a whole.
Pure: the service loads the window's posts and the baseline counts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.domain.crisis.top_terms import (
    distinctive,
    hashtags_in,
    links_in,
    normalise_url,
    term_rates,
    terms_in,
)

SOURCE_KINDS = ("author", "link", "hashtag")
_REPOST = re.compile(r"^\s*RT\s+@([\w.]+)\s*:", re.I)
CANDIDATES = 5  # values per kind whose baseline the service looks up
SAMPLES = 3
# An engagement (like, share, comment) weighs as much as this many followers of reach when
# choosing the sample posts: a small account's post that took off beats a big account's shrug.
ENGAGEMENT_WEIGHT = 100


@dataclass(frozen=True)
class Post:
    """What attribution needs of one mention."""

    mention_id: int
    author: str
    text: str
    url: str | None
    source: str
    reach: int
    engagement: int
    label: str
    hashtags: tuple[str, ...] = ()
    links: tuple[str, ...] = ()

    def link_set(self) -> set[str]:
        """Normalised links of the post: stored tags plus any written in the text."""
        return {normalise_url(u) for u in self.links} | set(links_in(self.text))

    def hashtag_set(self) -> set[str]:
        return {t.lower().lstrip("#") for t in self.hashtags} | set(hashtags_in(self.text))

    def author_key(self) -> str:
        return self.author.strip().lstrip("@").lower()

    def origin_key(self) -> str:
        """Whose post this spreads: the reposted author of an "RT @name:" text, else the poster."""
        found = _REPOST.match(self.text)
        return found.group(1).lower() if found else self.author_key()


@dataclass(frozen=True)
class Baseline:
    """What a window of this length usually holds: total, and per candidate source and term."""

    expected_total: float
    expected_by_kind: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    term_rates: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class SourceShare:
    """The largest single source of one kind and how much of the rise it explains."""

    kind: str  # author|link|hashtag
    value: str
    count: int
    share: float  # of the rise, 0..1


@dataclass(frozen=True)
class Explanation:
    """Everything an alert says about its window."""

    total: int
    expected: float
    sources: tuple[SourceShare, ...]
    top_terms: tuple[tuple[str, int], ...]
    top_hashtags: tuple[tuple[str, int], ...]
    networks: tuple[tuple[str, int], ...]
    sentiment: tuple[int, int, int]  # positive, neutral, negative
    samples: tuple[Post, ...]

    @property
    def rise(self) -> float:
        return self.total - self.expected


def source_counts(
    posts: Sequence[Post], own_tags: frozenset[str] = frozenset()
) -> dict[str, Counter[str]]:
    """How many posts carry each author (or reposted author), link and hashtag.

    The brand's own hashtags (`own_tags`) are in most of its mentions: never a single source.
    """
    counts: dict[str, Counter[str]] = {k: Counter() for k in SOURCE_KINDS}
    for post in posts:
        if post.origin_key():
            counts["author"][post.origin_key()] += 1
        counts["link"].update(post.link_set())
        counts["hashtag"].update(post.hashtag_set() - own_tags)
    return counts


def candidates(
    posts: Sequence[Post], own_tags: frozenset[str] = frozenset()
) -> dict[str, list[str]]:
    """The most frequent values of each kind: the ones whose baseline is worth looking up."""
    return {
        kind: [v for v, _ in counter.most_common(CANDIDATES)]
        for kind, counter in source_counts(posts, own_tags).items()
    }


def _largest(kind: str, counts: Counter[str], baseline: Baseline, rise: float) -> SourceShare:
    expected = baseline.expected_by_kind.get(kind, {})
    best = max(counts, key=lambda v: (counts[v] - expected.get(v, 0.0), counts[v]))
    excess = counts[best] - expected.get(best, 0.0)
    share = min(1.0, max(0.0, excess / rise)) if rise > 0 else 0.0
    return SourceShare(kind, best, counts[best], share)


def _samples(posts: Sequence[Post]) -> tuple[Post, ...]:
    """The posts with most reach and engagement, one per author where possible."""
    ranked = sorted(
        posts, key=lambda p: (-(p.reach + ENGAGEMENT_WEIGHT * p.engagement), p.mention_id)
    )
    picked: list[Post] = []
    seen: set[str] = set()
    for post in ranked:
        if post.author_key() not in seen:
            picked.append(post)
            seen.add(post.author_key())
        if len(picked) == SAMPLES:
            return tuple(picked)
    rest = [p for p in ranked if p not in picked]
    return tuple(picked + rest[: SAMPLES - len(picked)])


def explain(
    posts: Sequence[Post],
    baseline: Baseline,
    exclude_terms: frozenset[str] = frozenset(),
    own_tags: frozenset[str] = frozenset(),
) -> Explanation:
    """Attribute a window's rise to single sources and describe the window."""
    counts = source_counts(posts, own_tags)
    rise = len(posts) - baseline.expected_total
    sources = tuple(_largest(k, counts[k], baseline, rise) for k in SOURCE_KINDS if counts[k])
    terms: Counter[str] = Counter()
    for post in posts:
        terms.update(terms_in(post.text, exclude_terms))
    n = len(posts)
    expected_terms = {t: r * n for t, r in baseline.term_rates.items()}
    labels = Counter(p.label for p in posts)
    expected_tags = baseline.expected_by_kind.get("hashtag", {})
    return Explanation(
        total=n,
        expected=baseline.expected_total,
        sources=sources,
        top_terms=tuple(distinctive(terms, expected_terms, 6)),
        top_hashtags=tuple(distinctive(counts["hashtag"], expected_tags, 5)),
        networks=tuple(Counter(p.source for p in posts).most_common(5)),
        sentiment=(labels["positive"], labels["neutral"], labels["negative"]),
        samples=_samples(posts),
    )


def baseline_from(
    past: Sequence[Sequence[Post]],
    wanted: Mapping[str, Sequence[str]],
    expected_total: float,
    exclude_terms: frozenset[str] = frozenset(),
) -> Baseline:
    """A baseline from the same window in past weeks (one list of posts per week with data).

    Only the candidate values in `wanted` get an expected count: the others cannot be the
    largest source anyway.
    """
    weeks = [p for p in past if p]
    if not weeks:
        return Baseline(expected_total)
    counted = [source_counts(p) for p in weeks]
    expected = {
        kind: {v: sum(c[kind][v] for c in counted) / len(weeks) for v in values}
        for kind, values in wanted.items()
    }
    texts = (post.text for week in weeks for post in week)
    return Baseline(expected_total, expected, term_rates(texts, exclude_terms))
