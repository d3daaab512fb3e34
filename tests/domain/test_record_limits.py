"""A mention record fed hostile values: it is a draft that fits every column, or `Rejected`.

Properties over examples (STYLE.md): whatever JSON or a CSV cell can hold, `draft` raises nothing
but `Rejected`, and what it accepts fits the `mention` table on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.mentions.record import (
    EARLIEST,
    MAX_AUTHOR_CHARS,
    MAX_BRAND_CHARS,
    MAX_COUNT,
    MAX_ID_CHARS,
    MAX_SOURCE_CHARS,
    MAX_URL_CHARS,
    RecordRules,
    Rejected,
    draft,
)
from bot.domain.mentions.timestamps import BadTimestamp, parse_timestamp

LATEST = datetime(2026, 11, 4, 8, 0, tzinfo=UTC)
RULES = RecordRules(latest=LATEST)

# Anything a JSON value or a CSV cell can be, with the edges the issue found.
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),  # includes NUL and lone surrogates
    st.sampled_from(
        [
            "1e400",
            "-0",
            "inf",
            "NaN",
            "3b",
            "2.5k",
            "0001-01-01",
            "9999-12-31",
            "9999-12-31T23:59:59-05:00",
            "99999999999999999999",
            "\x00",
            "\ud800",
        ]
    ),
)
FIELDS = (
    "id",
    "created_at",
    "text",
    "author",
    "url",
    "reach",
    "engagement",
    "likes",
    "sentiment",
    "comments",
    "shares",
    "source",
    "media",
    "lang",
    "brand",
)


def storable(value: str | None) -> bool:
    """What PostgreSQL's text and UTF-8 take: no NUL, no lone surrogate."""
    if value is None:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in value


@settings(max_examples=400, deadline=None)
@given(st.fixed_dictionaries({}, optional=dict.fromkeys(FIELDS, VALUES)))
def test_any_record_fits_the_columns_or_is_rejected(values: dict[str, object]) -> None:
    values = {"text": "hello", "created_at": "2026-11-03T08:00:00Z"} | values
    try:
        item = draft(values, RULES)
    except Rejected:
        return
    assert 0 <= item.reach <= MAX_COUNT and 0 <= item.shares <= MAX_COUNT
    assert 0 <= item.engagement <= MAX_COUNT
    assert EARLIEST <= item.created_at <= LATEST
    assert len(item.external_id) <= MAX_ID_CHARS and len(item.author) <= MAX_AUTHOR_CHARS
    assert len(item.url or "") <= MAX_URL_CHARS and len(item.brand or "") <= MAX_BRAND_CHARS
    assert len(item.source) <= MAX_SOURCE_CHARS and len(item.lang or "") <= 8
    for text in (item.text, item.author, item.url, item.brand, item.external_id, item.lang):
        assert storable(text)


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("reach", 2**63, "reach over 2147483647"),
        ("reach", 2**31, "reach over 2147483647"),
        ("reach", float("inf"), "reach is not a count"),
        ("reach", "1e400", "reach is not a count"),
        ("shares", 10**400, "shares over 2147483647"),
        ("text", "a\x00b", "text contains a NUL character at character 1"),
        ("author", "\udc80x", "author contains a lone surrogate"),
        ("brand", "b" * 129, "brand over 128 characters"),
        ("created_at", "0001-01-01", "date 0001-01-01 is before 2000-01-01"),
        ("created_at", "2026-11-04T08:01:00Z", "is in the future"),
    ],
)
def test_values_past_the_columns_are_rejected(field: str, value: object, reason: str) -> None:
    values = {"text": "hello", "created_at": "2026-11-03T08:00:00Z", field: value}
    with pytest.raises(Rejected, match=reason):
        draft(values, RULES)


def test_the_edges_themselves_are_accepted() -> None:
    values = {
        "text": "hello",
        "created_at": EARLIEST.isoformat(),
        "reach": MAX_COUNT,
        "likes": MAX_COUNT - 1,
        "comments": 1,
        "brand": "b" * MAX_BRAND_CHARS,
    }
    item = draft(values, RULES)
    assert (item.reach, item.engagement, item.created_at) == (MAX_COUNT, MAX_COUNT, EARLIEST)
    assert draft(values | {"created_at": LATEST.isoformat()}, RULES).created_at == LATEST
    late = LATEST + timedelta(days=400)
    assert draft(values | {"created_at": late.isoformat()}, RecordRules()).created_at == late


@given(st.text(max_size=40))
def test_timestamp_parser_raises_only_bad_timestamp(value: str) -> None:
    with contextlib.suppress(BadTimestamp):
        parse_timestamp(value)
