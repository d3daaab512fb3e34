"""Crisis watch jobs: the bucket tick, and a one-minute pass for immediate alerts and nudges.

`crisis_jobs(deps)` builds one `CrisisWatch` per process: its detectors stay in memory between
ticks (rebuilt from the database on the first tick), while every alert's once-only guarantee
lives in the database, so a restart or a second scheduler cannot double-alert.
"""

from __future__ import annotations

from datetime import timedelta

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.deps import Deps
from bot.services.crisis.immediate import file_candidates
from bot.services.crisis.publish import publish
from bot.services.crisis.watch import CrisisWatch, TickReport
from jobs.spec import JobSpec

ALERTS_EVERY = timedelta(minutes=1)
WATCH_JOB = "crisis.watch"  # the bucket tick (the demo runs its own watch under this id)


def post_immediate_alerts(deps: Deps) -> int:
    """Crisis terms and watched accounts within a minute, then reminders and escalations."""
    filed = file_candidates(deps)
    publish(deps)
    return len(filed)


def crisis_jobs(deps: Deps) -> list[JobSpec]:
    """The crisis watch's jobs for the scheduler (listed in `bot.features`)."""
    watch = CrisisWatch()
    tz, minutes = deps.config.tz, deps.config.crisis.bucket_minutes

    def tick(d: Deps) -> TickReport:
        return watch.tick(d)

    # A few seconds past each bucket's end, so mentions stamped at :04:59 are in.
    every_bucket = CronTrigger(minute=f"*/{minutes}", second=20, timezone=tz)
    return [
        JobSpec(WATCH_JOB, every_bucket, tick),
        JobSpec(
            "crisis.alerts",
            IntervalTrigger(
                seconds=ALERTS_EVERY.total_seconds(), timezone=tz, start_date=deps.clock.now()
            ),
            post_immediate_alerts,
            run_at_start=True,  # after a restart, what waits for Slack goes out at once
        ),
    ]
