"""A local RSS/Atom server for the feed poller's tests: one document per path, conditional GET."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ITEM = """<item><title>{title}</title><link>https://news.example/{n}</link>
<guid>urn:post:{n}</guid><pubDate>Tue, 03 Nov 2026 0{n}:00:00 +0000</pubDate>
<description>&lt;b&gt;Northwind&lt;/b&gt; story {n} &amp;amp; more</description></item>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>t</title><entry><title>Atom northwind post</title><link href="https://social.example/@a/1"/>
<updated>2026-11-03T06:30:00Z</updated><author><name>ann</name></author>
<summary>hello from the fediverse</summary></entry></feed>"""


def rss(*numbers: int) -> bytes:
    items = "".join(ITEM.format(n=n, title=f"Post {n}") for n in numbers)
    channel = f"<channel><title>t</title>{items}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'.encode()


@dataclass
class FeedServer:
    """Serves one document per path; answers 304 when the client's validators match."""

    documents: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # path -> (body, etag)
    seen: list[dict[str, str | None]] = field(default_factory=list)
    conditional: bool = True
    url: str = ""

    def handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.seen.append(
                    {
                        "path": self.path,
                        "etag": self.headers.get("If-None-Match"),
                        "since": self.headers.get("If-Modified-Since"),
                    }
                )
                if self.path not in server.documents:
                    self.send_error(500)
                    return
                body, etag = server.documents[self.path]
                modified = f"Tue, 03 Nov 2026 0{len(etag)}:00:00 GMT"
                if server.conditional and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                for name, value in (
                    ("ETag", etag),
                    ("Last-Modified", modified),
                    ("Content-Type", "application/rss+xml"),
                ):
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        return Handler


@contextmanager
def serving_feeds() -> Iterator[FeedServer]:
    """A feed server on a free local port, stopped afterwards."""
    state = FeedServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), state.handler())
    state.url = f"http://127.0.0.1:{httpd.server_port}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
