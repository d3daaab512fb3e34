"""APScheduler set-up: stable job ids, no piling up, bounded catch-up after downtime.

Cron triggers fire at the team's local posting times; an interval "catch-up" job runs the same
idempotent functions, so a bot started at 11:00 posts the 09:00 list once, late, and a post that
failed is retried. The database's unique keys, not the scheduler, guarantee exactly once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.deps import Deps
from jobs.checklists import nudge_open_checklists, post_due_checklists

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CATCH_UP = timedelta(minutes=10)


@dataclass(frozen=True)
class JobSpec:
    """One scheduled job: a stable id, its trigger and what it runs."""

    id: str
    trigger: Any
    func: Callable[[Deps], object]


def job_specs(deps: Deps) -> list[JobSpec]:
    """Every job Vahti schedules, built from the team's configuration."""
    sched, tz = deps.config.schedule, deps.config.tz
    days = ",".join(DAY_NAMES[d] for d in sched.working_days)
    specs = [
        JobSpec(
            "checklists.post",
            CronTrigger(
                day_of_week=days, hour=sched.post_at.hour, minute=sched.post_at.minute, timezone=tz
            ),
            post_due_checklists,
        ),
        JobSpec(
            "checklists.catch_up",
            IntervalTrigger(seconds=CATCH_UP.total_seconds(), timezone=tz),
            post_due_checklists,
        ),
        JobSpec(
            "checklists.nudge",
            CronTrigger(
                day_of_week=days,
                hour=sched.end_of_day.hour,
                minute=sched.end_of_day.minute,
                timezone=tz,
            ),
            nudge_open_checklists,
        ),
    ]
    specs.extend(extra_job_specs(deps))
    return specs


def extra_job_specs(deps: Deps) -> list[JobSpec]:
    """Jobs of the mention, crisis and KPI features (each module lists its own)."""
    from jobs import registry

    return [spec for make in registry.JOB_FACTORIES for spec in make(deps)]


def build_scheduler(deps: Deps) -> BackgroundScheduler:
    """A scheduler with every job added but not started."""
    scheduler = BackgroundScheduler(
        timezone=deps.config.tz,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
    )
    for spec in job_specs(deps):
        scheduler.add_job(spec.func, spec.trigger, args=[deps], id=spec.id, replace_existing=True)
    return scheduler
