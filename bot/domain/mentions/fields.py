"""Which column of an export holds which field of a mention.

Listening tools name their columns differently (`tweet_created`, `Date`, `Published at`...), so
columns are found by common names, and `--map field=column` names the rest. Names are compared
in a normal form (lower case, spaces and dashes as underscores), so `Screen Name` finds
`screen_name`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.domain.mentions.presets import Preset, column_key
from bot.i18n import N_, Problem

# Field -> column names that usually hold it, most specific first.
ALIASES: dict[str, tuple[str, ...]] = {
    "id": (
        "id",
        "external_id",
        "tweet_id",
        "post_id",
        "mention_id",
        "status_id",
        "guid",
        "uid",
        "id_str",
        "message_id",
    ),
    "created_at": (
        "created_at",
        "date",
        "timestamp",
        "tweet_created",
        "created",
        "published",
        "published_at",
        "publish_date",
        "posted_at",
        "time",
        "datetime",
        "date_time",
        "created_time",
        "pubdate",
    ),
    "text": (
        "text",
        "content",
        "message",
        "body",
        "tweet",
        "post",
        "snippet",
        "full_text",
        "description",
        "mention",
        "title",
    ),
    "author": (
        "author",
        "screen_name",
        "user",
        "username",
        "user_name",
        "name",
        "handle",
        "author_name",
        "from_user",
        "account",
        "author_handle",
    ),
    "url": (
        "url",
        "link",
        "permalink",
        "post_url",
        "tweet_url",
        "source_url",
        "mention_url",
        "href",
    ),
    "source": ("network", "source", "platform", "channel", "site", "medium", "source_type"),
    "reach": (
        "reach",
        "followers",
        "followers_count",
        "user_followers",
        "audience",
        "impressions",
        "potential_reach",
        "author_followers",
    ),
    "engagement": ("engagement", "engagements", "interactions", "total_engagement"),
    "likes": ("likes", "like_count", "favorites", "favorite_count", "favourites", "reactions"),
    "comments": ("comments", "comment_count", "replies", "reply_count"),
    "shares": ("shares", "share_count", "retweets", "retweet_count", "reposts", "repost_count"),
    "media": ("media", "media_type", "media_kind", "content_type", "type"),
    "lang": ("lang", "language", "language_code"),
    "brand": ("brand", "brand_name", "query", "project", "topic"),
    "sentiment": ("sentiment", "tone", "sentiment_label"),
    "time": ("time", "hour", "time_of_day", "time_only"),  # beside a date column
    "zone": ("timezone", "time_zone", "tz"),
}

FIELDS: tuple[str, ...] = tuple(ALIASES)


class FieldMapError(Problem):
    """The columns cannot be used (no text column, a --map naming what is not there)."""


@dataclass(frozen=True)
class ColumnMap:
    """For each field found, the index of its column in a row (CSV) or its key (JSON)."""

    columns: Mapping[str, str]  # field -> column name as written in the file
    positions: Mapping[str, int]  # field -> index in the header
    width: int  # how many columns the header has
    extra: Mapping[str, tuple[int, ...]] = field(default_factory=dict)  # further columns (presets)


def normalise(name: str) -> str:
    """`Screen Name` -> `screen_name`, so names compare regardless of case and spacing."""
    return column_key(name)


def parse_map(pairs: Iterable[str]) -> dict[str, str]:
    """Read `field=column` pairs from `--map`; unknown fields and bad pairs are errors."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        field, column = normalise(field), column.strip()
        if not sep or not field or not column:
            raise FieldMapError(N_("--map wants FIELD=COLUMN, got {pair!r}"), pair=pair)
        if field == "network":
            field = "source"
        if field not in ALIASES:
            raise FieldMapError(
                N_("--map: unknown field {field!r} (fields: {fields})"),
                field=field,
                fields=", ".join(FIELDS),
            )
        mapping[field] = column
    return mapping


def _named(by_name: Mapping[str, int], key: str) -> int | None:
    """The column called `key`, or `key (…)` as in `Date (Europe/Helsinki)`."""
    if key in by_name:
        return by_name[key]
    return next((i for name, i in by_name.items() if name.startswith(key + "_(")), None)


def _preset_columns(
    preset: Preset, by_name: Mapping[str, int], positions: dict[str, int], taken: set[int]
) -> dict[str, tuple[int, ...]]:
    """Fill `positions` from the preset's columns; returns the further columns of each field."""
    wanted = dict(preset.columns)
    wanted.setdefault("time", preset.time_columns)
    wanted.setdefault("zone", preset.zone_columns)
    extra: dict[str, tuple[int, ...]] = {}
    for name, candidates in wanted.items():
        if name in positions:
            continue
        present = [i for i in (_named(by_name, c) for c in candidates) if i is not None]
        present = [i for i in dict.fromkeys(present) if i not in taken]
        positions[name] = present[0] if present else -1  # -1: no generic name stands in
        taken.update(present[:1])
        if len(present) > 1:
            extra[name] = tuple(present[1:])
    return extra


def resolve_columns(
    header: Sequence[str],
    overrides: Mapping[str, str],
    *,
    strict: bool = True,
    preset: Preset | None = None,
) -> ColumnMap:
    """Find each field's column in `header`; `overrides` (from --map) win over the names.

    With `strict`, an override naming a column the header lacks is an error (a CSV header);
    without, the field is simply absent (one JSON object may lack a key that others have).
    With a `preset`, the fields it names are read from its columns only.
    """
    by_name: dict[str, int] = {}
    for index, name in enumerate(header):
        by_name.setdefault(normalise(name), index)
    taken: set[int] = set()
    positions: dict[str, int] = {}
    for name, column in overrides.items():
        mapped = by_name.get(normalise(column))
        if mapped is None and not strict:
            positions[name] = -1  # absent here: no alias may stand in for it
            continue
        if mapped is None:
            raise FieldMapError(
                N_("--map {name}={column}: the file has no column {column!r}"),
                name=name,
                column=column,
            )
        positions[name] = mapped
        taken.add(mapped)
    extra = _preset_columns(preset, by_name, positions, taken) if preset else {}
    for name, aliases in ALIASES.items():
        if name in positions:
            continue
        found = next(
            (by_name[a] for a in aliases if a in by_name and by_name[a] not in taken), None
        )
        if found is not None:
            positions[name] = found
            taken.add(found)
    positions = {name: index for name, index in positions.items() if index >= 0}
    if "text" not in positions:
        raise FieldMapError(
            N_("no text column (looked for {names}…; name it with --map text=COLUMN)"),
            names=", ".join(ALIASES["text"][:4]),
        )
    return ColumnMap(
        {f: header[i] for f, i in positions.items()},
        positions,
        len(header),
        {f: cols for f, cols in extra.items() if f in positions},
    )
