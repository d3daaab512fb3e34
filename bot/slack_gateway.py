"""The only non-handler code that calls Slack's Web API.

Rate limits (429 with Retry-After), connection errors and server errors are retried by
slack_sdk's own retry handlers on the client, not by a loop written here. Two cases those
handlers miss get handlers of their own: `ok: false, error: ratelimited` inside an HTTP 200
(Slack answers some methods so), and a read timeout of a call that is safe to repeat.
"""

from __future__ import annotations

import time
from typing import Any, Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from slack_sdk.http_retry.builtin_handlers import (
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

Blocks = list[dict[str, Any]]

# What a Web API call raises once its retries are spent: Slack's refusal (SlackApiError and the
# other client errors) or no answer at all (timeouts and connection errors are OSErrors). A
# caller that must go on with other work (the next checklist, the next incident) catches these.
SLACK_FAILURES: tuple[type[Exception], ...] = (SlackClientError, OSError)

# Methods whose repetition changes nothing, so a timed-out call may be sent again. A timed-out
# chat.postMessage may have posted: it is retried later through its claim and message metadata.
REPEATABLE = frozenset(
    {"chat.update", "views.publish", "chat.getPermalink", "conversations.history", "auth.test"}
)


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


class RatelimitedInBodyRetryHandler(RetryHandler):
    """Retries an HTTP 200 answering `ratelimited`, after Retry-After when given, else backoff."""

    def _can_retry(self, *, response: HttpResponse | None = None, **_: Any) -> bool:
        body = response.body if response is not None else None
        return isinstance(body, dict) and body.get("error") == "ratelimited"

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        **_: Any,
    ) -> None:
        after = _retry_after(response)
        if after is None:
            super().prepare_for_next_attempt(state=state, request=request, response=response)
            return
        state.next_attempt_requested = True
        time.sleep(after)
        state.increment_current_attempt()


class RepeatableTimeoutRetryHandler(RetryHandler):
    """Retries a timed-out call of a method in REPEATABLE (backoff between attempts)."""

    def _can_retry(self, *, request: HttpRequest, error: Exception | None = None, **_: Any) -> bool:
        method = request.url.split("?", 1)[0].rsplit("/", 1)[-1]
        return isinstance(error, TimeoutError) and method in REPEATABLE


def _retry_after(response: HttpResponse | None) -> float | None:
    if response is None:
        return None
    for name, values in response.headers.items():
        if name.lower() == "retry-after" and values:
            try:
                return min(float(values[0]), 60.0)
            except ValueError:
                return None
    return None


def make_client(token: str | None, base_url: str, *, timeout: int = 10) -> WebClient:
    """A WebClient for `base_url` that retries rate limits and transient failures by itself."""
    client = WebClient(token=token, base_url=base_url, timeout=timeout)
    # The default handlers already retry connection errors; add rate limits (as a 429 or inside
    # a 200), 5xx answers, and timeouts of calls that may be repeated.
    client.retry_handlers.extend(
        [
            RateLimitErrorRetryHandler(max_retry_count=3),
            RatelimitedInBodyRetryHandler(max_retry_count=3),
            ServerErrorRetryHandler(max_retry_count=2),
            RepeatableTimeoutRetryHandler(max_retry_count=2),
        ]
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
