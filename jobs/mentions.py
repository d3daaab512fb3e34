"""Scheduled mention work: the RSS/Atom feed poller, every `sources.feed_poll_minutes`."""

from __future__ import annotations

import logging

from apscheduler.triggers.interval import IntervalTrigger

from bot.deps import Deps
from bot.services.mentions.feeds import poll_feeds
from jobs.spec import JobSpec

log = logging.getLogger(__name__)


def poll_mention_feeds(deps: Deps) -> int:
    """Poll each feed once; returns how many new mentions were stored."""
    stored = 0
    for poll in poll_feeds(deps):
        if poll.error:
            log.warning("feed %s failed: %s", poll.url, poll.error)
        stored += poll.report.stored if poll.report else 0
    log.info("feeds polled", extra={"feeds": len(deps.config.sources.feeds), "stored": stored})
    return stored


def mention_jobs(deps: Deps) -> list[JobSpec]:
    """One interval job when the configuration lists feeds, none otherwise."""
    sources = deps.config.sources
    if not sources.feeds:
        return []
    trigger = IntervalTrigger(minutes=sources.feed_poll_minutes, timezone=deps.config.tz)
    return [JobSpec("mentions.feeds", trigger, poll_mention_feeds, run_at_start=True)]
