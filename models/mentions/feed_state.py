"""What was last fetched from each feed: validators for conditional GET and the last outcome."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, Session, SQLModel, select

from models.sql.types import utc_column
from models.sql.upsert import insert_ignore


class FeedState(SQLModel, table=True):
    """One polled feed per team: its ETag and Last-Modified, when and how it was last checked."""

    __tablename__ = "feed_state"
    __table_args__ = (UniqueConstraint("team_id", "url", name="uq_feed_state_url"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    url: str = Field(max_length=2048)
    etag: str | None = Field(default=None, max_length=512)
    last_modified: str | None = Field(default=None, max_length=64)
    checked_at: datetime | None = Field(default=None, sa_column=utc_column())
    status: int | None = None
    error: str | None = Field(default=None, max_length=512)


def feed_state(*, session: Session, team_id: str, url: str) -> FeedState:
    """The feed's state row, created empty on first use."""
    insert_ignore(session, FeedState, {"team_id": team_id, "url": url})
    query = select(FeedState).where(FeedState.team_id == team_id, FeedState.url == url)
    return session.exec(query).one()
