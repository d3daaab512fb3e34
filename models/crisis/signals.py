"""Queries on the signals filed into incidents: claim a signal's key, find, extend, end.

A signal's key is claimed with insert-if-absent before it is routed to an incident, so a retry
or a second process that files the same anomaly finds the claimed row and merges into it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import bindparam, update
from sqlmodel import Session, col, select

from bot.domain.crisis.incidents import below
from models.crisis.tables import Incident, IncidentSignal
from models.sql.upsert import insert_ignore


def _changed(session: Session, stmt: Any) -> bool:
    result: Any = session.execute(stmt)
    return bool(result.rowcount == 1)


@cache
def _latest_statement() -> Any:
    """`latest`'s query, built once: every sighting of every tick asks it."""
    return (
        select(IncidentSignal, Incident)
        .join(Incident, col(Incident.id) == col(IncidentSignal.incident_id))
        .where(
            col(IncidentSignal.team_id) == bindparam("team_id"),
            col(IncidentSignal.brand) == bindparam("brand"),
            col(IncidentSignal.kind) == bindparam("kind"),
            col(IncidentSignal.subject) == bindparam("subject"),
        )
        .order_by(col(IncidentSignal.started_at).desc(), col(IncidentSignal.id).desc())
        .limit(1)
    )


def latest(
    *, session: Session, team_id: str, brand: str, kind: str, subject: str = ""
) -> tuple[IncidentSignal, Incident] | None:
    """The most recent signal of one brand, kind and subject, with its incident."""
    params = {"team_id": team_id, "brand": brand, "kind": kind, "subject": subject}
    found = session.execute(_latest_statement(), params).first()
    return (found[0], found[1]) if found is not None else None


def by_key(*, session: Session, team_id: str, key: str) -> IncidentSignal | None:
    stmt = select(IncidentSignal).where(
        IncidentSignal.team_id == team_id, IncidentSignal.key == key
    )
    # The row as stored now, in one query, even when the session holds it already.
    return session.exec(stmt.execution_options(populate_existing=True)).first()


def of_incident(
    *, session: Session, incident_id: int, kind: str, subject: str = ""
) -> IncidentSignal | None:
    """An incident's signal of one kind and subject."""
    stmt = select(IncidentSignal).where(
        IncidentSignal.incident_id == incident_id,
        IncidentSignal.kind == kind,
        IncidentSignal.subject == subject,
    )
    return session.exec(stmt.order_by(col(IncidentSignal.id))).first()


def claim(*, session: Session, values: dict[str, Any]) -> bool:
    """Claim a signal's key (insert-if-absent); True when this call claimed it."""
    return insert_ignore(session, IncidentSignal, values)


def route_to(*, session: Session, signal_id: int, incident_id: int) -> None:
    """File a claimed signal into its incident."""
    stmt = update(IncidentSignal).where(col(IncidentSignal.id) == signal_id)
    session.execute(stmt.values(incident_id=incident_id))


def signals(*, session: Session, incident_ids: Sequence[int]) -> dict[int, list[IncidentSignal]]:
    """The signals of each incident, in the order they were filed."""
    if not incident_ids:
        return {}
    stmt = select(IncidentSignal).where(col(IncidentSignal.incident_id).in_(list(incident_ids)))
    found: dict[int, list[IncidentSignal]] = {i: [] for i in incident_ids}
    for s in session.exec(stmt.order_by(col(IncidentSignal.id))):
        if s.incident_id is not None:
            found[s.incident_id].append(s)
    return found


def extend(*, session: Session, signal_id: int, seen_at: datetime, changes: dict[str, Any]) -> None:
    """The signal continues: it is not over, it was last seen at `seen_at`."""
    stmt = update(IncidentSignal).where(col(IncidentSignal.id) == signal_id)
    session.execute(stmt.values(ended_at=None, last_seen_at=seen_at, **changes))


def mark_ended(*, session: Session, signal_id: int, at: datetime) -> bool:
    """The signal is back to typical; True the first time only."""
    stmt = update(IncidentSignal).where(
        col(IncidentSignal.id) == signal_id, col(IncidentSignal.ended_at).is_(None)
    )
    return _changed(session, stmt.values(ended_at=at))


def raise_severity(*, session: Session, signal_id: int, severity: str) -> bool:
    """Raise a signal's automatic severity (never lowers it)."""
    stmt = update(IncidentSignal).where(
        col(IncidentSignal.id) == signal_id, col(IncidentSignal.severity).in_(below(severity))
    )
    return _changed(session, stmt.values(severity=severity))


def all_ended(*, session: Session, incident_id: int) -> bool:
    """Whether every signal of the incident is back to typical."""
    stmt = select(IncidentSignal.id).where(
        IncidentSignal.incident_id == incident_id, col(IncidentSignal.ended_at).is_(None)
    )
    return session.exec(stmt.limit(1)).first() is None
