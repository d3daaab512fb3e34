"""APScheduler set-up: stable job ids, no piling up, bounded catch-up after downtime.

The jobs themselves come from each feature (`bot.features.job_specs`); the database's unique
keys, not the scheduler, guarantee that each effect happens once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence

from apscheduler.schedulers.background import BackgroundScheduler

from bot.deps import Deps
from jobs.spec import JobSpec

log = logging.getLogger(__name__)


def logged(spec: JobSpec) -> Callable[[Deps], object]:
    """The job's function, logging one line per run: its id, duration and result."""

    def run(deps: Deps) -> object:
        started = time.monotonic()
        try:
            result = spec.func(deps)
        except Exception:
            log.exception("job failed", extra={"job": spec.id})
            raise
        took = round(time.monotonic() - started, 3)
        log.info("job ran", extra={"job": spec.id, "seconds": took, "result": repr(result)[:80]})
        return result

    return run


def build_scheduler(deps: Deps, specs: Sequence[JobSpec]) -> BackgroundScheduler:
    """A scheduler with every job in `specs` added but not started."""
    scheduler = BackgroundScheduler(
        timezone=deps.config.tz,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
    )
    for spec in specs:
        first = {"next_run_time": deps.clock.now()} if spec.run_at_start else {}
        scheduler.add_job(
            logged(spec), spec.trigger, args=[deps], id=spec.id, replace_existing=True, **first
        )
    return scheduler
