"""Immediate-alert candidates, shared between processes.

The after-store step (any process that ingests) records candidates with the rules of its own
`vahti.yml`; the crisis job claims each candidate once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import bindparam, func, update
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from bot.domain.crisis.attribution import Post
from models.crisis.counts import POST_COLUMNS, post_of
from models.crisis.tables import CrisisCandidate
from models.sql.core import rows_changed
from models.sql.upsert import insert_many_ignore


def add_candidates(*, session: Session, rows: list[dict[str, Any]]) -> int:
    """Record candidates once per (mention, kind, subject)."""
    return insert_many_ignore(session, CrisisCandidate, rows)


@cache
def _any_pending_statement() -> Any:
    return (
        select(CrisisCandidate.id)
        .where(
            col(CrisisCandidate.team_id) == bindparam("team_id"),
            col(CrisisCandidate.processed_at).is_(None),
        )
        .limit(1)
    )


def any_pending(*, session: Session, team_id: str) -> bool:
    """Whether a candidate waits (asked every minute, mostly answered no: one cheap query)."""
    found = session.execute(_any_pending_statement(), {"team_id": team_id}).first()
    return found is not None


def pending(*, session: Session, team_id: str, limit: int = 500) -> list[CrisisCandidate]:
    """Unhandled candidates, oldest first."""
    stmt = (
        select(CrisisCandidate)
        .where(CrisisCandidate.team_id == team_id, col(CrisisCandidate.processed_at).is_(None))
        .order_by(col(CrisisCandidate.id))
        .limit(limit)
    )
    return list(session.exec(stmt))


def claim(*, session: Session, candidate_id: int, now: datetime) -> bool:
    """Take one candidate; False when another process already did."""
    stmt = update(CrisisCandidate).where(
        col(CrisisCandidate.id) == candidate_id, col(CrisisCandidate.processed_at).is_(None)
    )
    return bool(rows_changed(session.execute(stmt.values(processed_at=now))) == 1)


def link(*, session: Session, candidate_ids: list[int], incident_id: int) -> None:
    """Record which incident the candidates were filed into."""
    if candidate_ids:
        stmt = update(CrisisCandidate).where(col(CrisisCandidate.id).in_(candidate_ids))
        session.execute(stmt.values(incident_id=incident_id))


def incident_mentions(
    *, session: Session, incident_id: int, kind: str, limit: int = 5000
) -> list[int]:
    """The distinct mentions of one kind filed into an incident (most recent first, capped)."""
    stmt = (
        select(CrisisCandidate.mention_id)
        .where(CrisisCandidate.incident_id == incident_id, CrisisCandidate.kind == kind)
        .distinct()
        .order_by(col(CrisisCandidate.mention_id).desc())
        .limit(limit)
    )
    return list(session.exec(stmt))


def matched_subjects(*, session: Session, incident_id: int, kind: str) -> list[tuple[str, int]]:
    """Each term (or account) of one kind in an incident with its number of mentions."""
    n = func.count(func.distinct(CrisisCandidate.mention_id))
    stmt = (
        select(CrisisCandidate.subject, n)
        .where(CrisisCandidate.incident_id == incident_id, CrisisCandidate.kind == kind)
        .group_by(CrisisCandidate.subject)
        .order_by(n.desc(), CrisisCandidate.subject)
    )
    return [(str(subject), int(count)) for subject, count in session.exec(stmt)]


def posts_by_id(*, session: Session, ids: Sequence[int]) -> list[Post]:
    """Mentions by id as attribution posts (their columns only)."""
    if not ids:
        return []
    stmt = select_columns(*POST_COLUMNS).where(POST_COLUMNS[0].in_(list(ids)))
    return [post_of(row) for row in session.execute(stmt)]
