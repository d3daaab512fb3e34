"""What runs after new mentions are stored, in the same unit of work.

Each hook gets the session and the mentions that were new (duplicates never reach a hook), so
roll-ups and immediate crisis checks count every mention exactly once.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from bot.services.crisis.after_store import record_candidates
from models.kpi.rollups import add_to_rollups
from models.mentions.tables import Mention

AfterStore = Callable[[Session, list[Mention]], None]

# Each feature lists its hook here explicitly (KPI roll-ups, crisis-term checks).
AFTER_STORE: list[AfterStore] = [add_to_rollups, record_candidates]


def run_after_store(session: Session, stored: list[Mention]) -> None:
    """Run every hook on the newly stored mentions."""
    if stored:
        for hook in AFTER_STORE:
            hook(session, stored)
