"""The feed poller against a local HTTP server: conditional GET, 304, entry dedup, failures."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.config import VahtiConfig
from bot.deps import Deps
from bot.services.mentions.feeds import entry_values, poll_feeds
from jobs.mentions import mention_jobs, poll_mention_feeds
from tests.fakes.deps import make_deps
from tests.fakes.feed_server import ATOM, FeedServer, rss


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
    assert [r[:3] for r in rows] == [
        ("feed:alerts", "urn:post:1", "Northwind Coffee"),
        ("feed:alerts", "urn:post:2", "Northwind Coffee"),
    ]
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
    assert stored(engine)[0][:5] == (
        "feed:tag",
        "https://social.example/@a/1",
        "Northwind Coffee",
        "Atom northwind post\nhello from the fediverse",
        "https://social.example/@a/1",
    )
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
