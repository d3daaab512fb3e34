"""A fake Slack Web API: a real HTTP server on 127.0.0.1 that records calls and enforces limits.

It answers the methods Vahti uses the way Slack does (including Slack's error names when a
limit or a required argument is broken), serves `response_url`s and file uploads, and can be told
to answer the next call of a method with a 429 and `Retry-After`, with an error inside an HTTP 200
(`fail_next(method, status=200, error="ratelimited")`), a 5xx, or late (`delay_next`).
"""

from __future__ import annotations

import itertools
import threading
import time as _time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

LIMITS = {
    "blocks": 50,
    "section": 3000,
    "header": 150,
    "button_text": 75,
    "button_value": 2000,
    "id": 255,
    "text": 40000,
    "context_elements": 10,
}
BOT_USER, TEAM = "UBOT0001", "T0001"


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str | None


def _check_element(el: dict[str, Any], where: str) -> str | None:
    if el.get("type") == "button":
        if len(el.get("text", {}).get("text", "")) > LIMITS["button_text"]:
            return f"{where}: button text over {LIMITS['button_text']}"
        if len(str(el.get("value", ""))) > LIMITS["button_value"]:
            return f"{where}: button value over {LIMITS['button_value']}"
    if len(str(el.get("action_id", ""))) > LIMITS["id"]:
        return f"{where}: action_id over {LIMITS['id']}"
    return None


def _check_block(block: dict[str, Any], i: int) -> str | None:
    where, kind = f"block {i}", block.get("type")
    if len(str(block.get("block_id", ""))) > LIMITS["id"]:
        return f"{where}: block_id over {LIMITS['id']}"
    if kind == "header" and len(block.get("text", {}).get("text", "")) > LIMITS["header"]:
        return f"{where}: header over {LIMITS['header']}"
    if kind == "section":
        if "text" not in block and "fields" not in block:
            return f"{where}: section needs text or fields"
        if len(block.get("text", {}).get("text", "")) > LIMITS["section"]:
            return f"{where}: section text over {LIMITS['section']}"
        if block.get("accessory"):
            return _check_element(block["accessory"], where)
    if kind == "context":
        if len(block.get("elements", [])) > LIMITS["context_elements"]:
            return f"{where}: context has over {LIMITS['context_elements']} elements"
        if any(len(e.get("text", "")) > LIMITS["section"] for e in block.get("elements", [])):
            return f"{where}: context text over {LIMITS['section']}"
    if kind == "actions":
        elements = block.get("elements", [])
        ids = [e.get("action_id") for e in elements if e.get("action_id")]
        if len(ids) != len(set(ids)):
            return f"{where}: duplicate action_id in block"
        for el in elements:
            if (err := _check_element(el, where)) is not None:
                return err
    return None


def check_blocks(blocks: Any) -> str | None:
    """The reason Slack would answer `invalid_blocks`, or None."""
    if blocks is None:
        return None
    if not isinstance(blocks, list) or len(blocks) > LIMITS["blocks"]:
        return f"more than {LIMITS['blocks']} blocks"
    block_ids = [b.get("block_id") for b in blocks if b.get("block_id")]
    if len(block_ids) != len(set(block_ids)):
        return "duplicate block_id"
    for i, block in enumerate(blocks):
        if (err := _check_block(block, i)) is not None:
            return err
    return None


REQUIRED: dict[str, list[tuple[str, ...]]] = {
    "chat.postMessage": [("channel",), ("text", "blocks", "attachments")],
    "chat.postEphemeral": [("channel",), ("user",), ("text", "blocks")],
    "chat.update": [("channel",), ("ts",)],
    "chat.getPermalink": [("channel",), ("message_ts",)],
    "views.open": [("trigger_id",), ("view",)],
    "views.update": [("view",)],
    "views.publish": [("user_id",), ("view",)],
    "conversations.history": [("channel",)],
    "conversations.replies": [("channel",), ("ts",)],
    "files.getUploadURLExternal": [("filename",), ("length",)],
    "files.completeUploadExternal": [("files",)],
    "usergroups.users.list": [("usergroup",)],
    "conversations.open": [("users",)],
}


@dataclass
class FakeSlack:
    """The server's state; tests read `calls` and queue failures."""

    calls: list[Call] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)
    uploads: dict[str, bytes] = field(default_factory=dict)
    failures: dict[str, list[tuple[int, dict[str, Any], dict[str, str]]]] = field(
        default_factory=dict
    )
    delays: dict[str, list[float]] = field(default_factory=dict)
    arrived: list[str] = field(default_factory=list)  # methods in order of arrival (before delays)
    messages: list[dict[str, Any]] = field(default_factory=list)
    ws_url: str | None = None
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)
    port: int = 0
    _cond: threading.Condition = field(default_factory=threading.Condition)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"http://127.0.0.1:{self.port}/response/{name}"

    def calls_of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def last(self, method: str) -> Call:
        found = self.calls_of(method)
        assert found, f"no {method} call; calls were {[c.method for c in self.calls]}"
        return found[-1]

    def fail_next(
        self,
        method: str,
        status: int = 429,
        error: str = "ratelimited",
        retry_after: int | None = 1,
    ) -> None:
        """Answer the next call of `method` with `error`; a rate limit (a 429, or `ratelimited`
        inside a 200) carries Retry-After unless `retry_after` is None."""
        limited = status == 429 or error == "ratelimited"
        headers = {"Retry-After": str(retry_after)} if limited and retry_after is not None else {}
        self.failures.setdefault(method, []).append(
            (status, {"ok": False, "error": error}, headers)
        )

    def delay_next(self, method: str, seconds: float) -> None:
        """Answer the next call of `method` only after `seconds` (then as usual: like Slack, a
        call the client gave up on still takes effect)."""
        self.delays.setdefault(method, []).append(seconds)

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        deadline = _time.monotonic() + timeout
        with self._cond:
            while not predicate():
                left = deadline - _time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
        return True

    def next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    def arrive(self, method: str) -> None:
        with self._cond:
            self.arrived.append(method)
            self._cond.notify_all()

    def record(self, call: Call) -> None:
        with self._cond:
            self.calls.append(call)
            self._cond.notify_all()

    def record_response(self, body: dict[str, Any]) -> None:
        with self._cond:
            self.responses.append(body)
            self._cond.notify_all()
