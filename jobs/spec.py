"""What a feature hands the scheduler: a leaf module, so features and the scheduler share it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.deps import Deps


@dataclass(frozen=True)
class JobSpec:
    """One scheduled job: a stable id, its trigger and what it runs."""

    id: str
    trigger: Any
    func: Callable[[Deps], object]
    run_at_start: bool = False  # also once when the scheduler starts, not only at the trigger


JobFactory = Callable[[Deps], list[JobSpec]]
"""A feature's jobs, built from the team's configuration (none when the feature is off)."""
