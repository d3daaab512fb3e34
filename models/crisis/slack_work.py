"""What Slack is behind on, in one query: the crisis jobs ask it every minute.

Most minutes nothing is: no incident waits for its message, an update, a thread reply or a
reminder. One indexed query answers that (the statement is built once per process), so a quiet
tick costs one round trip instead of one per kind of work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import and_, bindparam, exists, or_
from sqlmodel import Session, col, select

from bot.domain.crisis.incidents import ACTIVE_STATES, Severity, State
from models.crisis.tables import Incident, IncidentEvent

NEVER = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class SlackWork:
    """Incidents whose Slack side needs a call, by kind of call (ids in filing order)."""

    new: list[int]  # active, without a message yet (new, or held by quiet hours)
    stale: list[int]  # posted; the message shows an older version
    replies: bool  # some posted incident has a thread reply waiting
    waiting: list[Incident]  # open and posted, with a reminder or escalation due by time


@cache
def _statement() -> Any:
    posted = col(Incident.ts).is_not(None)
    replies = (
        exists()
        .where(
            col(IncidentEvent.incident_id) == col(Incident.id),
            col(IncidentEvent.to_thread),
            col(IncidentEvent.thread_posted_at).is_(None),
        )
        .correlate(Incident)
    )
    remind = and_(
        col(Incident.reminded_at).is_(None), col(Incident.posted_at) <= bindparam("remind")
    )
    escalate = and_(
        col(Incident.escalated_at).is_(None),
        col(Incident.severity) != Severity.WATCH.value,
        col(Incident.posted_at) <= bindparam("escalate"),
    )
    return (
        select(Incident, replies.label("replies"))
        .where(
            col(Incident.team_id) == bindparam("team_id"),
            or_(
                and_(col(Incident.ts).is_(None), col(Incident.state).in_(ACTIVE_STATES)),
                and_(posted, col(Incident.posted_version) < col(Incident.version)),
                and_(posted, replies),
                and_(posted, col(Incident.state) == State.OPEN.value, or_(remind, escalate)),
            ),
        )
        .order_by(col(Incident.id))
    )


def slack_work(
    *, session: Session, team_id: str, remind: datetime, escalate: datetime | None
) -> SlackWork:
    """Incidents needing a post, an update, a thread reply, or possibly a nudge.

    A reminder may be due for messages posted at or before `remind`, an escalation for those
    posted at or before `escalate` (None: nobody to escalate to).
    """
    escalate = escalate or NEVER
    params = {"team_id": team_id, "remind": remind, "escalate": escalate}
    rows = session.execute(_statement(), params).all()
    incidents: list[Incident] = [row[0] for row in rows]

    def nudge_due(i: Incident) -> bool:
        if i.ts is None or i.posted_at is None or i.state != State.OPEN:
            return False
        reminder = i.reminded_at is None and i.posted_at <= remind
        escalation = i.escalated_at is None and i.severity != Severity.WATCH
        return reminder or (escalation and i.posted_at <= escalate)

    return SlackWork(
        new=[i.id for i in incidents if i.id and i.ts is None and i.state in ACTIVE_STATES],
        stale=[i.id for i in incidents if i.id and i.ts and i.posted_version < i.version],
        replies=any(bool(row[1]) for row in rows),
        waiting=[i for i in incidents if nudge_due(i)],
    )
