"""Checklist tables: one run per (workspace, template, period), its completions and notes.

The unique `run_key` is the idempotency key of a posted checklist: a restart, a retry or a second
process can never post the same period twice, because the key is claimed in the database first.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.sql.types import utc_column


class ChecklistRun(SQLModel, table=True):
    """One posted (or being posted) checklist for one period."""

    __tablename__ = "checklist_run"

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(index=True, max_length=32)
    cadence: str = Field(max_length=16)
    period_start: date = Field(index=True)
    run_key: str = Field(unique=True, max_length=128)
    locale: str = Field(default="en", max_length=8)
    title: str = Field(max_length=150)
    # A snapshot of the template's items when posted: later edits never rewrite past periods.
    items: list[dict[str, str]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    channel: str | None = Field(default=None, max_length=64)
    ts: str | None = Field(default=None, max_length=32)
    claim_token: str | None = Field(default=None, max_length=64)
    claimed_at: datetime | None = Field(default=None, sa_column=utc_column())
    posted_at: datetime | None = Field(default=None, sa_column=utc_column())
    nudged_at: datetime | None = Field(default=None, sa_column=utc_column())
    # Set when Slack refused an update: the message shows an older state until a job redraws it.
    stale_since: datetime | None = Field(default=None, sa_column=utc_column())


class ChecklistCompletion(SQLModel, table=True):
    """Whether an item of a run is done, by whom and when (undo keeps the row, clears `done`)."""

    __tablename__ = "checklist_completion"
    __table_args__ = (UniqueConstraint("run_id", "item_id", name="uq_completion_run_item"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(index=True, max_length=32)
    run_id: int = Field(foreign_key="checklist_run.id", index=True)
    item_id: str = Field(max_length=64)
    done: bool = False
    user_id: str | None = Field(default=None, max_length=32)
    changed_at: datetime | None = Field(default=None, sa_column=utc_column())


class ChecklistNote(SQLModel, table=True):
    """A note on an item; `view_id` makes a resubmitted modal store once."""

    __tablename__ = "checklist_note"

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(index=True, max_length=32)
    run_id: int = Field(foreign_key="checklist_run.id", index=True)
    item_id: str = Field(max_length=64)
    user_id: str = Field(max_length=32)
    text: str = Field(max_length=3000)
    view_id: str = Field(unique=True, max_length=64)
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
