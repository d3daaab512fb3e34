"""Crisis-watch tables: incidents, their timeline, and immediate-alert candidates.

`Incident.key` (unique per workspace) is the idempotency key of an alert: two processes that see
the same anomaly in the same bucket derive the same key, so only one incident and one message
exist. `IncidentEvent.trigger_key` (unique per incident) makes a retried click, a resubmitted
modal or a second scheduler record its effect once. Resolved incidents keep their timeline for
the yearly review.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import utc_column


class Incident(SQLModel, table=True):
    """One ongoing anomaly or immediate alert of one brand, and how the team handled it."""

    __tablename__ = "incident"
    __table_args__ = (
        UniqueConstraint("team_id", "key", name="uq_incident_key"),
        Index("ix_incident_subject", "team_id", "brand", "kind", "subject", "started_at"),
        Index("ix_incident_state", "team_id", "state", "started_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    key: str = Field(max_length=400)
    kind: str = Field(max_length=24)  # volume_spike|volume_drop|negative_shift|crisis_term|...
    brand: str = Field(max_length=128)
    subject: str = Field(default="", max_length=256)  # the term or account; "" for volume
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
    figures: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    version: int = 1  # bumped on each meaningful change of the figures
    posted_version: int = 0  # the version the Slack message shows
    reported_peak: float = 0.0  # the growth measure when the message last announced growth
    reminded_at: datetime | None = Field(default=None, sa_column=utc_column())
    escalated_at: datetime | None = Field(default=None, sa_column=utc_column())


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


class CrisisRules(SQLModel, table=True):
    """The immediate-alert rules in force, as the crisis job last wrote them from `vahti.yml`.

    The after-store hook only gets a session and the new mentions, and may run in another
    process (an import, the web worker); it reads the rules from here.
    """

    __tablename__ = "crisis_rules"

    team_id: str = Field(primary_key=True, max_length=32)
    terms: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    term_min_reach: int = 0
    watched: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(sa_column=utc_column(nullable=False))
