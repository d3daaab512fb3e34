"""The Slack workspaces this database serves, recorded when the bot starts.

The command line has no Slack connection to ask which workspace it works for; when the database
serves exactly one, that is the answer, so `vahti ingest` stores what the bot will read.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, Session, SQLModel, select

from models.sql.types import utc_column
from models.sql.upsert import insert_ignore


class Workspace(SQLModel, table=True):
    """A Slack team the bot has run for."""

    __tablename__ = "workspace"

    team_id: str = Field(primary_key=True, max_length=32)
    first_seen: datetime = Field(sa_column=utc_column(nullable=False))


def remember_workspace(*, session: Session, team_id: str, now: datetime) -> None:
    """Record `team_id` once."""
    insert_ignore(session, Workspace, {"team_id": team_id, "first_seen": now})


def only_workspace(*, session: Session) -> str | None:
    """The team id when exactly one workspace is recorded."""
    found = list(session.exec(select(Workspace.team_id).limit(2)))
    return found[0] if len(found) == 1 else None
