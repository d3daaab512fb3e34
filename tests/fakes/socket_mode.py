"""A local Socket Mode server: the fake Slack's apps.connections.open points at it.

It greets the client with `hello`, sends the envelopes a test queues, and records what the client
sends back (acks with their envelope_id and optional payload).
"""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import ServerConnection, serve


@dataclass
class SocketModeServer:
    outbox: queue.Queue[dict[str, Any]] = field(default_factory=queue.Queue)
    acks: list[dict[str, Any]] = field(default_factory=list)
    connected: threading.Event = field(default_factory=threading.Event)
    url: str = ""

    def send(self, envelope: dict[str, Any]) -> None:
        self.outbox.put(envelope)

    def wait_for_ack(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for ack in self.acks:
                if ack.get("envelope_id") == envelope_id:
                    return ack
            time.sleep(0.02)
        raise AssertionError(f"no ack for {envelope_id}; got {self.acks}")

    def handle(self, conn: ServerConnection) -> None:
        conn.send(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": 1,
                    "connection_info": {"app_id": "A0VAHTI"},
                    "debug_info": {"host": "fake"},
                }
            )
        )
        self.connected.set()
        while True:
            try:
                envelope = self.outbox.get_nowait()
                conn.send(json.dumps(envelope))
            except queue.Empty:
                pass
            try:
                message = conn.recv(timeout=0.05)
            except TimeoutError:
                continue
            except ConnectionClosed:
                return
            self.acks.append(json.loads(message))


@contextmanager
def running_socket_mode_server() -> Iterator[SocketModeServer]:
    state = SocketModeServer()
    with serve(state.handle, "127.0.0.1", 0, compression=None) as server:
        port = server.socket.getsockname()[1]
        state.url = f"ws://127.0.0.1:{port}/link/?ticket=fake"
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield state
        finally:
            server.shutdown()
