"""Column auto-detection, --map, timestamps and record checks of mention imports."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.mentions.fields import FieldMapError, normalise, parse_map, resolve_columns
from bot.domain.mentions.record import RecordRules, Rejected, draft, values_of_row
from bot.domain.mentions.timestamps import BadTimestamp, parse_timestamp


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            ["tweet_id", "airline", "name", "text", "tweet_created", "retweet_count"],
            {
                "id": "tweet_id",
                "author": "name",
                "text": "text",
                "created_at": "tweet_created",
                "shares": "retweet_count",
            },
        ),
        (
            ["Date", "Content", "Screen Name", "Permalink", "Network", "Followers", "Likes"],
            {
                "created_at": "Date",
                "text": "Content",
                "author": "Screen Name",
                "url": "Permalink",
                "source": "Network",
                "reach": "Followers",
                "likes": "Likes",
            },
        ),
        (
            ["\ufefftimestamp", "message", "user", "link", "platform", "reach", "engagement"],
            {
                "created_at": "\ufefftimestamp",
                "text": "message",
                "author": "user",
                "url": "link",
                "source": "platform",
                "reach": "reach",
                "engagement": "engagement",
            },
        ),
        (
            ["post_id", "created-at", "Body", "username", "Post URL", "shares", "Language"],
            {
                "id": "post_id",
                "created_at": "created-at",
                "text": "Body",
                "author": "username",
                "url": "Post URL",
                "shares": "shares",
                "lang": "Language",
            },
        ),
    ],
)
def test_columns_are_found_by_common_names(header: list[str], expected: dict[str, str]) -> None:
    assert dict(resolve_columns(header, {}).columns) == expected


def test_map_wins_over_names_and_frees_the_column() -> None:
    header = ["text", "comment", "when", "airline"]
    columns = resolve_columns(
        header, parse_map(["text=comment", "created_at=when", "brand=airline"])
    )
    assert columns.columns == {"text": "comment", "created_at": "when", "brand": "airline"}
    assert columns.positions == {"text": 1, "created_at": 2, "brand": 3}


@pytest.mark.parametrize(
    ("pairs", "header", "message"),
    [
        (["text"], ["text"], "FIELD=COLUMN"),
        (["colour=text"], ["text"], "unknown field 'colour'"),
        (["text=body"], ["text"], "no column 'body'"),
        ([], ["date", "author"], "no text column"),
    ],
)
def test_unusable_columns_are_explained(pairs: list[str], header: list[str], message: str) -> None:
    with pytest.raises(FieldMapError, match=message):
        resolve_columns(header, parse_map(pairs))


def test_lenient_map_for_json_objects_leaves_the_field_out() -> None:
    columns = resolve_columns(["text", "url"], parse_map(["author=user.screen_name"]), strict=False)
    assert columns.columns == {"text": "text", "url": "url"}


def test_network_is_an_alias_of_source_in_map() -> None:
    assert parse_map(["Network=site"]) == {"source": "site"}
    assert normalise(" Screen-Name ") == "screen_name"


UTC_TIME = datetime(2015, 2, 24, 19, 35, 52, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "date_format", "expected"),
    [
        ("2015-02-24T19:35:52Z", None, UTC_TIME),
        ("2015-02-24T19:35:52+00:00", None, UTC_TIME),
        ("2015-02-24 11:35:52 -0800", None, UTC_TIME),
        ("2015-02-24 21:35:52 +02:00", None, UTC_TIME),
        ("2015-02-24 19:35:52", None, UTC_TIME),  # naive is UTC
        ("2015-02-24 19:35:52 UTC", None, UTC_TIME),
        ("Tue Feb 24 19:35:52 +0000 2015", None, UTC_TIME),
        ("Tue, 24 Feb 2015 11:35:52 -0800", None, UTC_TIME),
        ("1424806552", None, UTC_TIME),
        ("1424806552000", None, UTC_TIME),  # milliseconds
        ("1424806552.0", None, UTC_TIME),
        ("24.02.2015 19.35", "%d.%m.%Y %H.%M", datetime(2015, 2, 24, 19, 35, tzinfo=UTC)),
    ],
)
def test_timestamps_in_the_usual_forms(
    value: str, date_format: str | None, expected: datetime
) -> None:
    assert parse_timestamp(value, date_format) == expected


@pytest.mark.parametrize(
    ("value", "date_format", "message"),
    [
        ("", None, "no date"),
        ("yesterday", None, "bad date 'yesterday'"),
        ("2015-02-30 10:00", None, "bad date"),
        ("2015-02-24", "%d.%m.%Y", r"expected %d.%m.%Y"),
    ],
)
def test_bad_timestamps_say_why(value: str, date_format: str | None, message: str) -> None:
    with pytest.raises(BadTimestamp, match=message):
        parse_timestamp(value, date_format)


def record(**values: object) -> dict[str, object]:
    return {"text": "Loving the new blend", "created_at": "2026-11-03T08:00:00Z"} | values


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        (record(text="   "), "empty text"),
        (record(text=None), "empty text"),
        (record(text="x" * 10_001), "text over 10000 characters"),
        (record(created_at="soon"), "bad date 'soon'"),
        (record(created_at=None), "no date"),
        (record(reach="lots"), "reach is not a number"),
        (record(likes=-3), "likes is not a count"),
        (record(url="https://x.com/" + "a" * 2100), "url over 2048"),
        (record(id="i" * 600), "id over 512"),
    ],
)
def test_rejected_records_give_a_reason(values: dict[str, object], reason: str) -> None:
    with pytest.raises(Rejected, match=reason):
        draft(values, RecordRules())


def test_counts_engagement_and_defaults() -> None:
    item = draft(
        record(
            reach="1,200", likes="1.5K", comments=3, shares="2", source="Twitter", author="@maija"
        ),
        RecordRules(source="import", brand="Northwind Coffee"),
    )
    assert (item.reach, item.engagement, item.shares) == (1200, 1505, 2)
    assert (item.source, item.author, item.brand) == ("twitter", "maija", "Northwind Coffee")


def test_explicit_engagement_wins_over_the_parts() -> None:
    assert draft(record(engagement="40", likes="5"), RecordRules()).engagement == 40


def test_key_falls_back_to_url_then_a_content_hash() -> None:
    assert draft(record(id=" 42 ", url="https://a.b/c"), RecordRules()).external_id == "42"
    assert draft(record(url="https://a.b/c"), RecordRules()).external_id == "https://a.b/c"
    hashed = draft(record(), RecordRules()).external_id
    assert hashed.startswith("sha1:") and hashed == draft(record(), RecordRules()).external_id
    assert hashed != draft(record(text="Other words"), RecordRules()).external_id


def test_row_with_missing_or_extra_columns_is_rejected() -> None:
    columns = resolve_columns(["date", "text", "author"], {})
    assert values_of_row(["2026-11-03", "hi", "bo"], columns)["author"] == "bo"
    with pytest.raises(Rejected, match="missing columns: 2 values, the header has 3"):
        values_of_row(["2026-11-03", "hi"], columns)
    with pytest.raises(Rejected, match="extra columns"):
        values_of_row(["2026-11-03", "hi", "bo", "x"], columns)


def test_language_code_is_normalised() -> None:
    assert draft(record(lang="FI-fi"), RecordRules()).lang == "fi"
    assert draft(record(lang="en_GB"), RecordRules()).lang == "en"
