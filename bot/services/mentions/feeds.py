"""Polling RSS and Atom feeds (Google Alerts, subreddit searches, Mastodon tags) for mentions.

Each poll is a conditional GET: the ETag and Last-Modified of the last answer go back as
If-None-Match and If-Modified-Since, so an unchanged feed costs a 304 and no parsing. Entries
are keyed by their id (or link) under the source `feed:<name>`, so an entry seen in ten polls
is stored once. One failing feed is recorded and does not stop the others.
"""

from __future__ import annotations

import calendar
import html
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import feedparser

from bot.config import Feed
from bot.db import session_scope
from bot.deps import Deps
from bot.domain.mentions.record import RecordRules
from bot.services.mentions.files import Record
from bot.services.mentions.ingest import IngestReport, ingest, plan_for
from models.mentions.feed_state import feed_state

TIMEOUT_SECONDS = 20
MAX_FEED_BYTES = 5 * 1024 * 1024
USER_AGENT = "Vahti feed poller (+https://github.com/vahti)"
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Fetched:
    """A feed's answer: 200 with a body and new validators, or 304 without."""

    status: int
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class FeedPoll:
    """The outcome of polling one feed."""

    url: str
    status: int | None
    report: IngestReport | None = None
    error: str | None = None


def fetch(url: str, etag: str | None, last_modified: str | None) -> Fetched:
    """GET `url` conditionally; raises OSError (URLError, HTTPError, timeouts) on failure."""
    headers = {"User-Agent": USER_AGENT, "Accept": "application/rss+xml, application/atom+xml, */*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            body = response.read(MAX_FEED_BYTES + 1)
            if len(body) > MAX_FEED_BYTES:
                raise OSError(f"feed over {MAX_FEED_BYTES} bytes")
            found = response.headers
            return Fetched(response.status, body, found.get("ETag"), found.get("Last-Modified"))
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(304, etag=etag, last_modified=last_modified)
        raise


def feed_name(feed: Feed) -> str:
    """The feed's name from the config, else its host."""
    return feed.name or urlsplit(feed.url).hostname or feed.url


def _plain(markup: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


def _when(entry: Any, fallback: datetime) -> str:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    moment = datetime.fromtimestamp(calendar.timegm(parsed), UTC) if parsed else fallback
    return moment.isoformat()


def entry_values(entry: Any, now: datetime, max_chars: int) -> dict[str, object]:
    """One feed entry's mention fields: title and summary as text, id or link as its key."""
    title, summary = _plain(entry.get("title", "")), _plain(entry.get("summary", ""))
    # Mastodon entries have no title; Google Alerts repeat the title in the summary.
    text = f"{title}\n{summary}" if summary and not summary.startswith(title) else summary or title
    return {
        "id": entry.get("id") or entry.get("link"),
        "text": text[:max_chars],
        "url": entry.get("link"),
        "author": entry.get("author", ""),
        "created_at": _when(entry, now),
    }


def _store(deps: Deps, feed: Feed, body: bytes) -> IngestReport:
    parsed = feedparser.parse(body)
    limit = deps.config.sources.max_text_chars
    now = deps.clock.now()
    records = (Record(i, entry_values(e, now, limit)) for i, e in enumerate(parsed.entries, 1))
    rules = RecordRules(source=f"feed:{feed_name(feed)}", brand=feed.brand)
    return ingest(records, plan_for(deps.config, deps.team_id, rules), deps.sessions, deps.clock)


def poll_feed(deps: Deps, feed: Feed) -> FeedPoll:
    """Fetch one feed conditionally, store new entries, remember the validators."""
    with session_scope(deps.sessions) as session:
        state = feed_state(session=session, team_id=deps.team_id, url=feed.url)
        etag, last_modified = state.etag, state.last_modified
    result = FeedPoll(feed.url, None)
    try:
        fetched = fetch(feed.url, etag, last_modified)
        report = _store(deps, feed, fetched.body) if fetched.status == 200 else None
        result = FeedPoll(feed.url, fetched.status, report)
        etag, last_modified = fetched.etag, fetched.last_modified
    except OSError as exc:  # URLError, HTTPError, timeouts: try again next time
        result = FeedPoll(feed.url, getattr(exc, "code", None), error=str(exc)[:500])
    with session_scope(deps.sessions) as session:
        state = feed_state(session=session, team_id=deps.team_id, url=feed.url)
        state.etag, state.last_modified = etag, last_modified
        state.checked_at, state.status, state.error = deps.clock.now(), result.status, result.error
        session.add(state)
    return result


def poll_feeds(deps: Deps) -> list[FeedPoll]:
    """Poll every configured feed once."""
    return [poll_feed(deps, feed) for feed in deps.config.sources.feeds]
