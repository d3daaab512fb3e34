"""Reading listening tools' cells: stamps, zones, networks, sentiment labels, presets."""

from __future__ import annotations

from datetime import UTC, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.domain.mentions.fields import resolve_columns
from bot.domain.mentions.presets import PRESETS, by_name, recognise
from bot.domain.mentions.shaping import (
    RowShape,
    header_zone,
    network,
    sentiment,
    shape_row,
    stamp,
    zone_named,
)

HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.mark.parametrize(
    ("day", "clock", "zone", "expected"),
    [
        ("2026-11-03", "10:15 PM", UTC, "2026-11-03T22:15:00+00:00"),
        ("2026-11-03", "12:30 AM", UTC, "2026-11-03T00:30:00+00:00"),
        ("03-Nov-2026", "10:15 AM", HELSINKI, "2026-11-03T08:15:00+00:00"),
        ("03-Nov-2026 10:15AM", "", HELSINKI, "2026-11-03T08:15:00+00:00"),
        ("11/3/2026 2:15 AM", "", ZoneInfo("America/Chicago"), "2026-11-03T08:15:00+00:00"),
        ("2026-07-01 12:00", "", HELSINKI, "2026-07-01T09:00:00+00:00"),  # summer time
        ("03.11.2026", "10.15", HELSINKI, "2026-11-03T08:15:00+00:00"),
        ("2026-11-03T10:15:00+02:00", "23:59", UTC, "2026-11-03T08:15:00+00:00"),  # own time
        ("2026-11-03 08:15:00.0", "", UTC, "2026-11-03T08:15:00+00:00"),
    ],
)
def test_stamp(day: str, clock: str, zone: timezone, expected: str) -> None:
    assert stamp(day, clock, zone) == expected


def test_unreadable_stamps_are_left_for_the_check_to_report() -> None:
    assert stamp("yesterday", "", UTC) == "yesterday"
    assert stamp("2026-11-03", "teatime", UTC) == "2026-11-03 teatime"
    assert stamp("1793693700000", "", HELSINKI) == "1793693700000"  # epoch: read as UTC later


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("UTC", UTC),
        ("+02:00", timezone(timedelta(hours=2))),
        ("GMT-5", timezone(timedelta(hours=-5))),
        ("Europe/Helsinki", HELSINKI),
        ("Mars/Olympus", None),
        ("", None),
        ("+99:00", None),
    ],
)
def test_zone_named(value: str, expected: object) -> None:
    assert zone_named(value) == expected


def test_header_zone() -> None:
    assert header_zone("Date (America/Chicago)") == ZoneInfo("America/Chicago")
    assert header_zone("Date") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("SOCIALMEDIA_TWITTER", "twitter"),
        ("X", "twitter"),
        ("X (Twitter)", "twitter"),
        ("Blogs", "blog"),
        ("ONLINENEWS", "news"),
        ("Helsingin Sanomat", "news"),
        ("instagram", "instagram"),
    ],
)
def test_network(value: str, expected: str) -> None:
    assert network(value, "news") == expected


def test_unknown_network_is_kept_without_a_fallback() -> None:
    assert network("qq", None) == "qq"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Positive", "positive"),
        ("NEGATIVE", "negative"),
        ("neutral", "neutral"),
        ("Not Rated", None),
        ("unclassified", None),
        ("", None),
        (None, None),
        ("-4", "negative"),
        ("3", "positive"),
        ("0", "neutral"),
        (-1, "negative"),
        ("negatiivinen", "negative"),
        ("nan", None),
    ],
)
def test_sentiment(value: object, expected: str | None) -> None:
    assert sentiment(value) == expected


def test_each_preset_is_recognised_by_each_of_its_signatures() -> None:
    for preset in PRESETS:
        for signature in preset.signatures:
            assert recognise([*sorted(signature), "text", "date"]) is preset, signature
    assert recognise(["date", "text", "author"]) is None
    assert by_name("Sprout Social").name == "sprout"
    with pytest.raises(KeyError, match="presets: brandwatch"):
        by_name("hootsuite")


def test_a_preset_keeps_generic_names_out_of_its_fields() -> None:
    header = ["Query Id", "Query Name", "Page Type", "Full Text", "Impressions", "Date"]
    columns = resolve_columns(header, {}, preset=by_name("brandwatch"))
    assert "reach" not in columns.columns and "brand" not in columns.columns
    assert columns.columns["source"] == "Page Type"


def test_brandwatch_counts_are_summed_over_networks() -> None:
    shape = RowShape(by_name("brandwatch"))
    values = shape_row(
        {
            "text": ["x"],
            "likes": ["0", "4", ""],
            "shares": ["7", "0"],
            "created_at": ["2026-11-03"],
        },
        shape,
    )
    assert (values["likes"], values["shares"]) == ("4.0", "7.0")
