"""POST /mentions through the served app: token, size limit, malformed JSON, partial validity."""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from dataclasses import replace
from urllib.parse import urlsplit

import pytest
from pydantic import SecretStr
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.config import VahtiConfig
from bot.deps import Deps

TOKEN = "s3cret-ingest-token"


@pytest.fixture
def ingest_token() -> str | None:
    return TOKEN


@pytest.fixture
def config() -> VahtiConfig:
    return VahtiConfig.model_validate(
        {
            "timezone": "Europe/Helsinki",
            "brand": {"name": "Northwind Coffee", "keywords": ["northwind"]},
            "sources": {"webhook_max_bytes": 2048},
        }
    )


@pytest.fixture
def deps(deps: Deps, ingest_token: str | None) -> Deps:
    secret = SecretStr(ingest_token) if ingest_token else None
    return replace(deps, settings=deps.settings.model_copy(update={"vahti_ingest_token": secret}))


def post(
    url: str, body: str | bytes, token: str | None = TOKEN, path: str = "/mentions"
) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    data = body.encode() if isinstance(body, str) else body
    request = urllib.request.Request(url + path, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


def stored(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        sql = "SELECT source, external_id, author, brand, team_id FROM mention ORDER BY id"
        return [tuple(r) for r in conn.execute(text(sql))]


ITEMS = [
    {
        "id": "a1",
        "text": "Northwind cold brew is lovely",
        "created_at": "2026-11-03T07:00:00Z",
        "author": "kim",
        "network": "twitter",
    },
    {"id": "a2", "text": "", "created_at": "2026-11-03T07:01:00Z"},
    "just a string",
    {"id": "a3", "text": "Northwind again", "created_at": "next week"},
    {"id": "a4", "content": "Fresh beans at northwind", "date": 1793689200},
]


def test_array_stores_what_is_valid_and_lists_the_rest(app_url: str, engine: Engine) -> None:
    status, answer = post(app_url, json.dumps(ITEMS))
    assert status == 200
    assert answer == {
        "read": 5,
        "stored": 2,
        "duplicates": 0,
        "rejected": 3,
        "errors": [
            {"index": 1, "reason": "empty text"},
            {"index": 2, "reason": "not a JSON object but str"},
            {"index": 3, "reason": "bad date 'next week'"},
        ],
        "errors_omitted": 0,
    }
    assert stored(engine) == [
        ("twitter", "a1", "kim", "Northwind Coffee", "T0001"),
        ("webhook", "a4", "", "Northwind Coffee", "T0001"),
    ]


def test_json_lines_and_a_repeat_store_once(app_url: str, engine: Engine) -> None:
    body = "\n".join(json.dumps(item) for item in (ITEMS[0], ITEMS[4])) + "\n"
    assert post(app_url, body)[1]["stored"] == 2
    status, answer = post(app_url, body)  # the tool retries
    assert (status, answer["stored"], answer["duplicates"]) == (200, 0, 2)
    assert len(stored(engine)) == 2


def test_source_and_brand_from_the_query(app_url: str, engine: Engine) -> None:
    item = {"id": "q1", "text": "a quiet morning", "created_at": "2026-11-03"}
    assert post(app_url, json.dumps([item]), path="/mentions?source=brand24&brand=Acme")[0] == 200
    assert stored(engine) == [("brand24", "q1", "", "Acme", "T0001")]


@pytest.mark.parametrize(
    ("body", "line", "column"),
    [
        ('[{"text": "a", "created_at": "2026-11-03"},\n {"text": oops}]', 2, 11),
        ('{"text": "a", "created_at": "2026-11-03"}\n{"text": "b",\n', 2, 14),
        ("text=hello", 1, 1),
    ],
)
def test_malformed_json_is_400_with_the_position(
    app_url: str, engine: Engine, body: str, line: int, column: int
) -> None:
    status, answer = post(app_url, body)
    assert status == 400
    assert (answer["line"], answer["column"]) == (line, column)
    assert answer["error"].startswith("malformed JSON")
    assert stored(engine) == []


def test_not_utf8_is_400(app_url: str) -> None:
    status, answer = post(app_url, b'[{"text": "caf\xe9"}]')
    assert (status, answer["error"]) == (400, "the body is not UTF-8")


@pytest.mark.parametrize("token", [None, "wrong", TOKEN + "x", ""])
def test_wrong_or_missing_token_is_401(app_url: str, engine: Engine, token: str | None) -> None:
    assert post(app_url, json.dumps(ITEMS), token=token)[0] == 401
    assert stored(engine) == []


@pytest.mark.parametrize("ingest_token", [None])
def test_endpoint_is_off_without_a_token(app_url: str) -> None:
    assert post(app_url, json.dumps(ITEMS), token="anything")[0] == 404


def test_body_over_the_limit_is_413(app_url: str, engine: Engine) -> None:
    big = json.dumps([{"text": "northwind " * 30, "created_at": "2026-11-03"}] * 10)
    assert len(big) > 2048
    assert post(app_url, big)[0] == 413
    assert stored(engine) == []


def test_chunked_body_over_the_limit_is_413(app_url: str, engine: Engine) -> None:
    """Without Content-Length the limit holds on the bytes actually read."""
    parts = urlsplit(app_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    chunk = json.dumps({"text": "northwind " * 20, "created_at": "2026-11-03"}) + "\n"
    conn.putrequest("POST", "/mentions")
    for name, value in (
        ("Authorization", f"Bearer {TOKEN}"),
        ("Transfer-Encoding", "chunked"),
        ("Content-Type", "application/json"),
    ):
        conn.putheader(name, value)
    conn.endheaders()
    for _ in range(20):
        data = chunk.encode()
        conn.send(f"{len(data):x}\r\n".encode() + data + b"\r\n")
    conn.send(b"0\r\n\r\n")
    assert conn.getresponse().status == 413
    assert stored(engine) == []
