"""Scheduled mention work: the RSS/Atom feed poller, every `sources.feed_poll_minutes`, and the
daily refresh of the planner's statistics (03:30 local time, when little else runs)."""

from __future__ import annotations

import logging

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.deps import Deps
from bot.services.mentions.feeds import poll_feeds
from bot.services.mentions.statistics import refresh_statistics
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


def refresh_planner_statistics(deps: Deps) -> None:
    """Refresh the database's planner statistics (the store grows all day)."""
    refresh_statistics(deps.sessions)


def mention_jobs(deps: Deps) -> list[JobSpec]:
    """The daily statistics refresh, and the feed poller when the configuration lists feeds."""
    daily = CronTrigger(hour=3, minute=30, timezone=deps.config.tz)
    jobs = [JobSpec("mentions.statistics", daily, refresh_planner_statistics)]
    sources = deps.config.sources
    if sources.feeds:
        trigger = IntervalTrigger(minutes=sources.feed_poll_minutes, timezone=deps.config.tz)
        jobs.append(JobSpec("mentions.feeds", trigger, poll_mention_feeds, run_at_start=True))
    return jobs
