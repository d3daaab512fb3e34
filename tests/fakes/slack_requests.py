"""Correctly signed requests shaped as Slack sends them, sent to the app's HTTP endpoint."""

from __future__ import annotations

import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from tests.fakes.slack_api import TEAM, FakeSlack


@dataclass
class Reply:
    status: int
    body: str
    headers: dict[str, str]

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass
class SlackSender:
    """Signs with the real wall clock, because bolt rejects timestamps over 5 minutes off."""

    endpoint: str
    secret: str
    fake: FakeSlack
    team_id: str = TEAM
    _n: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def post(
        self,
        body: str,
        content_type: str,
        *,
        signed: bool = True,
        timestamp: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        ts = str(timestamp if timestamp is not None else int(time.time()))
        all_headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            **(headers or {}),
        }
        if signed:
            all_headers["X-Slack-Signature"] = SignatureVerifier(self.secret).generate_signature(
                timestamp=ts, body=body
            )
        req = urllib.request.Request(
            self.endpoint, data=body.encode(), headers=all_headers, method="POST"
        )
        try:
            with urllib.request.urlopen(req, timeout=15) as resp:
                return Reply(resp.status, resp.read().decode(), dict(resp.headers))
        except urllib.error.HTTPError as exc:
            return Reply(exc.code, exc.read().decode(), dict(exc.headers))

    def command(self, command: str, text: str = "", user: str = "U0ALICE", **extra: str) -> Reply:
        n = next(self._n)
        form = {
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
            "response_url": self.fake.response_url(f"cmd{n}"),
            "trigger_id": f"{n}.trigger",
        } | extra
        return self.post(urlencode(form), "application/x-www-form-urlencoded")

    def interactive(self, payload: dict[str, Any], headers: dict[str, str] | None = None) -> Reply:
        body = urlencode({"payload": json.dumps(payload)})
        return self.post(body, "application/x-www-form-urlencoded", headers=headers)

    def block_action(
        self,
        action_id: str,
        value: str,
        *,
        user: str = "U0ALICE",
        channel: str = "C0CHECK",
        message_ts: str = "1700000000.000001",
        headers: dict[str, str] | None = None,
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
            "response_url": self.fake.response_url(f"act{n}"),
            "actions": [
                {
                    "type": "button",
                    "action_id": action_id,
                    "block_id": "b1",
                    "value": value,
                    "action_ts": f"{time.time():.6f}",
                    "text": {"type": "plain_text", "text": "x"},
                }
            ],
        }
        return self.interactive(payload, headers)

    def view_submission(
        self,
        callback_id: str,
        private_metadata: str,
        values: dict[str, Any],
        *,
        user: str = "U0ALICE",
        view_id: str = "V0NOTE1",
    ) -> Reply:
        payload = {
            "type": "view_submission",
            "team": {"id": self.team_id, "domain": "acme"},
            "user": {"id": user, "username": user.lower(), "team_id": self.team_id},
            "api_app_id": "A0VAHTI",
            "token": "legacy",
            "trigger_id": "9.trigger",
            "view": {
                "id": view_id,
                "team_id": self.team_id,
                "type": "modal",
                "callback_id": callback_id,
                "private_metadata": private_metadata,
                "state": {"values": values},
                "hash": "h",
            },
            "response_urls": [],
        }
        return self.interactive(payload)

    def event(
        self, event: dict[str, Any], *, event_id: str = "Ev0001", retry_num: int | None = None
    ) -> Reply:
        body = {
            "token": "legacy",
            "team_id": self.team_id,
            "api_app_id": "A0VAHTI",
            "type": "event_callback",
            "event": event,
            "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [{"team_id": self.team_id, "user_id": "UBOT0001", "is_bot": True}],
        }
        headers = (
            {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
            if retry_num
            else None
        )
        return self.post(json.dumps(body), "application/json", headers=headers)
