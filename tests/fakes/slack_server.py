"""The HTTP side of the fake Slack API: routing, argument parsing and Slack-shaped answers."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from tests.fakes.slack_api import BOT_USER, REQUIRED, TEAM, Call, FakeSlack, check_blocks

JSON_FIELDS = ("blocks", "view", "attachments", "metadata", "files")


def _parse(handler: BaseHTTPRequestHandler, raw: bytes) -> dict[str, Any]:
    ctype = handler.headers.get("Content-Type", "")
    args: dict[str, Any] = {}
    query = urlparse(handler.path).query
    if query:
        args.update({k: v[0] for k, v in parse_qs(query).items()})
    if "json" in ctype:
        args.update(json.loads(raw or b"{}"))
    elif raw:
        args.update({k: v[0] for k, v in parse_qs(raw.decode("utf-8")).items()})
    for key in JSON_FIELDS:
        if isinstance(args.get(key), str):
            try:
                args[key] = json.loads(args[key])
            except json.JSONDecodeError:
                return {"__invalid__": key}
    return args


def _missing(method: str, args: dict[str, Any]) -> str | None:
    for options in REQUIRED.get(method, []):
        if not any(args.get(o) not in (None, "", []) for o in options):
            return "no_text" if "text" in options else f"missing_argument:{options[0]}"
    return None


def answer(fake: FakeSlack, method: str, args: dict[str, Any]) -> dict[str, Any]:
    """Slack's answer to one Web API call."""
    if "__invalid__" in args:
        return {"ok": False, "error": "invalid_arguments"}
    if (err := _missing(method, args)) is not None:
        return {"ok": False, "error": err}
    blocks = args.get("blocks") or (args.get("view") or {}).get("blocks")
    if (why := check_blocks(blocks)) is not None:
        return {"ok": False, "error": "invalid_blocks", "errors": [why]}
    if len(str(args.get("text", ""))) > 40000:
        return {"ok": False, "error": "msg_too_long"}
    if method == "auth.test":
        return {"ok": True, "user_id": BOT_USER, "team_id": TEAM, "team": "Fake", "bot_id": "BBOT"}
    if method == "chat.postMessage":
        ts = fake.next_ts()
        channel = (
            str(args["channel"]).lstrip("#").upper()
            if str(args["channel"]).startswith("#")
            else args["channel"]
        )
        msg = {
            "ts": ts,
            "channel": f"C{channel}" if not str(channel).startswith(("C", "D", "G")) else channel,
            "text": args.get("text"),
            "blocks": args.get("blocks"),
            "thread_ts": args.get("thread_ts"),
            "metadata": args.get("metadata"),
        }
        fake.messages.append(msg)
        return {"ok": True, "channel": msg["channel"], "ts": ts, "message": msg}
    if method == "chat.update":
        return {"ok": True, "channel": args["channel"], "ts": args["ts"]}
    if method == "chat.getPermalink":
        return {
            "ok": True,
            "permalink": f"https://fake.slack.com/archives/{args['channel']}/p{args['message_ts']}",
        }
    if method == "conversations.history":
        found = [
            m for m in fake.messages if m["channel"] == args["channel"] and not m.get("thread_ts")
        ]
        return {"ok": True, "messages": list(reversed(found)), "has_more": False}
    if method in ("views.open", "views.publish", "views.update", "views.push"):
        return {"ok": True, "view": {"id": f"V{len(fake.calls):05d}", **(args.get("view") or {})}}
    if method == "files.getUploadURLExternal":
        file_id = f"F{len(fake.uploads) + 1:05d}"
        fake.uploads[file_id] = b""
        return {
            "ok": True,
            "upload_url": f"http://127.0.0.1:{fake.port}/upload/{file_id}",
            "file_id": file_id,
        }
    if method == "files.completeUploadExternal":
        return {
            "ok": True,
            "files": [{"id": f["id"], "title": f.get("title")} for f in args["files"]],
        }
    if method == "apps.connections.open":
        return (
            {"ok": True, "url": fake.ws_url}
            if fake.ws_url
            else {"ok": False, "error": "not_allowed"}
        )
    if method == "conversations.open":
        return {"ok": True, "channel": {"id": "D" + str(args["users"]).split(",")[0]}}
    if method == "usergroups.users.list":
        return {"ok": True, "users": ["U0LEAD"]}
    return {"ok": True}


def _handler(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def _send(
            self, status: int, body: dict[str, Any] | str, headers: dict[str, str] | None = None
        ) -> None:
            data = (json.dumps(body) if isinstance(body, dict) else body).encode()
            self.send_response(status)
            self.send_header(
                "Content-Type", "application/json" if isinstance(body, dict) else "text/plain"
            )
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            path = urlparse(self.path).path
            if path.startswith("/upload/"):
                fake.uploads[path.rsplit("/", 1)[1]] = raw
                fake.record(
                    Call("upload", {"file_id": path.rsplit("/", 1)[1], "bytes": len(raw)}, None)
                )
                return self._send(200, "OK")
            if path.startswith("/response/"):
                fake.record_response(json.loads(raw or b"{}") | {"__url__": path})
                return self._send(200, "ok")
            method = path.removeprefix("/api/")
            token = (self.headers.get("Authorization") or "").removeprefix("Bearer ") or None
            args = _parse(self, raw)
            fake.arrive(method)
            with fake._lock:
                delays = fake.delays.get(method)
                delay = delays.pop(0) if delays else 0.0
            if delay:
                time.sleep(delay)
            queued = fake.failures.get(method)
            if queued:
                status, body, headers = queued.pop(0)
                fake.record(Call(method, args | {"__failed__": status}, token))
                return self._send(status, body, headers)
            body = answer(fake, method, args)
            fake.record(
                Call(method, args | ({} if body.get("ok") else {"__error__": body["error"]}), token)
            )
            return self._send(200, body)

        do_GET = do_POST

    return Handler


@contextmanager
def running_fake_slack() -> Iterator[FakeSlack]:
    """Start the fake on a free port; stop it afterwards."""
    fake = FakeSlack()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    fake.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
