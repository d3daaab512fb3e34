"""Scheduled checklist work: post what is due, nudge open items at the end of the day.

Cron triggers fire at the team's local posting times; an interval "catch-up" job runs the same
idempotent functions, so a bot started at 11:00 posts the 09:00 list once, late, and a post that
failed is retried (the catch-up also runs at start). The database's unique keys, not the
scheduler, guarantee exactly once.
"""

from __future__ import annotations

from datetime import timedelta

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.deps import Deps
from bot.live.cache import LIVE_TTL
from bot.services.checklists import runs
from jobs.spec import JobSpec

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CATCH_UP = timedelta(minutes=10)


def post_due_checklists(deps: Deps) -> int:
    """Post every due checklist that is not posted yet; returns how many runs exist for now."""
    return len(runs.post_due(deps))


def nudge_open_checklists(deps: Deps) -> bool:
    """Send the daily checklist's single end-of-day reminder if items are still open."""
    return runs.nudge_open_items(deps)


def refresh_live_data(deps: Deps) -> int:
    """Recompute the live numbers of today's checklists; update the messages whose lines moved."""
    return runs.refresh_live(deps)


def checklist_jobs(deps: Deps) -> list[JobSpec]:
    """Posting at `post_at`, the catch-up pass, and the end-of-day nudge on working days."""
    sched, tz = deps.config.schedule, deps.config.tz
    days = ",".join(DAY_NAMES[d] for d in sched.working_days)
    post = CronTrigger(
        day_of_week=days, hour=sched.post_at.hour, minute=sched.post_at.minute, timezone=tz
    )
    nudge = CronTrigger(
        day_of_week=days, hour=sched.end_of_day.hour, minute=sched.end_of_day.minute, timezone=tz
    )
    catch_up = IntervalTrigger(seconds=CATCH_UP.total_seconds(), timezone=tz)
    live = IntervalTrigger(seconds=LIVE_TTL.total_seconds(), timezone=tz)
    return [
        JobSpec("checklists.post", post, post_due_checklists),
        JobSpec("checklists.catch_up", catch_up, post_due_checklists, run_at_start=True),
        JobSpec("checklists.nudge", nudge, nudge_open_checklists),
        JobSpec("checklists.live", live, refresh_live_data),
    ]
