"""Storing new mentions and what follows in the same unit of work: roll-ups, crisis candidates.

`models` only inserts; the steps after it live here, so the configuration they need (the
immediate-alert rules from `vahti.yml`) is passed down by the caller instead of read back from
the database. Duplicates never reach a step, so each mention is counted exactly once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session

from bot.config import VahtiConfig
from bot.domain.crisis.rules import ImmediateRules
from bot.services.crisis.after_store import record_candidates
from models.kpi.rollups import add_to_rollups
from models.mentions.store import NewMention, SaveResult, save_mentions


@dataclass(frozen=True)
class AfterStore:
    """What the after-store steps take from the team's configuration."""

    immediate: ImmediateRules

    @classmethod
    def of(cls, config: VahtiConfig) -> AfterStore:
        """The immediate-alert rules of `config`: crisis terms, reach floor, watched accounts."""
        crisis = config.crisis
        return cls(ImmediateRules.of(crisis.terms, crisis.term_min_reach, crisis.watched_accounts))


def store_mentions(
    *, session: Session, rows: Sequence[NewMention], after: AfterStore
) -> SaveResult:
    """Insert the new rows, then add them to the roll-ups and note immediate-alert candidates."""
    result = save_mentions(session=session, rows=rows)
    if result.stored:
        add_to_rollups(session, result.stored)
        record_candidates(session, result.stored, after.immediate)
    return result
