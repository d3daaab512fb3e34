"""Hostile input to `POST /mentions` and `POST /kpis`, on SQLite and PostgreSQL: every field is
range-checked where it enters, so a bad item is rejected with its index and reason and the rest
of the batch is stored; a body that is not JSON is refused whole (400) and stores nothing."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import replace

import pytest
from pydantic import SecretStr
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.config import VahtiConfig
from bot.db import create_schema, make_engine
from bot.deps import Deps
from tests.fakes.slack_requests import SlackSender

TOKEN = "hostile-ingest-token"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    if request.param == "postgres":
        yield request.getfixturevalue("pg_engine")
        return
    engine = make_engine("sqlite://")
    create_schema(engine)
    yield engine


@pytest.fixture
def config() -> VahtiConfig:
    return VahtiConfig.model_validate(
        {
            "timezone": "Europe/Helsinki",
            "channels": {"checklists": "C0CHECK", "alerts": "C0ALERT"},
            "brand": {"name": "Northwind Coffee", "keywords": ["northwind"]},
        }
    )


@pytest.fixture
def deps(deps: Deps) -> Deps:
    settings = deps.settings.model_copy(update={"vahti_ingest_token": SecretStr(TOKEN)})
    return replace(deps, settings=settings)


def post(url: str, path: str, body: str | bytes) -> tuple[int, dict]:
    data = body.encode() if isinstance(body, str) else body
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"}
    request = urllib.request.Request(url + path, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


def count(engine: Engine, table: str = "mention") -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def mention(n: int, **fields: object) -> dict[str, object]:
    return {
        "id": f"m{n}",
        "text": f"northwind morning {n}",
        "created_at": "2026-11-03T07:00:00Z",
    } | fields


# --- POST /mentions ------------------------------------------------------------------------


def test_one_bad_item_in_five_thousand_is_rejected_and_the_rest_stored(
    app_url: str, engine: Engine
) -> None:
    items = [mention(n) for n in range(5000)]
    items[4500]["reach"] = 2**63
    status, answer = post(app_url, "/mentions", json.dumps(items))
    assert status == 200
    assert (answer["read"], answer["stored"], answer["rejected"]) == (5000, 4999, 1)
    assert answer["errors"] == [{"index": 4500, "reason": "reach over 2147483647"}]
    assert count(engine) == 4999


BAD_ITEMS = [
    ('{"reach": Infinity}', "reach is not a count"),
    ('{"reach": 1e400}', "reach is not a count"),
    ('{"reach": NaN}', "reach is not a count"),
    ('{"reach": "1e400"}', "reach is not a count"),
    ('{"reach": 2147483648}', "reach over 2147483647"),
    ('{"reach": "3b"}', "reach over 2147483647"),
    ('{"engagement": 9223372036854775808}', "engagement over 2147483647"),
    ('{"likes": 2000000000, "comments": 2000000000}', "engagement over 2147483647"),
    ('{"shares": -1}', "shares is not a count"),
    ('{"text": "northwind \\ud800 lone"}', "text contains a lone surrogate"),
    ('{"text": "northwind \\u0000 nul"}', "text contains a NUL character"),
    ('{"author": "bob\\u0000"}', "author contains a NUL character"),
    ('{"id": "x\\udfff"}', "id contains a lone surrogate"),
    ('{"url": "https://a.example/\\u0000"}', "url contains a NUL character"),
    ('{"brand": "' + "b" * 129 + '"}', "brand over 128 characters"),
    ('{"created_at": "0001-01-01T00:00:00Z"}', "before 2000-01-01"),
    ('{"created_at": "1999-12-31T23:59:59Z"}', "before 2000-01-01"),
    ('{"created_at": "9999-12-31T23:59:59Z"}', "in the future"),
    ('{"created_at": "9999-12-31T23:59:59-05:00"}', "out of range"),
    ('{"created_at": "0001-01-01T00:00:00+05:00"}', "out of range"),
    ('{"created_at": "2026-11-05T08:00:00Z"}', "in the future"),
    ('{"created_at": 1e300}', "bad date"),
]


def test_each_bad_field_is_rejected_by_index_and_the_rest_stored(
    app_url: str, engine: Engine
) -> None:
    """One batch: a good item, then each bad one (its own id), then a good one."""
    items = [mention(0)]
    items += [mention(n) | json.loads(fields) for n, (fields, _) in enumerate(BAD_ITEMS, 1)]
    items.append(mention(len(items)))
    status, answer = post(app_url, "/mentions", json.dumps(items, allow_nan=True))
    assert status == 200, answer
    assert (answer["stored"], answer["rejected"]) == (2, len(BAD_ITEMS))
    reasons = {error["index"]: error["reason"] for error in answer["errors"]}
    for index, (fields, reason) in enumerate(BAD_ITEMS, 1):
        assert reason in reasons[index], (fields, reasons[index])
    assert count(engine) == 2


def test_largest_values_the_columns_hold_are_stored(app_url: str, engine: Engine) -> None:
    """Two mentions at the 32-bit limit in one hour: the hourly roll-up sums need 64 bits."""
    largest = {"reach": 2**31 - 1, "engagement": 2**31 - 1, "shares": 2**31 - 1}
    first = {"brand": "B" * 128, "created_at": "2000-01-01T00:00:00Z"}
    items = [mention(n, **largest, **first) for n in range(3)]
    items.append(mention(9, created_at="2026-11-04T07:59:00Z"))  # within a day of the clock
    status, answer = post(app_url, "/mentions", json.dumps(items))
    assert (status, answer["stored"], answer["rejected"]) == (200, 4, 0)
    with engine.connect() as conn:
        sql = text("SELECT sum(reach) FROM mention_hourly WHERE brand = :brand")
        reach = conn.execute(sql, {"brand": "B" * 128}).scalar_one()
    assert int(reach) == 3 * (2**31 - 1)


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('[{"text": "a", "reach": ' + "9" * 5000 + "}]", "malformed JSON"),
        ('{"text": "a"}\n' + "[" * 100_000, "nested too deeply"),
    ],
)
def test_malformed_batch_is_400_and_stores_nothing(
    app_url: str, engine: Engine, body: str, error: str
) -> None:
    status, answer = post(app_url, "/mentions", body)
    assert status == 400
    assert error in answer["error"]
    assert count(engine) == 0


def test_year_one_mention_never_reaches_pulse_advocates(
    app_url: str, engine: Engine, send: SlackSender, fake_slack
) -> None:
    love = "northwind is lovely, I love it"
    items = [
        mention(0, author="ann", text=love),
        mention(2, author="ann", text=love + "!"),
        mention(1, author="old", text=love, created_at="0001-01-01T00:00Z"),
    ]
    assert post(app_url, "/mentions", json.dumps(items))[1]["stored"] == 2
    assert send.command("/pulse", "advocates").status == 200
    assert "*ann*" in json.dumps(fake_slack.responses)


# --- POST /kpis ----------------------------------------------------------------------------


BAD_KPIS = [
    ({"value": 1e300}, "over 1,000,000,000"),
    ({"value": "Infinity"}, "must be a number of zero or more"),
    ({"value": "1e400"}, "must be a number of zero or more"),
    ({"value": "nan"}, "must be a number of zero or more"),
    ({"value": -1}, "must be a number of zero or more"),
    ({"metric": "reach", "value": 2e12}, "over 1,000,000,000,000"),
    ({"date": "0001-01-01"}, "before 2000-01-01"),
    ({"date": "9999-12-31"}, "in the future"),
]


def test_kpi_value_out_of_range_is_rejected_by_index(app_url: str, engine: Engine) -> None:
    good = {"date": "2026-11-02", "metric": "new_followers", "value": 12}
    items = [good] + [good | {"date": "2026-11-01"} | item for item, _ in BAD_KPIS]
    items.append(good | {"date": "2026-10-31"})
    status, answer = post(app_url, "/kpis", json.dumps(items))
    assert status == 200, answer
    assert (answer["stored"], answer["rejected"]) == (2, len(BAD_KPIS))
    reasons = {error["index"]: error["reason"] for error in answer["errors"]}
    for index, (item, reason) in enumerate(BAD_KPIS, 1):
        assert reason in reasons[index], (item, reasons[index])
    assert count(engine, "kpi_log") == 2


def test_kpi_batch_nested_too_deeply_is_400(app_url: str, engine: Engine) -> None:
    status, answer = post(app_url, "/kpis", '{"a": ' + "[" * 100_000 + "}")
    assert (status, answer["error"]) == (400, "malformed JSON: nested too deeply")
    assert count(engine, "kpi_log") == 0
