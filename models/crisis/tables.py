"""Crisis-watch tables: incidents, the signals filed into them, their timeline, candidates.

An incident is one problem of one brand as the team handles it (one message, one owner); its
signals are what fired: a crisis term, a negative shift and a volume spike of the same brand
while it is active are three `IncidentSignal` rows of one incident, not three alerts.
`IncidentSignal.key` (unique per workspace) is the idempotency key of a signal: two processes
that see the same anomaly derive the same key, so it is filed once. `Incident.slot` (unique per
workspace while set) names the brand's incident that takes new signals, so two jobs filing
different signals at once still open one incident. `IncidentEvent.trigger_key` (unique per
incident) makes a retried click, a resubmitted modal or a second scheduler record its effect
once. Resolved incidents keep their timeline for the yearly review.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.sql.types import utc_column


class Incident(SQLModel, table=True):
    """One ongoing anomaly or immediate alert of one brand, and how the team handled it."""

    __tablename__ = "incident"
    __table_args__ = (
        UniqueConstraint("team_id", "key", name="uq_incident_key"),
        UniqueConstraint("team_id", "slot", name="uq_incident_slot"),
        Index("ix_incident_subject", "team_id", "brand", "kind", "subject", "started_at"),
        Index("ix_incident_state", "team_id", "state", "started_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    key: str = Field(max_length=400)  # the key of the signal that opened it
    kind: str = Field(max_length=24)  # that signal's kind: volume_spike|negative_shift|...
    brand: str = Field(max_length=128)
    subject: str = Field(default="", max_length=256)  # the term or account; "" for volume
    slot: str | None = Field(default=None, max_length=400)  # set while it takes new signals
    state: str = Field(default="open", max_length=16)  # open|acknowledged|resolved|false_alarm
    severity: str = Field(default="watch", max_length=16)  # watch|elevated|crisis
    severity_set_by: str | None = Field(default=None, max_length=32)
    owner: str | None = Field(default=None, max_length=32)
    channel: str | None = Field(default=None, max_length=64)
    ts: str | None = Field(default=None, max_length=32)
    claim_token: str | None = Field(default=None, max_length=64)
    claimed_at: datetime | None = Field(default=None, sa_column=utc_column())
    posted_at: datetime | None = Field(default=None, sa_column=utc_column())
    started_at: datetime = Field(sa_column=utc_column(nullable=False))
    last_seen_at: datetime = Field(sa_column=utc_column(nullable=False))
    ended_at: datetime | None = Field(default=None, sa_column=utc_column())
    resolved_at: datetime | None = Field(default=None, sa_column=utc_column())
    resolved_by: str | None = Field(default=None, max_length=32)
    summary: str | None = Field(default=None, max_length=500)
    version: int = 1  # bumped on each meaningful change of the message
    posted_version: int = 0  # the version the Slack message shows
    reminded_at: datetime | None = Field(default=None, sa_column=utc_column())
    escalated_at: datetime | None = Field(default=None, sa_column=utc_column())


class IncidentSignal(SQLModel, table=True):
    """One signal filed into an incident (a kind, and for watched accounts the account).

    `incident_id` is empty only inside the unit of work that claims the key and then routes the
    signal to its incident, so no other transaction ever sees it empty.
    """

    __tablename__ = "incident_signal"
    __table_args__ = (
        UniqueConstraint("team_id", "key", name="uq_incident_signal_key"),
        Index("ix_incident_signal_subject", "team_id", "brand", "kind", "subject", "started_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    incident_id: int | None = Field(default=None, foreign_key="incident.id", index=True)
    key: str = Field(max_length=400)
    kind: str = Field(max_length=24)
    brand: str = Field(max_length=128)
    subject: str = Field(default="", max_length=256)
    severity: str = Field(default="watch", max_length=16)  # the automatic severity, raised only
    started_at: datetime = Field(sa_column=utc_column(nullable=False))
    last_seen_at: datetime = Field(sa_column=utc_column(nullable=False))
    ended_at: datetime | None = Field(default=None, sa_column=utc_column())
    figures: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    reported_peak: float = 0.0  # the growth measure when a reply last announced growth


class IncidentEvent(SQLModel, table=True):
    """One line of an incident's timeline: a click, a note, a growth step, a reminder."""

    __tablename__ = "incident_event"
    __table_args__ = (
        UniqueConstraint("incident_id", "trigger_key", name="uq_incident_event_trigger"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    incident_id: int = Field(foreign_key="incident.id", index=True)
    kind: str = Field(max_length=24)
    user_id: str | None = Field(default=None, max_length=32)
    at: datetime = Field(sa_column=utc_column(nullable=False))
    text: str = Field(default="", max_length=3000)
    trigger_key: str = Field(max_length=128)
    signal: str = Field(default="", max_length=24)  # the signal kind a watch event is about
    to_thread: bool = False  # details that belong in the message's thread
    thread_posted_at: datetime | None = Field(default=None, sa_column=utc_column())


class CrisisCandidate(SQLModel, table=True):
    """A new mention that needs an immediate alert (crisis term, watched account), not yet handled.

    Written by the after-store hook inside the ingest transaction (no Slack call there); the crisis
    job turns candidates into incidents and posts them.
    """

    __tablename__ = "crisis_candidate"
    __table_args__ = (
        UniqueConstraint("team_id", "mention_id", "kind", "subject", name="uq_crisis_candidate"),
        Index("ix_crisis_candidate_pending", "team_id", "processed_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    mention_id: int = Field(foreign_key="mention.id")
    brand: str = Field(max_length=128)
    kind: str = Field(max_length=24)  # crisis_term|watched_account
    subject: str = Field(max_length=256)
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    processed_at: datetime | None = Field(default=None, sa_column=utc_column())
    incident_id: int | None = Field(default=None, foreign_key="incident.id", index=True)
