"""The feature job lists the scheduler adds beside the checklist jobs.

Each feature lists its function `deps -> list[JobSpec]` in `JOB_FACTORIES` explicitly; it is
a plain list here, so what runs is visible in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from jobs.crisis import crisis_jobs

if TYPE_CHECKING:
    from bot.deps import Deps
    from jobs.scheduler import JobSpec

JOB_FACTORIES: list[Callable[[Deps], list[JobSpec]]] = [crisis_jobs]
