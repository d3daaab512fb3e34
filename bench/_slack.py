"""A minimal local Slack for benchmarks: a Web API stub and a sender of signed requests.

Benchmarks must not import the test suite (tests/fakes checks every block and argument, which a
benchmark should not pay for), so this is the least that lets the real app run: every Web API
method answers `{"ok": true}` with the fields the bot reads (`ts`, `channel`, `team_id`), and
POSTs to a `response_url` are counted and timed by name. The sender signs slash commands and
button clicks as Slack does (same form fields and payload shape), with the real wall clock that
bolt checks.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode

TEAM = "TBENCH"
BOT_USER = "UBOT0001"


class SlackStub:
    """Counts Web API calls and response_url posts (with when each name was first answered);
    keeps the posted messages' arguments."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.responses = 0
        self.answered: dict[str, float] = {}  # response_url name -> when the answer arrived
        self.last_response: dict[str, Any] = {}
        self.posted: list[dict[str, Any]] = []
        self._ts = itertools.count(1)
        self._lock = threading.Condition()
        self.url = ""

    def answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        """Slack's answer to one Web API call, with the fields the bot reads."""
        with self._lock:
            self.calls[method] += 1
            ts = f"1800000000.{next(self._ts):06d}"
            if method == "chat.postMessage":
                self.posted.append(args)
            self._lock.notify_all()
        channel = str(args.get("channel", "C0BENCH")).lstrip("#").upper()
        if method == "auth.test":
            return {"ok": True, "user_id": BOT_USER, "team_id": TEAM, "bot_id": "BBOT"}
        if method in ("chat.postMessage", "chat.postEphemeral"):
            return {
                "ok": True,
                "channel": channel,
                "ts": ts,
                "message_ts": ts,
                "message": {"ts": ts, "text": args.get("text", "")},
            }
        if method == "chat.update":
            return {"ok": True, "channel": channel, "ts": args.get("ts", ts)}
        if method == "chat.getPermalink":
            return {"ok": True, "permalink": f"https://bench.slack.com/archives/{channel}/p{ts}"}
        if method.startswith("views."):
            return {"ok": True, "view": {"id": "V0BENCH", "hash": "h"}}
        if method == "conversations.history":
            return {"ok": True, "messages": [], "has_more": False}
        return {"ok": True}

    def record_response(self, name: str, body: dict[str, Any]) -> None:
        with self._lock:
            self.responses += 1
            self.answered.setdefault(name, time.monotonic())
            self.last_response = body
            self._lock.notify_all()

    def response_url(self, name: str) -> str:
        return f"{self.url}/response/{name}"

    def wait_for(self, predicate: Callable[[], bool], timeout: float) -> bool:
        """True once `predicate` holds, False after `timeout` seconds."""
        with self._lock:
            return self._lock.wait_for(predicate, timeout)


def _handler(stub: SlackStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path.startswith("/response/"):
                stub.record_response(self.path.rsplit("/", 1)[-1], json.loads(raw or b"{}"))
                self._send({"ok": True})
                return
            args: dict[str, Any] = {}
            if "json" in self.headers.get("Content-Type", ""):
                args = json.loads(raw or b"{}")
            elif raw:
                args = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
            for key in ("blocks", "metadata"):
                if isinstance(args.get(key), str):
                    args[key] = json.loads(args[key])
            self._send(stub.answer(self.path.rsplit("/", 1)[-1], args))

        def _send(self, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def running_slack() -> Iterator[SlackStub]:
    """A `SlackStub` served on a free local port; its `url` is the Web API base."""
    stub = SlackStub()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stub))
    server.daemon_threads = True
    stub.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Reply:
    status: int
    body: str


@dataclass
class Signer:
    """Sends correctly signed slash commands and block_actions to the app's `/slack/events`."""

    endpoint: str
    secret: str
    stub: SlackStub
    team_id: str = TEAM
    timeout: float = 30.0
    _n: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def post(self, body: str) -> Reply:
        from slack_sdk.signature import SignatureVerifier

        ts = str(int(time.time()))  # noqa: TID251 (bolt checks the signature against the wall clock)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": SignatureVerifier(self.secret).generate_signature(
                timestamp=ts, body=body
            ),
        }
        request = urllib.request.Request(
            self.endpoint, data=body.encode(), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as resp:
                return Reply(resp.status, resp.read().decode())
        except urllib.error.HTTPError as exc:
            return Reply(exc.code, exc.read().decode())

    def command(
        self, command: str, text: str = "", user: str = "U0ALICE", reply_to: str | None = None
    ) -> Reply:
        """A slash command; its answer is recorded under `reply_to` (default `cmdN`)."""
        n = next(self._n)
        return self.post(
            urlencode(
                {
                    "token": "legacy",
                    "team_id": self.team_id,
                    "team_domain": "acme",
                    "channel_id": "C0CMD",
                    "channel_name": "social",
                    "user_id": user,
                    "user_name": user.lower(),
                    "command": command,
                    "text": text,
                    "api_app_id": "A0VAHTI",
                    "is_enterprise_install": "false",
                    "response_url": self.stub.response_url(reply_to or f"cmd{n}"),
                    "trigger_id": f"{n}.trigger",
                }
            )
        )

    def block_action(
        self, action_id: str, value: str, *, channel: str, message_ts: str, user: str = "U0ALICE"
    ) -> Reply:
        n = next(self._n)
        payload = {
            "type": "block_actions",
            "team": {"id": self.team_id, "domain": "acme"},
            "user": {"id": user, "username": user.lower(), "team_id": self.team_id},
            "api_app_id": "A0VAHTI",
            "token": "legacy",
            "trigger_id": f"{n}.trigger",
            "container": {
                "type": "message",
                "message_ts": message_ts,
                "channel_id": channel,
                "is_ephemeral": False,
            },
            "channel": {"id": channel, "name": "social"},
            "message": {"ts": message_ts, "type": "message"},
            "response_url": self.stub.response_url(f"act{n}"),
            "actions": [
                {
                    "type": "button",
                    "action_id": action_id,
                    "block_id": "b1",
                    "value": value,
                    "action_ts": f"{time.time():.6f}",  # noqa: TID251
                    "text": {"type": "plain_text", "text": "x"},
                }
            ],
        }
        return self.post(urlencode({"payload": json.dumps(payload)}))
