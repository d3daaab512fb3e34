"""KPI tables: target history, manually logged values and the hourly mention roll-up.

Targets are never rewritten: `/kpi set` adds a row valid from that moment, and a report uses the
row in force on each day. A manual log is the day's figure as the team knows it: a later log for
the same (metric, day) replaces the earlier one. The roll-up holds one row per (workspace, brand,
UTC hour), so `/kpi` reads a few thousand small rows however many mentions are stored.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.sql.types import utc_column


class KpiTarget(SQLModel, table=True):
    """A target for one metric, in force from `valid_from` until the next row for that metric."""

    __tablename__ = "kpi_target"
    __table_args__ = (
        UniqueConstraint("team_id", "metric", "valid_from", name="uq_kpi_target_from"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    metric: str = Field(max_length=32)
    value: float
    valid_from: datetime = Field(sa_column=utc_column(nullable=False))
    set_by: str | None = Field(default=None, max_length=32)


class KpiLog(SQLModel, table=True):
    """A manually logged daily value (new followers, purchase opportunities, …); one per day."""

    __tablename__ = "kpi_log"
    __table_args__ = (UniqueConstraint("team_id", "metric", "day", name="uq_kpi_log_day"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    metric: str = Field(max_length=32)
    day: date
    value: float
    source: str = Field(default="slack", max_length=16)
    logged_by: str | None = Field(default=None, max_length=64)
    logged_at: datetime = Field(sa_column=utc_column(nullable=False))


class MentionHourly(SQLModel, table=True):
    """Mention counts of one brand in one UTC hour; `brand` is '' for untagged mentions."""

    __tablename__ = "mention_hourly"
    __table_args__ = (Index("ix_mention_hourly_time", "team_id", "hour"),)

    team_id: str = Field(primary_key=True, max_length=32)
    brand: str = Field(primary_key=True, max_length=128)
    hour: datetime = Field(sa_column=utc_column(nullable=False, primary_key=True))
    mentions: int = 0
    positive: int = 0
    negative: int = 0
    neutral: int = 0
    unscored: int = 0
    # Sums of an hour's mentions: each fits 32 bits, their sum needs 64 (BIGINT on PostgreSQL).
    reach: int = Field(default=0, sa_type=BigInteger)
    engagement: int = Field(default=0, sa_type=BigInteger)
    shares: int = Field(default=0, sa_type=BigInteger)


class KpiLogNudge(SQLModel, table=True):
    """The end-of-day reminder to log manual KPIs: one per workspace and local day, claimed
    before the Slack call so a retry or a second scheduler never posts it twice."""

    __tablename__ = "kpi_log_nudge"

    team_id: str = Field(primary_key=True, max_length=32)
    day: date = Field(primary_key=True)
    claimed_at: datetime = Field(sa_column=utc_column(nullable=False))
