"""Hostile requests to `/slack/events`: bounded bodies, 401 for anything unsigned, 400 with a
reason for signed bodies that are not Slack payloads, and no request body in any log line.

These never reach the database, so they run on SQLite only (tests/routes/test_hostile_input.py
covers both databases for the ingest routes).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from dataclasses import replace
from urllib.parse import urlencode

import pytest
from pydantic import SecretStr
from slack_bolt.middleware.request_verification import RequestVerification
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from bot.deps import Deps
from bot.logging_setup import JsonFormatter, withhold_request_bodies
from bot.routes import slack_events
from tests.fakes.raw_http import raw_exchange
from tests.fakes.slack_requests import SlackSender

TOKEN = "hostile-ingest-token"
MARKER = "private-words-of-a-user"


@pytest.fixture
def deps(deps: Deps) -> Deps:
    settings = deps.settings.model_copy(update={"vahti_ingest_token": SecretStr(TOKEN)})
    return replace(deps, settings=settings)


def test_unsigned_request_with_a_bad_timestamp_is_401(send: SlackSender) -> None:
    for timestamp in ("abc", "9" * 5000, "\xb2\xb3", "-5", ""):
        reply = send.post(
            "token=x",
            "application/x-www-form-urlencoded",
            signed=False,
            headers={"X-Slack-Request-Timestamp": timestamp},
        )
        assert reply.status == 401, timestamp


def test_signature_that_is_not_ascii_is_401(send: SlackSender) -> None:
    reply = send.post(
        "token=x",
        "application/x-www-form-urlencoded",
        signed=False,
        headers={"X-Slack-Signature": "v0=\xe9\xe9"},
    )
    assert reply.status == 401


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        ('{"type": "event_callback", "event": ', "application/json", "Expecting value"),
        ("payload=garbage", "application/x-www-form-urlencoded", "Expecting value"),
        ('{"a":' + "[" * 100_000 + "]" * 100_000 + "}", "application/json", "nested too deeply"),
        ("[1, 2]", "application/json", "not a Slack payload"),
        ('"just a string"', "application/json", "not a Slack payload"),
    ],
)
def test_signed_malformed_body_is_400_with_the_reason(
    send: SlackSender, body: str, content_type: str, reason: str
) -> None:
    reply = send.post(body, content_type)
    assert reply.status == 400
    assert reason in reply.json()["error"]


def test_signed_body_that_is_not_utf8_is_400(send: SlackSender) -> None:
    body, ts = b"token=x&text=caf\xe9", str(int(time.time()))
    # Slack's scheme on the raw bytes (the SDK's helper decodes the body as UTF-8 first).
    digest = hmac.new(send.secret.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": "v0=" + digest.hexdigest(),
    }
    request = urllib.request.Request(send.endpoint, data=body, headers=headers, method="POST")
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=15)
    assert caught.value.code == 400
    assert "malformed request" in json.loads(caught.value.read())["error"]


def test_signed_requests_still_reach_the_listeners(send: SlackSender) -> None:
    reply = send.command("/kpi", "help")
    assert reply.status == 200


def test_body_over_a_mebibyte_is_413_signed_or_not(send: SlackSender) -> None:
    body = "token=x&text=" + "a" * slack_events.MAX_BYTES
    assert send.post(body, "application/x-www-form-urlencoded").status == 413
    assert send.post(body, "application/x-www-form-urlencoded", signed=False).status == 413


@pytest.mark.parametrize("path", ["/slack/events", "/mentions", "/kpis"])
def test_declared_200_mb_is_refused_before_the_body_arrives(app_url: str, path: str) -> None:
    """Only a few bytes are sent: a server that read the declared body would wait forever."""
    head = (
        f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {TOKEN}\r\nContent-Length: {200 * 1024 * 1024}\r\n\r\n"
    )
    answer = raw_exchange(app_url, head, b"[" * 1024)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:80]


def test_chunked_slack_body_over_the_limit_is_413(app_url: str) -> None:
    head = (
        "POST /slack/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n\r\n"
    )
    chunk = b"a" * 65536
    body = (f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n") * 17 + b"0\r\n\r\n"
    assert raw_exchange(app_url, head, body).startswith(b"HTTP/1.1 413")


def test_failed_signature_logs_no_body(send: SlackSender, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="slack_bolt.RequestVerification")  # as in production
    form = {"text": MARKER, "response_url": f"https://hooks.slack.com/commands/{MARKER}"}
    reply = send.post(urlencode(form), "application/x-www-form-urlencoded", signed=False)
    assert reply.status == 401
    assert MARKER not in caplog.text


def test_bolts_own_verification_log_withholds_the_body(caplog: pytest.LogCaptureFixture) -> None:
    """Bolt logs the body when its check fails; the filter keeps only the first words."""
    caplog.set_level(logging.DEBUG)
    withhold_request_bodies()
    body = urlencode({"text": MARKER, "response_url": f"https://hooks.slack.com/{MARKER}"})
    req = BoltRequest(
        body=body, headers={"x-slack-request-timestamp": "1", "x-slack-signature": "v0=00"}
    )
    resp = RequestVerification("secret").process(
        req=req, resp=BoltResponse(status=200), next=lambda: BoltResponse(status=200)
    )
    assert resp.status == 401
    assert "Invalid request signature detected (request body withheld)" in caplog.text
    assert MARKER not in caplog.text


def test_log_lines_are_capped() -> None:
    record = logging.LogRecord("x", logging.INFO, "", 0, "a" * 1_000_000, (), None)
    assert len(JsonFormatter().format(record)) < 2_200
