"""KPI targets (a history: each `/kpi set` adds a row) and manually logged daily values."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlmodel import Session, col

from models.kpi.tables import KpiLog, KpiTarget


def targets(*, session: Session, team_id: str) -> Sequence[KpiTarget]:
    """Every target the workspace ever set, oldest first."""
    query = select(KpiTarget).where(col(KpiTarget.team_id) == team_id)
    return session.scalars(query.order_by(col(KpiTarget.valid_from), col(KpiTarget.id))).all()


def set_target(
    *,
    session: Session,
    team_id: str,
    metric: str,
    value: float,
    now: datetime,
    user: str | None = None,
) -> bool:
    """Add a target valid from `now`; False when the one in force already has that value."""
    rows = [
        t
        for t in targets(session=session, team_id=team_id)
        if t.metric == metric and t.valid_from <= now
    ]
    current = rows[-1] if rows else None
    if current is not None and current.value == value:
        return False
    if current is not None and current.valid_from == now:  # two changes in the same instant
        current.value, current.set_by = value, user
        session.add(current)
        return True
    session.add(KpiTarget(team_id=team_id, metric=metric, value=value, valid_from=now, set_by=user))
    session.flush()
    return True


def log_value(*, session: Session, log: KpiLog) -> bool:
    """Store a manual value, replacing that (metric, day)'s earlier one; False when unchanged."""
    query = select(KpiLog).where(
        col(KpiLog.team_id) == log.team_id,
        col(KpiLog.metric) == log.metric,
        col(KpiLog.day) == log.day,
    )
    existing = session.scalars(query).first()
    if existing is None:
        session.add(log)
        session.flush()
        return True
    if existing.value == log.value:
        return False
    existing.value, existing.source, existing.logged_by = log.value, log.source, log.logged_by
    existing.logged_at = log.logged_at
    session.add(existing)
    return True


def logs(*, session: Session, team_id: str, start: date, end: date) -> Sequence[KpiLog]:
    """Manual values for days in [start, end)."""
    query = select(KpiLog).where(
        col(KpiLog.team_id) == team_id, col(KpiLog.day) >= start, col(KpiLog.day) < end
    )
    return session.scalars(query).all()


def log_many(*, session: Session, entries: Iterable[KpiLog]) -> tuple[int, int]:
    """Store several manual values; returns (stored or replaced, unchanged)."""
    stored = unchanged = 0
    for entry in entries:
        if log_value(session=session, log=entry):
            stored += 1
        else:
            unchanged += 1
    return stored, unchanged
