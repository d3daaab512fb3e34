"""The feed poller against a local HTTP server: conditional GET, 304, entry dedup, failures."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.config import VahtiConfig
from bot.deps import Deps
from bot.services.mentions.feeds import entry_values, poll_feeds
from jobs.mentions import mention_jobs, poll_mention_feeds
from tests.fakes.deps import make_deps

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
                server.seen.append({"path": self.path, "etag": self.headers.get("If-None-Match"),
                                    "since": self.headers.get("If-Modified-Since")})  # fmt: skip
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
                for name, value in (("ETag", etag), ("Last-Modified", modified),
                                    ("Content-Type", "application/rss+xml")):  # fmt: skip
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        return Handler


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    state = FeedServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), state.handler())
    state.url = f"http://127.0.0.1:{httpd.server_port}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()


def feed_deps(engine: Engine, fake_slack, clock, server: FeedServer, *paths: str) -> Deps:
    feeds = [
        {"url": server.url + p, "name": p.strip("/").title(), "brand": "Northwind Coffee"}
        for p in paths
    ]
    config = VahtiConfig.model_validate({"sources": {"feeds": feeds, "feed_poll_minutes": 10}})
    return make_deps(engine, fake_slack, clock, config)


def stored(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        columns = "source, external_id, brand, text, url, created_at"
        sql = f"SELECT {columns} FROM mention ORDER BY external_id"
        return [tuple(r) for r in conn.execute(text(sql))]


def test_conditional_get_gets_304_and_entries_are_stored_once(
    engine, fake_slack, clock, feed_server
) -> None:
    feed_server.documents["/alerts"] = (rss(1, 2), '"v1"')
    deps = feed_deps(engine, fake_slack, clock, feed_server, "/alerts")
    assert poll_mention_feeds(deps) == 2
    assert poll_mention_feeds(deps) == 0  # unchanged: 304
    assert feed_server.seen[0] | {"path": None} == {"path": None, "etag": None, "since": None}
    assert feed_server.seen[1] == {
        "path": "/alerts",
        "etag": '"v1"',
        "since": "Tue, 03 Nov 2026 04:00:00 GMT",
    }
    rows = stored(engine)
    assert [r[:3] for r in rows] == [("feed:alerts", "urn:post:1", "Northwind Coffee"),
                                     ("feed:alerts", "urn:post:2", "Northwind Coffee")]  # fmt: skip
    assert rows[0][3:5] == ("Post 1\nNorthwind story 1 & more", "https://news.example/1")
    assert str(rows[0][5]).startswith("2026-11-03 01:00:00")
    feed_server.documents["/alerts"] = (rss(2, 3), '"v2"')  # a new entry and an old one
    assert poll_mention_feeds(deps) == 1
    assert len(stored(engine)) == 3


def test_server_without_conditional_get_still_dedups(
    engine, fake_slack, clock, feed_server
) -> None:
    feed_server.conditional = False
    feed_server.documents["/search"] = (rss(1), '"s"')
    deps = feed_deps(engine, fake_slack, clock, feed_server, "/search")
    first, second = poll_feeds(deps), poll_feeds(deps)
    assert (first[0].status, first[0].report and first[0].report.stored) == (200, 1)
    assert (second[0].status, second[0].report and second[0].report.duplicates) == (200, 1)
    assert len(stored(engine)) == 1


def test_a_failing_feed_does_not_stop_the_others(engine, fake_slack, clock, feed_server) -> None:
    feed_server.documents["/tag"] = (ATOM.encode(), '"a"')
    deps = feed_deps(engine, fake_slack, clock, feed_server, "/broken", "/tag")
    broken, tag = poll_feeds(deps)
    assert (broken.status, broken.report) == (500, None) and broken.error
    assert tag.report is not None and tag.report.stored == 1
    assert stored(engine)[0][:5] == ("feed:tag", "https://social.example/@a/1", "Northwind Coffee",
                                     "Atom northwind post\nhello from the fediverse",
                                     "https://social.example/@a/1")  # fmt: skip
    with engine.connect() as conn:
        states = conn.execute(
            text("SELECT url, status, error IS NOT NULL FROM feed_state ORDER BY url")
        )
        assert [(u.rsplit("/", 1)[1], s, e) for u, s, e in states] == [
            ("broken", 500, 1),
            ("tag", 200, 0),
        ]


def test_job_only_when_feeds_are_configured(engine, fake_slack, clock, feed_server) -> None:
    (daily,) = mention_jobs(feed_deps(engine, fake_slack, clock, feed_server))
    assert daily.id == "mentions.statistics"
    _, job = mention_jobs(feed_deps(engine, fake_slack, clock, feed_server, "/alerts"))
    assert job.id == "mentions.feeds" and job.trigger.interval.total_seconds() == 600


@pytest.mark.parametrize(
    ("entry", "expected_text"),
    [
        ({"title": "", "summary": "<p>only a toot</p>"}, "only a toot"),
        ({"title": "Same", "summary": "Same, and more"}, "Same, and more"),
        ({"title": "T", "summary": ""}, "T"),
    ],
)
def test_entry_text(clock, entry: dict, expected_text: str) -> None:
    assert (
        entry_values(entry | {"link": "https://a.b/1"}, clock.now(), 100)["text"] == expected_text
    )
