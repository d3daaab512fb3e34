"""Scheduled checklist work: post what is due, nudge open items at the end of the day."""

from __future__ import annotations

from bot.deps import Deps
from bot.services.checklists import runs as checklists


def post_due_checklists(deps: Deps) -> int:
    """Post every due checklist that is not posted yet; returns how many runs exist for now."""
    return len(checklists.post_due(deps))


def nudge_open_checklists(deps: Deps) -> bool:
    """Send the daily checklist's single end-of-day reminder if items are still open."""
    return checklists.nudge_open_items(deps)
