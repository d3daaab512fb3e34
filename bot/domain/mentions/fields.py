"""Which column of an export holds which field of a mention.

Listening tools name their columns differently (`tweet_created`, `Date`, `Published at`...), so
columns are found by common names, and `--map field=column` names the rest. Names are compared
in a normal form (lower case, spaces and dashes as underscores), so `Screen Name` finds
`screen_name`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# Field -> column names that usually hold it, most specific first.
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "external_id", "tweet_id", "post_id", "mention_id", "status_id", "guid", "uid",
           "id_str", "message_id"),
    "created_at": ("created_at", "date", "timestamp", "tweet_created", "created", "published",
                   "published_at", "publish_date", "posted_at", "time", "datetime", "date_time",
                   "created_time", "pubdate"),
    "text": ("text", "content", "message", "body", "tweet", "post", "snippet", "full_text",
             "description", "mention", "title"),
    "author": ("author", "screen_name", "user", "username", "user_name", "name", "handle",
               "author_name", "from_user", "account", "author_handle"),
    "url": ("url", "link", "permalink", "post_url", "tweet_url", "source_url", "mention_url",
            "href"),
    "source": ("network", "source", "platform", "channel", "site", "medium", "source_type"),
    "reach": ("reach", "followers", "followers_count", "user_followers", "audience",
              "impressions", "potential_reach", "author_followers"),
    "engagement": ("engagement", "engagements", "interactions", "total_engagement"),
    "likes": ("likes", "like_count", "favorites", "favorite_count", "favourites", "reactions"),
    "comments": ("comments", "comment_count", "replies", "reply_count"),
    "shares": ("shares", "share_count", "retweets", "retweet_count", "reposts", "repost_count"),
    "media": ("media", "media_type", "media_kind", "content_type", "type"),
    "lang": ("lang", "language", "language_code"),
    "brand": ("brand", "brand_name", "query", "project", "topic"),
}  # fmt: skip

FIELDS: tuple[str, ...] = tuple(ALIASES)

_SEPARATORS = re.compile(r"[\s\-./]+")


class FieldMapError(ValueError):
    """The columns cannot be used (no text column, a --map naming what is not there)."""


@dataclass(frozen=True)
class ColumnMap:
    """For each field found, the index of its column in a row (CSV) or its key (JSON)."""

    columns: Mapping[str, str]  # field -> column name as written in the file
    positions: Mapping[str, int]  # field -> index in the header
    width: int  # how many columns the header has


def normalise(name: str) -> str:
    """`Screen Name` -> `screen_name`, so names compare regardless of case and spacing."""
    return _SEPARATORS.sub("_", name.strip().lstrip("\ufeff").lower()).strip("_")


def parse_map(pairs: Iterable[str]) -> dict[str, str]:
    """Read `field=column` pairs from `--map`; unknown fields and bad pairs are errors."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        field, column = normalise(field), column.strip()
        if not sep or not field or not column:
            raise FieldMapError(f"--map wants FIELD=COLUMN, got {pair!r}")
        if field == "network":
            field = "source"
        if field not in ALIASES:
            raise FieldMapError(f"--map: unknown field {field!r} (fields: {', '.join(FIELDS)})")
        mapping[field] = column
    return mapping


def resolve_columns(
    header: Sequence[str], overrides: Mapping[str, str], *, strict: bool = True
) -> ColumnMap:
    """Find each field's column in `header`; `overrides` (from --map) win over the names.

    With `strict`, an override naming a column the header lacks is an error (a CSV header);
    without, the field is simply absent (one JSON object may lack a key that others have).
    """
    by_name: dict[str, int] = {}
    for index, name in enumerate(header):
        by_name.setdefault(normalise(name), index)
    taken: set[int] = set()
    positions: dict[str, int] = {}
    for field, column in overrides.items():
        mapped = by_name.get(normalise(column))
        if mapped is None and not strict:
            positions[field] = -1  # absent here: no alias may stand in for it
            continue
        if mapped is None:
            raise FieldMapError(f"--map {field}={column}: the file has no column {column!r}")
        positions[field] = mapped
        taken.add(mapped)
    for field, aliases in ALIASES.items():
        if field in positions:
            continue
        found = next(
            (by_name[a] for a in aliases if a in by_name and by_name[a] not in taken), None
        )
        if found is not None:
            positions[field] = found
            taken.add(found)
    positions = {field: index for field, index in positions.items() if index >= 0}
    if "text" not in positions:
        raise FieldMapError(
            "no text column (looked for " + ", ".join(ALIASES["text"][:4]) + "…; "
            "name it with --map text=COLUMN)"
        )
    return ColumnMap({f: header[i] for f, i in positions.items()}, positions, len(header))
