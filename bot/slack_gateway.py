"""The only non-handler code that calls Slack's Web API.

Rate limits (429 with Retry-After), connection errors and server errors are retried by
slack_sdk's own retry handlers on the client, not by a loop written here.
"""

from __future__ import annotations

from typing import Any, Protocol

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

Blocks = list[dict[str, Any]]


class SlackGateway(Protocol):
    """What the bot does in Slack outside a listener's `ack`/`respond`."""

    def post(
        self,
        channel: str,
        text: str,
        blocks: Blocks | None = None,
        *,
        thread_ts: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> tuple[str, str]: ...

    def update(self, channel: str, ts: str, text: str, blocks: Blocks) -> None: ...

    def open_view(self, trigger_id: str, view: dict[str, Any]) -> None: ...

    def publish_home(self, user_id: str, view: dict[str, Any]) -> None: ...

    def permalink(self, channel: str, ts: str) -> str | None: ...

    def find_by_metadata(
        self, channel: str, oldest: str, event_type: str, key: str
    ) -> str | None: ...

    def upload_file(
        self, channel: str, filename: str, content: bytes, title: str, thread_ts: str | None = None
    ) -> None: ...

    def open_dm(self, user_id: str) -> str: ...


def make_client(token: str | None, base_url: str) -> WebClient:
    """A WebClient for `base_url` that retries rate limits and transient failures by itself."""
    client = WebClient(token=token, base_url=base_url, timeout=10)
    # The default handlers already retry connection errors; add rate limits and 5xx answers.
    client.retry_handlers.extend(
        [RateLimitErrorRetryHandler(max_retry_count=3), ServerErrorRetryHandler(max_retry_count=2)]
    )
    return client


class WebGateway:
    """SlackGateway over a real (or fake-server) WebClient."""

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def post(
        self,
        channel: str,
        text: str,
        blocks: Blocks | None = None,
        *,
        thread_ts: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> tuple[str, str]:
        resp = self.client.chat_postMessage(
            channel=channel,
            text=text,
            blocks=blocks,
            thread_ts=thread_ts,
            metadata=metadata,
            unfurl_links=False,
            unfurl_media=False,
        )
        return str(resp["channel"]), str(resp["ts"])

    def update(self, channel: str, ts: str, text: str, blocks: Blocks) -> None:
        self.client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)

    def open_view(self, trigger_id: str, view: dict[str, Any]) -> None:
        self.client.views_open(trigger_id=trigger_id, view=view)

    def publish_home(self, user_id: str, view: dict[str, Any]) -> None:
        self.client.views_publish(user_id=user_id, view=view)

    def permalink(self, channel: str, ts: str) -> str | None:
        resp = self.client.chat_getPermalink(channel=channel, message_ts=ts)
        link = resp.get("permalink")
        return str(link) if link else None

    def find_by_metadata(self, channel: str, oldest: str, event_type: str, key: str) -> str | None:
        resp = self.client.conversations_history(
            channel=channel, oldest=oldest, limit=100, include_all_metadata=True
        )
        for msg in resp.get("messages") or []:
            meta = msg.get("metadata") or {}
            if (
                meta.get("event_type") == event_type
                and (meta.get("event_payload") or {}).get("key") == key
            ):
                return str(msg["ts"])
        return None

    def upload_file(
        self, channel: str, filename: str, content: bytes, title: str, thread_ts: str | None = None
    ) -> None:
        self.client.files_upload_v2(
            channel=channel, filename=filename, content=content, title=title, thread_ts=thread_ts
        )

    def open_dm(self, user_id: str) -> str:
        """The id of the bot's direct-message channel with a user (conversations.open)."""
        resp = self.client.conversations_open(users=user_id)
        return str(resp["channel"]["id"])
