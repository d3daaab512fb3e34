"""A SlackGateway that keeps every message in memory and writes it out, for the demo."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.clock import Clock
from bot.demo.render import render
from bot.slack_gateway import Blocks


@dataclass
class Recorded:
    """One Web API call the bot would have made."""

    at: datetime
    method: str
    channel: str
    ts: str
    text: str
    blocks: Blocks | None
    thread_ts: str | None = None
    metadata: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        """The call as `messages.jsonl` stores it (and as tests compare two runs)."""
        return {
            "at": self.at.isoformat(),
            "method": self.method,
            "channel": self.channel,
            "ts": self.ts,
            "thread_ts": self.thread_ts,
            "text": self.text,
            "blocks": self.blocks,
        }


@dataclass
class RecordingGateway:
    """Records posts, updates, views and uploads; `echo` prints each as it happens."""

    clock: Clock
    echo: Callable[[Recorded], None] | None = None
    calls: list[Recorded] = field(default_factory=list)
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def _record(self, call: Recorded) -> None:
        self.calls.append(call)
        if self.echo is not None:
            self.echo(call)

    def post(
        self,
        channel: str,
        text: str,
        blocks: Blocks | None = None,
        *,
        thread_ts: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> tuple[str, str]:
        ts = f"{self.clock.now().timestamp():.0f}.{next(self._ts):06d}"
        at = self.clock.now()
        self._record(
            Recorded(at, "chat.postMessage", channel, ts, text, blocks, thread_ts, metadata)
        )
        return channel, ts

    def open_dm(self, user_id: str) -> str:
        return f"D{user_id}"

    def update(self, channel: str, ts: str, text: str, blocks: Blocks) -> None:
        self._record(Recorded(self.clock.now(), "chat.update", channel, ts, text, blocks))

    def open_view(self, trigger_id: str, view: dict[str, Any]) -> None:
        self._record(
            Recorded(self.clock.now(), "views.open", "", trigger_id, "", view.get("blocks"))
        )

    def publish_home(self, user_id: str, view: dict[str, Any]) -> None:
        self._record(
            Recorded(self.clock.now(), "views.publish", user_id, "", "", view.get("blocks"))
        )

    def permalink(self, channel: str, ts: str) -> str | None:
        return f"https://demo.slack.com/archives/{channel}/p{ts.replace('.', '')}"

    def find_by_metadata(self, channel: str, oldest: str, event_type: str, key: str) -> str | None:
        for call in self.calls:
            meta = call.metadata or {}
            if (
                call.channel == channel
                and float(call.ts or 0) >= float(oldest)
                and meta.get("event_type") == event_type
                and (meta.get("event_payload") or {}).get("key") == key
            ):
                return call.ts
        return None

    def upload_file(
        self, channel: str, filename: str, content: bytes, title: str, thread_ts: str | None = None
    ) -> None:
        self._record(
            Recorded(
                self.clock.now(),
                "files.upload",
                channel,
                "",
                f"{title} ({filename}, {len(content)} bytes)",
                None,
                thread_ts,
            )
        )

    def save(self, path: Path) -> None:
        """Write every call as one JSON line (the Block Kit the bot would have sent)."""
        with path.open("w", encoding="utf-8") as out:
            for c in self.calls:
                out.write(json.dumps(c.as_json(), ensure_ascii=False) + "\n")


def print_call(call: Recorded) -> None:
    """The terminal form of one recorded call."""
    where = f"{call.channel} (thread {call.thread_ts})" if call.thread_ts else call.channel
    print(f"\n── {call.at:%a %Y-%m-%d %H:%M} UTC · {call.method} · {where}")
    print(render(call.blocks, call.text))
