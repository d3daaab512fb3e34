"""Queries on incidents and their timeline; every change is a conditional UPDATE or a unique key.

A state change happens only from the states it is allowed from (`WHERE state IN ...`), and its
timeline event is keyed by the click or submission that caused it, so double clicks, Slack's
retries and a second process change an incident once.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import bindparam, or_, update
from sqlmodel import Session, col, select

from bot.domain.crisis.incidents import ACTIVE_STATES, below
from models.crisis.tables import Incident, IncidentEvent
from models.sql.upsert import insert_ignore

POST_LEASE = timedelta(minutes=2)  # a claim to post older than this was a dead process's


def _changed(session: Session, stmt: Any) -> bool:
    result: Any = session.execute(stmt)
    return bool(result.rowcount == 1)


def get(*, session: Session, team_id: str, incident_id: int) -> Incident | None:
    """An incident of this workspace (ids from Slack payloads are checked against the team)."""
    # populate_existing: the row as stored now, in one query, even when the session holds it
    found = session.get(Incident, incident_id, populate_existing=True)
    return found if found is not None and found.team_id == team_id else None


def by_key(*, session: Session, team_id: str, key: str) -> Incident | None:
    stmt = select(Incident).where(Incident.team_id == team_id, Incident.key == key)
    return session.exec(stmt).first()


@cache
def _by_slot_statement() -> Any:
    """`by_slot`'s query, built once: every sighting of every tick asks it. It loads the row as
    stored now even into an object the session holds already (no second query to refresh it)."""
    return (
        select(Incident)
        .where(
            col(Incident.team_id) == bindparam("team_id"), col(Incident.slot) == bindparam("slot")
        )
        .execution_options(populate_existing=True)
    )


def by_slot(*, session: Session, team_id: str, slot: str) -> Incident | None:
    """The brand's incident that takes new signals of this slot, if any."""
    params = {"team_id": team_id, "slot": slot}
    return session.execute(_by_slot_statement(), params).scalars().first()


def release_slot(*, session: Session, incident_id: int) -> None:
    """A closed or stale incident stops taking new signals (a new incident takes its slot)."""
    stmt = update(Incident).where(col(Incident.id) == incident_id)
    session.execute(stmt.values(slot=None))


def open_incident(*, session: Session, values: dict[str, Any]) -> tuple[Incident, bool]:
    """Insert the incident unless its key or slot is taken; returns the stored row, whether new.

    A taken slot means another process just opened the brand's incident: the caller joins it.
    """
    created = insert_ignore(session, Incident, values)
    session.flush()
    team_id = values["team_id"]
    found = by_key(session=session, team_id=team_id, key=values["key"])
    if found is None and values.get("slot"):
        found = by_slot(session=session, team_id=team_id, slot=values["slot"])
    assert found is not None
    session.refresh(found)
    return found, created


def extend(*, session: Session, incident_id: int, seen_at: datetime, bump: bool) -> None:
    """A signal continues: the incident is not over, seen at `seen_at`; maybe a new version."""
    stmt = update(Incident).where(col(Incident.id) == incident_id)
    values: dict[str, Any] = {"ended_at": None, "last_seen_at": seen_at}
    if bump:
        values["version"] = Incident.version + 1
    session.execute(stmt.values(**values))


def mark_ended(*, session: Session, incident_id: int, at: datetime) -> bool:
    """The anomaly is back to typical: say so once (a new version re-renders the message)."""
    stmt = update(Incident).where(col(Incident.id) == incident_id, col(Incident.ended_at).is_(None))
    return _changed(session, stmt.values(ended_at=at, version=Incident.version + 1))


def raise_severity(*, session: Session, incident_id: int, severity: str) -> bool:
    """Raise an automatic severity; never lowers it, never overrides what a person chose."""
    stmt = update(Incident).where(
        col(Incident.id) == incident_id,
        col(Incident.severity_set_by).is_(None),
        col(Incident.severity).in_(below(severity)),
    )
    return _changed(session, stmt.values(severity=severity, version=Incident.version + 1))


def claim_post(*, session: Session, incident_id: int, now: datetime) -> str | None:
    """The right to post the incident's message; None when posted or being posted elsewhere."""
    token = uuid.uuid4().hex
    stmt = update(Incident).where(
        col(Incident.id) == incident_id,
        col(Incident.ts).is_(None),
        or_(col(Incident.claimed_at).is_(None), col(Incident.claimed_at) < now - POST_LEASE),
    )
    return token if _changed(session, stmt.values(claim_token=token, claimed_at=now)) else None


def mark_posted(
    *, session: Session, incident_id: int, token: str, where: tuple[str, str], version: int
) -> None:
    """Store the message's channel and ts and the version it shows; only the claim's holder may.

    `posted_at` is the claim time, so the reminder clock starts when the alert went out.
    """
    channel, ts = where
    stmt = update(Incident).where(
        col(Incident.id) == incident_id, col(Incident.claim_token) == token
    )
    session.execute(
        stmt.values(channel=channel, ts=ts, posted_at=Incident.claimed_at, posted_version=version)
    )


def claim_update(*, session: Session, incident_id: int, version: int) -> bool:
    """The right to re-render a posted message to `version` (once per version)."""
    stmt = update(Incident).where(
        col(Incident.id) == incident_id,
        col(Incident.ts).is_not(None),
        col(Incident.posted_version) < version,
    )
    return _changed(session, stmt.values(posted_version=version))


def release_update(*, session: Session, incident_id: int, version: int, shown: int) -> None:
    """Slack refused the update to `version`: the message still shows `shown`, so it stays due."""
    stmt = update(Incident).where(
        col(Incident.id) == incident_id, col(Incident.posted_version) == version
    )
    session.execute(stmt.values(posted_version=shown))


def active(*, session: Session, team_id: str) -> list[Incident]:
    """Open and acknowledged incidents, newest first."""
    stmt = select(Incident).where(
        Incident.team_id == team_id, col(Incident.state).in_(ACTIVE_STATES)
    )
    return list(session.exec(stmt.order_by(col(Incident.started_at).desc())))


def started_between(
    *, session: Session, team_id: str, start: datetime, end: datetime
) -> list[Incident]:
    """Incidents that started in `[start, end)`, newest first."""
    stmt = select(Incident).where(
        Incident.team_id == team_id,
        col(Incident.started_at) >= start,
        col(Incident.started_at) < end,
    )
    return list(session.exec(stmt.order_by(col(Incident.started_at).desc())))


def recent(*, session: Session, team_id: str, limit: int) -> list[Incident]:
    """The latest incidents, newest first."""
    stmt = select(Incident).where(Incident.team_id == team_id)
    return list(session.exec(stmt.order_by(col(Incident.started_at).desc()).limit(limit)))


def add_event(*, session: Session, incident: Incident, values: dict[str, Any]) -> bool:
    """Record a timeline event once per `trigger_key`."""
    return insert_ignore(
        session,
        IncidentEvent,
        {"team_id": incident.team_id, "incident_id": incident.id, **values},
    )


def events(*, session: Session, incident_id: int) -> list[IncidentEvent]:
    """An incident's timeline, oldest first."""
    stmt = select(IncidentEvent).where(IncidentEvent.incident_id == incident_id)
    return list(session.exec(stmt.order_by(col(IncidentEvent.at), col(IncidentEvent.id))))


def thread_events_due(*, session: Session, team_id: str) -> list[IncidentEvent]:
    """Thread replies not yet posted, of incidents whose message exists."""
    stmt = (
        select(IncidentEvent)
        .join(Incident, col(Incident.id) == col(IncidentEvent.incident_id))
        .where(
            IncidentEvent.team_id == team_id,
            col(IncidentEvent.to_thread),
            col(IncidentEvent.thread_posted_at).is_(None),
            col(Incident.ts).is_not(None),
        )
    )
    return list(session.exec(stmt.order_by(col(IncidentEvent.id))))


def skip_thread_events(*, session: Session, incident_id: int, now: datetime) -> None:
    """A message posted late (quiet hours) already shows the latest figures: no catch-up replies."""
    stmt = update(IncidentEvent).where(
        col(IncidentEvent.incident_id) == incident_id,
        col(IncidentEvent.to_thread),
        col(IncidentEvent.thread_posted_at).is_(None),
    )
    session.execute(stmt.values(thread_posted_at=now))


def claim_thread_event(*, session: Session, event_id: int, now: datetime) -> bool:
    """The right to post one event's thread reply (once)."""
    stmt = update(IncidentEvent).where(
        col(IncidentEvent.id) == event_id,
        col(IncidentEvent.to_thread),
        col(IncidentEvent.thread_posted_at).is_(None),
    )
    return _changed(session, stmt.values(thread_posted_at=now))


def release_thread_event(*, session: Session, event_id: int, claimed_at: datetime) -> None:
    """Slack refused the reply: give up this claim so the next pass posts it."""
    stmt = update(IncidentEvent).where(
        col(IncidentEvent.id) == event_id, col(IncidentEvent.thread_posted_at) == claimed_at
    )
    session.execute(stmt.values(thread_posted_at=None))


def transition(
    *, session: Session, incident_id: int, allowed: tuple[str, ...], values: dict[str, Any]
) -> bool:
    """Change an incident only while its state is one of `allowed`; True when this call did."""
    stmt = update(Incident).where(col(Incident.id) == incident_id, col(Incident.state).in_(allowed))
    return _changed(session, stmt.values(**values, version=Incident.version + 1))


def change_if_different(
    *, session: Session, incident_id: int, column: str, value: str, extra: dict[str, Any]
) -> bool:
    """Set an active incident's owner or severity unless it already holds that value."""
    field = getattr(Incident, column)
    stmt = update(Incident).where(
        col(Incident.id) == incident_id,
        col(Incident.state).in_(ACTIVE_STATES),
        or_(col(field).is_(None), col(field) != value),
    )
    values = {column: value, **extra, "version": Incident.version + 1}
    return _changed(session, stmt.values(**values))


def bump(*, session: Session, incident_id: int) -> None:
    """A new version of the message (a note was added)."""
    stmt = update(Incident).where(col(Incident.id) == incident_id)
    session.execute(stmt.values(version=Incident.version + 1))


def claim_nudge(*, session: Session, incident_id: int, column: str, now: datetime) -> bool:
    """Claim the single reminder (`reminded_at`) or escalation (`escalated_at`) of an incident."""
    field = getattr(Incident, column)
    stmt = update(Incident).where(col(Incident.id) == incident_id, col(field).is_(None))
    return _changed(session, stmt.values(**{column: now}))
