"""Scheduled KPI work: the end-of-day reminder to log manual KPIs that have a target.

A cron trigger fires at the team's local end of day on working days; the day's key claimed in
the database, not the scheduler, guarantees the reminder is posted once.
"""

from __future__ import annotations

from apscheduler.triggers.cron import CronTrigger

from bot.blocks.kpi import log_nudge
from bot.deps import Deps
from bot.i18n import translator
from bot.services.kpi.nudge import nudge_missing_logs
from jobs.checklists import DAY_NAMES
from jobs.spec import JobSpec


def nudge_kpi_logs(deps: Deps) -> bool:
    """Remind the team, once a working day, of manual KPIs not logged by the end of the day."""
    t = translator(deps.config.locale)
    return nudge_missing_logs(deps, lambda missing: log_nudge(missing, t))


def kpi_jobs(deps: Deps) -> list[JobSpec]:
    """The end-of-day log nudge, in the team's zone, on its working days."""
    sched = deps.config.schedule
    days = ",".join(DAY_NAMES[d] for d in sched.working_days)
    nudge = CronTrigger(
        day_of_week=days,
        hour=sched.end_of_day.hour,
        minute=sched.end_of_day.minute,
        timezone=deps.config.tz,
    )
    return [JobSpec("kpi.log_nudge", nudge, nudge_kpi_logs)]
