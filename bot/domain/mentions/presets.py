"""What each listening tool's export looks like: its header, columns, clock, networks, sentiment.

A preset is recognised by its header signatures (sets of column names only that tool writes
together; any one will do, so a trimmed export is still known; the header holding the largest
set wins) and says,
per mention field, which columns hold it, most specific first. Count fields listed with several
columns are summed (Brandwatch writes one likes column per network, zero elsewhere); other
fields take the first non-empty column. A field a preset lists is read from its columns only, so
generic names cannot stand in (Brandwatch's `Impressions` is not reach; its `Query Name` is not a
brand). `local_time` says the tool writes naive stamps in the account's zone (the team's zone
unless `--timezone` says otherwise); a zone named in the date column's header (`Date (UTC)`,
`Created (Europe/Helsinki)`) or a zone column wins over both.

Sources (vendor help and API pages, see README "Listening tools' exports"): the column names
are the ones those pages document; files from a tool version with other names still import with
`--preset NAME --map FIELD=COLUMN`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

_NAME = re.compile(r"[\s\-./]+")

# Date formats tried in order after ISO 8601; US vendors write month first.
DATE_FORMATS = (
    "%d-%b-%Y %I:%M%p",
    "%d-%b-%Y %I:%M %p",
    "%d-%b-%Y %H:%M",
    "%d-%b-%Y",
    "%b %d, %Y %I:%M %p",
    "%b %d, %Y",
    "%d %b %Y %H:%M",
    "%d %b %Y",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H.%M",
    "%d.%m.%Y",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d",
)
TIME_FORMATS = ("%H:%M:%S", "%H:%M", "%I:%M %p", "%I:%M:%S %p", "%I:%M%p", "%I%p", "%H.%M")

# Network names as tools write them (lower case, one word) -> Vahti's network name.
NETWORKS: dict[str, str] = {
    "twitter": "twitter",
    "x": "twitter",
    "tweet": "twitter",
    "tweets": "twitter",
    "facebook": "facebook",
    "fb": "facebook",
    "instagram": "instagram",
    "ig": "instagram",
    "youtube": "youtube",
    "tiktok": "tiktok",
    "linkedin": "linkedin",
    "reddit": "reddit",
    "pinterest": "pinterest",
    "tumblr": "tumblr",
    "bluesky": "bluesky",
    "threads": "threads",
    "twitch": "twitch",
    "vk": "vk",
    "news": "news",
    "onlinenews": "news",
    "print": "news",
    "blog": "blog",
    "blogs": "blog",
    "forum": "forum",
    "forums": "forum",
    "review": "review",
    "reviews": "review",
    "podcast": "podcast",
    "podcasts": "podcast",
    "video": "video",
    "videos": "video",
    "web": "web",
    "www": "web",
    "website": "web",
}

SENTIMENTS: dict[str, str] = {
    "positive": "positive",
    "pos": "positive",
    "positiivinen": "positive",
    "negative": "negative",
    "neg": "negative",
    "negatiivinen": "negative",
    "neutral": "neutral",
    "neu": "neutral",
    "neutraali": "neutral",
}

# Language names some tools write instead of codes.
LANGUAGES: dict[str, str] = {
    "english": "en",
    "finnish": "fi",
    "suomi": "fi",
    "swedish": "sv",
    "svenska": "sv",
    "german": "de",
    "french": "fr",
    "spanish": "es",
    "italian": "it",
    "dutch": "nl",
    "danish": "da",
    "norwegian": "no",
    "estonian": "et",
    "russian": "ru",
    "polish": "pl",
    "portuguese": "pt",
    "japanese": "ja",
    "chinese": "zh",
}

COUNT_FIELDS = frozenset({"reach", "engagement", "likes", "comments", "shares"})


def column_key(name: str) -> str:
    """A column name compared regardless of case, spacing and punctuation (as in fields.py)."""
    return _NAME.sub("_", name.strip().lstrip("\ufeff").lower()).strip("_")


@dataclass(frozen=True)
class Preset:
    """One tool's export: how to recognise it and how to read it."""

    name: str
    title: str
    signatures: tuple[frozenset[str], ...]
    columns: Mapping[str, tuple[str, ...]]
    local_time: bool = True
    time_columns: tuple[str, ...] = ()
    zone_columns: tuple[str, ...] = ()
    network_fallback: str | None = None
    sums: frozenset[str] = field(default_factory=frozenset)


def _preset(
    name: str,
    title: str,
    signatures: Iterable[Iterable[str]],
    columns: Mapping[str, Sequence[str]],
    *,
    local_time: bool = True,
    time_columns: Sequence[str] = (),
    zone_columns: Sequence[str] = (),
    network_fallback: str | None = None,
    sums: Iterable[str] = (),
) -> Preset:
    return Preset(
        name,
        title,
        tuple(frozenset(column_key(c) for c in sig) for sig in signatures),
        {f: tuple(column_key(c) for c in cs) for f, cs in columns.items()},
        local_time,
        tuple(column_key(c) for c in time_columns),
        tuple(column_key(c) for c in zone_columns),
        network_fallback,
        frozenset(sums),
    )


NO_BRAND: tuple[str, ...] = ()  # the tool's query or topic names are not the team's brand names

PRESETS: tuple[Preset, ...] = (
    _preset(
        "brandwatch",
        "Brandwatch",
        (
            ("Query Id", "Page Type"),
            ("Query Name", "Page Type"),
            ("Page Type", "Reach (new)"),
            ("Page Type", "Full Text"),
            ("Page Type", "Twitter Retweets"),
        ),
        {
            "id": ("Resource Id", "Mention Id", "Guid"),
            "created_at": ("Date",),
            "text": ("Full Text", "Snippet", "Title"),
            "author": ("Author", "Full Name"),
            "url": ("Url", "Original Url"),
            "source": ("Page Type",),
            "reach": ("Reach (new)", "Reach"),
            "likes": ("Twitter Likes", "Facebook Likes", "Instagram Likes", "Likes"),
            "comments": (
                "Twitter Reply Count",
                "Facebook Comments",
                "Instagram Comments",
                "Blog Comments",
                "Comments",
            ),
            "shares": ("Twitter Retweets", "Facebook Shares", "Shares"),
            "engagement": ("Engagement Score",),
            "media": ("Media Filter",),
            "lang": ("Language",),
            "sentiment": ("Sentiment",),
            "brand": NO_BRAND,
        },
        local_time=False,
        zone_columns=("Timezone",),
        sums=("likes", "comments", "shares"),
    ),
    _preset(
        "meltwater",
        "Meltwater",
        (
            ("Hit Sentence", "Opening Text"),
            ("Hit Sentence", "Input Name"),
            ("Hit Sentence", "Alternate Date Format"),
            ("Opening Text", "Input Name"),
            ("Hit Sentence", "Source"),
            ("Twitter Social Echo",),
        ),
        {
            "id": ("Tweet Id", "Document ID"),
            "created_at": ("Date",),
            "text": ("Hit Sentence", "Opening Text", "Headline"),
            "author": ("Twitter Screen Name", "Influencer", "Author"),
            "url": ("URL",),
            "source": ("Source Type", "Source"),
            "reach": ("Reach", "Twitter Followers"),
            "engagement": ("Engagement",),
            "likes": ("Likes",),
            "comments": ("Comments", "Replies"),
            "shares": ("Shares", "Retweets", "Reposts"),
            "lang": ("Language",),
            "sentiment": ("Sentiment",),
            "brand": NO_BRAND,
        },
        time_columns=("Time",),
        zone_columns=("Timezone", "Time Zone"),
        network_fallback="news",
    ),
    _preset(
        "talkwalker",
        "Talkwalker",
        (
            ("published", "source_type", "content"),
            ("source_type", "title_snippet"),
            ("source_type", "extra_author_attributes.name"),
            ("published", "search_indexed"),
            ("article_extended_attributes.twitter_retweets",),
        ),
        {
            "id": ("external_id", "id"),
            "created_at": ("published",),
            "text": ("content", "title_snippet", "title"),
            "author": (
                "extra_author_attributes.short_name",
                "extra_author_attributes.name",
                "author",
            ),
            "url": ("url",),
            "source": ("source_type",),
            "reach": ("reach",),
            "engagement": ("engagement",),
            "shares": (
                "article_extended_attributes.twitter_retweets",
                "article_extended_attributes.facebook_shares",
            ),
            "comments": ("article_extended_attributes.num_comments",),
            "likes": (
                "article_extended_attributes.twitter_likes",
                "article_extended_attributes.facebook_likes",
            ),
            "lang": ("lang",),
            "sentiment": ("sentiment",),
            "media": ("post_type",),
            "brand": NO_BRAND,
        },
        zone_columns=("timezone",),
        sums=("likes", "shares"),
    ),
    _preset(
        "sprout",
        "Sprout Social",
        (
            ("Network", "Message", "Permalink"),
            ("Network", "Potential Impressions"),
            ("Network", "Message", "Message ID"),
        ),
        {
            "id": ("Message ID", "Guid"),
            "created_at": ("Date", "Created Time", "Timestamp"),
            "text": ("Message", "Text"),
            "author": ("Author Handle", "From Screen Name", "Author"),
            "url": ("Permalink",),
            "source": ("Network",),
            "reach": ("Potential Reach", "Audience", "Followers", "Potential Impressions"),
            "engagement": ("Engagements",),
            "likes": ("Likes",),
            "comments": ("Comments", "Replies"),
            "shares": ("Shares", "Reposts"),
            "lang": ("Language",),
            "sentiment": ("Sentiment",),
            "brand": NO_BRAND,
        },
        time_columns=("Time",),
        zone_columns=("Timezone", "Time Zone"),
    ),
    _preset(
        "brand24",
        "Brand24",
        (
            ("Influence Score",),
            ("Hour", "Content", "Domain"),
            ("Host", "Content", "Category"),
        ),
        {
            "id": ("Id", "Mention Id"),
            "created_at": ("Date",),
            "text": ("Content", "Text", "Title"),
            "author": ("Author", "Author Name"),
            "url": ("Url", "Link"),
            "source": ("Source", "Category", "Source Category"),
            "reach": ("Reach", "Followers"),
            "engagement": ("Interactions", "Engagement"),
            "likes": ("Likes",),
            "comments": ("Comments",),
            "shares": ("Shares",),
            "lang": ("Language",),
            "sentiment": ("Sentiment",),
            "brand": NO_BRAND,
        },
        time_columns=("Hour", "Time"),
        network_fallback="web",
    ),
    _preset(
        "mention",
        "Mention",
        (
            ("Tone", "Source Type"),
            ("Tone", "Published At"),
            ("Published At", "Source Type", "Description"),
        ),
        {
            "id": ("Id", "Unique Id"),
            "created_at": ("Published At", "Published", "Date"),
            "text": ("Description", "Content", "Text", "Title"),
            "author": ("Author", "Author Name"),
            "url": ("Url",),
            "source": ("Source Type", "Source"),
            "reach": ("Reach", "Cumulative Reach"),
            "engagement": ("Interactions",),
            "likes": ("Likes",),
            "comments": ("Comments",),
            "shares": ("Shares",),
            "lang": ("Language Code", "Language"),
            "sentiment": ("Tone",),
            "brand": NO_BRAND,
        },
        zone_columns=("Timezone",),
        network_fallback="web",
    ),
)

BY_NAME: dict[str, Preset] = {preset.name: preset for preset in PRESETS}
NAMES: tuple[str, ...] = tuple(BY_NAME)


def recognise(header: Sequence[str]) -> Preset | None:
    """The preset one of whose signatures the header holds (the largest such set), if any."""
    keys = {column_key(name) for name in header}
    best, size = None, 0
    for preset in PRESETS:
        held = max((len(sig) for sig in preset.signatures if sig <= keys), default=0)
        if held > size:
            best, size = preset, held
    return best


def by_name(name: str) -> Preset:
    """The preset called `name` (case-insensitive); `KeyError` names the ones there are."""
    preset = BY_NAME.get(name.strip().lower().replace(" ", "").replace("social", ""))
    if preset is None:
        raise KeyError(f"unknown preset {name!r} (presets: {', '.join(NAMES)})")
    return preset
