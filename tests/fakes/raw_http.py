"""A raw HTTP exchange on a socket, for requests a client library will not send."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit


def raw_exchange(url: str, head: str, body: bytes) -> bytes:
    """Send `head` and `body` on a socket and return what the server answers (until it closes)."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as conn:
        conn.sendall(head.encode() + body)
        answer = b""
        while b"\r\n\r\n" not in answer:
            data = conn.recv(65536)
            if not data:
                break
            answer += data
        return answer
