"""`POST /slack/events`: bounded, verified and parsed before bolt sees the request.

Bolt's Flask adapter reads the whole body, parses it, and only then checks the signature, logging
the body of every request that fails. Here the body is read up to `MAX_BYTES` (Slack's own
payloads are a few kilobytes; a modal submission stays well under 100 KB), the signature and
timestamp are checked on the raw bytes, and only a signed body is parsed: an unsigned request
costs at most `MAX_BYTES` of memory and is answered 401 without a word of its body in the logs.
A signed body that is not what Slack sends (not UTF-8, malformed JSON, `payload=garbage`, nested
too deeply) gets 400 with the reason instead of bolt's 500.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from flask import Response, request
from slack_bolt import App
from slack_bolt.adapter.flask.handler import to_flask_response
from slack_bolt.request import BoltRequest

from bot.clock import Clock
from bot.routes.webhook import error, read_body

MAX_BYTES = 1 << 20
MAX_CLOCK_SKEW = 5 * 60  # seconds, as bolt's own verifier allows
_TIMESTAMP = re.compile(r"[0-9]{1,12}")


def signed(body: bytes, secret: str, headers: tuple[str, str], wall: Clock) -> bool:
    """Whether Slack signed `body`: `headers` are the timestamp and signature it sent.

    Slack's scheme (v0, HMAC-SHA256 of `v0:{timestamp}:{body}`) on the raw bytes, so a body that
    is not even UTF-8 is refused like any other unsigned one; the timestamp must be plain digits
    within five minutes of the wall clock (not the scheduler's clock: Slack signs in real time).
    """
    timestamp, signature = headers
    if not _TIMESTAMP.fullmatch(timestamp) or not signature.isascii():
        return False
    if abs(wall.now().timestamp() - int(timestamp)) > MAX_CLOCK_SKEW:
        return False
    base = b"v0:" + timestamp.encode() + b":" + body
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), signature.encode())


def _bolt_request(body: bytes) -> BoltRequest:
    """The request as bolt reads it; ValueError when the body is not a Slack payload."""
    try:
        text = body.decode("utf-8")
        query = request.query_string.decode("utf-8")
        return BoltRequest(body=text, query=query, headers=dict(request.headers))
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except (AttributeError, TypeError) as exc:  # JSON that is not an object (`[1]`, `"x"`)
        raise ValueError(f"not a Slack payload ({type(exc).__name__})") from None


def handle(app: App, secret: str | None, wall: Clock) -> Response | tuple[Response, int]:
    """Bound, verify, parse, then dispatch to bolt."""
    body = read_body(MAX_BYTES)
    if body is None:
        return error(413, f"body over {MAX_BYTES} bytes")
    headers = (
        request.headers.get("X-Slack-Request-Timestamp", ""),
        request.headers.get("X-Slack-Signature", ""),
    )
    if not secret or not signed(body, secret, headers, wall):
        return error(401, "invalid request")
    try:
        bolt_request = _bolt_request(body)
    except ValueError as exc:  # UnicodeDecodeError and json.JSONDecodeError are ValueErrors
        return error(400, f"malformed request: {str(exc).split(';')[0][:200]}")
    return to_flask_response(app.dispatch(bolt_request))
