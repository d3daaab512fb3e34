"""Mentions of the brand and its competitors, unique per (workspace, source, source's id).

`brand` is the mention's main tracked brand; `MentionBrand` lists every brand it is about (share
of voice counts each) and `MentionTag` its hashtags and links (weekly activation, tracing a
jump to one source). Times are UTC.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.sql.types import utc_column


class Mention(SQLModel, table=True):
    """One post, comment or article that mentions a tracked brand."""

    __tablename__ = "mention"
    __table_args__ = (
        UniqueConstraint("team_id", "source", "external_id", name="uq_mention_source_id"),
        Index("ix_mention_brand_time", "team_id", "brand", "created_at"),
        Index("ix_mention_author", "team_id", "author", "created_at"),
        Index("ix_mention_time", "team_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    source: str = Field(max_length=64)
    external_id: str = Field(max_length=512)
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    ingested_at: datetime = Field(sa_column=utc_column(nullable=False))
    author: str = Field(default="", max_length=256)
    text: str = Field(default="")
    url: str | None = Field(default=None, max_length=2048)
    reach: int = 0
    engagement: int = 0
    shares: int = 0
    media: str = Field(default="text", max_length=8)
    lang: str | None = Field(default=None, max_length=8)
    brand: str | None = Field(default=None, max_length=128)
    polarity: float = 0.0
    subjectivity: float = 0.0
    label: str = Field(default="neutral", max_length=8)
    scored: bool = True
    # The listening tool's own label (positive/negative/neutral) when the import carried one;
    # `label` takes it when Vahti cannot score the post (a language it does not read).
    tool_sentiment: str | None = Field(default=None, max_length=8)


class MentionBrand(SQLModel, table=True):
    """A tracked brand a mention is about (a mention may name several)."""

    __tablename__ = "mention_brand"
    __table_args__ = (Index("ix_mention_brand_brand_time", "team_id", "brand", "created_at"),)

    mention_id: int = Field(foreign_key="mention.id", primary_key=True)
    brand: str = Field(primary_key=True, max_length=128)
    team_id: str = Field(max_length=32)
    created_at: datetime = Field(sa_column=utc_column(nullable=False))


class MentionTag(SQLModel, table=True):
    """A hashtag (`kind='hashtag'`, lower-case, no '#') or link (`kind='link'`) in a mention."""

    __tablename__ = "mention_tag"
    __table_args__ = (Index("ix_mention_tag_value_time", "team_id", "kind", "value", "created_at"),)

    mention_id: int = Field(foreign_key="mention.id", primary_key=True)
    kind: str = Field(primary_key=True, max_length=8)
    value: str = Field(primary_key=True, max_length=512)
    team_id: str = Field(max_length=32)
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
