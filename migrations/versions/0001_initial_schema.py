"""Initial schema: the tables of the release before migrations (made by create_all).

A database that release created has these tables and no alembic_version; `bot.schema` stamps
it at this revision, then upgrades.

Revision ID: 0001
Revises:
Create Date: 2026-12-02 11:45:57.726592
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "checklist_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("cadence", sa.String(length=16), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("run_key", sa.String(length=128), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=150), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=True),
        sa.Column("ts", sa.String(length=32), nullable=True),
        sa.Column("claim_token", sa.String(length=64), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("nudged_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_key"),
    )
    with op.batch_alter_table("checklist_run", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_checklist_run_period_start"), ["period_start"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_checklist_run_team_id"), ["team_id"], unique=False)

    op.create_table(
        "feed_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("etag", sa.String(length=512), nullable=True),
        sa.Column("last_modified", sa.String(length=64), nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("error", sa.String(length=512), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "url", name="uq_feed_state_url"),
    )
    op.create_table(
        "incident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("brand", sa.String(length=128), nullable=False),
        sa.Column("subject", sa.String(length=256), nullable=False),
        sa.Column("slot", sa.String(length=400), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("severity_set_by", sa.String(length=32), nullable=True),
        sa.Column("owner", sa.String(length=32), nullable=True),
        sa.Column("channel", sa.String(length=64), nullable=True),
        sa.Column("ts", sa.String(length=32), nullable=True),
        sa.Column("claim_token", sa.String(length=64), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.String(length=32), nullable=True),
        sa.Column("summary", sa.String(length=500), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("posted_version", sa.Integer(), nullable=False),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "key", name="uq_incident_key"),
        sa.UniqueConstraint("team_id", "slot", name="uq_incident_slot"),
    )
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.create_index("ix_incident_state", ["team_id", "state", "started_at"], unique=False)
        batch_op.create_index(
            "ix_incident_subject",
            ["team_id", "brand", "kind", "subject", "started_at"],
            unique=False,
        )

    op.create_table(
        "kpi_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("logged_by", sa.String(length=64), nullable=True),
        sa.Column("logged_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "metric", "day", name="uq_kpi_log_day"),
    )
    op.create_table(
        "kpi_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("set_by", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "metric", "valid_from", name="uq_kpi_target_from"),
    )
    op.create_table(
        "mention",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("external_id", sa.String(length=512), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(length=256), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=True),
        sa.Column("reach", sa.Integer(), nullable=False),
        sa.Column("engagement", sa.Integer(), nullable=False),
        sa.Column("shares", sa.Integer(), nullable=False),
        sa.Column("media", sa.String(length=8), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=True),
        sa.Column("brand", sa.String(length=128), nullable=True),
        sa.Column("polarity", sa.Float(), nullable=False),
        sa.Column("subjectivity", sa.Float(), nullable=False),
        sa.Column("label", sa.String(length=8), nullable=False),
        sa.Column("scored", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "source", "external_id", name="uq_mention_source_id"),
    )
    with op.batch_alter_table("mention", schema=None) as batch_op:
        batch_op.create_index(
            "ix_mention_author", ["team_id", "author", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_mention_brand_time", ["team_id", "brand", "created_at"], unique=False
        )
        batch_op.create_index("ix_mention_time", ["team_id", "created_at"], unique=False)

    op.create_table(
        "mention_hourly",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("brand", sa.String(length=128), nullable=False),
        sa.Column("hour", sa.DateTime(timezone=True), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.Column("positive", sa.Integer(), nullable=False),
        sa.Column("negative", sa.Integer(), nullable=False),
        sa.Column("neutral", sa.Integer(), nullable=False),
        sa.Column("unscored", sa.Integer(), nullable=False),
        sa.Column("reach", sa.Integer(), nullable=False),
        sa.Column("engagement", sa.Integer(), nullable=False),
        sa.Column("shares", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "brand", "hour"),
    )
    with op.batch_alter_table("mention_hourly", schema=None) as batch_op:
        batch_op.create_index("ix_mention_hourly_time", ["team_id", "hour"], unique=False)

    op.create_table(
        "workspace",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id"),
    )
    op.create_table(
        "checklist_completion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["checklist_run.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_id", "item_id", name="uq_completion_run_item"),
    )
    with op.batch_alter_table("checklist_completion", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_checklist_completion_run_id"), ["run_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_checklist_completion_team_id"), ["team_id"], unique=False
        )

    op.create_table(
        "checklist_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("text", sa.String(length=3000), nullable=False),
        sa.Column("view_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["checklist_run.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("view_id"),
    )
    with op.batch_alter_table("checklist_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checklist_note_run_id"), ["run_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_checklist_note_team_id"), ["team_id"], unique=False)

    op.create_table(
        "crisis_candidate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("mention_id", sa.Integer(), nullable=False),
        sa.Column("brand", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("subject", sa.String(length=256), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.ForeignKeyConstraint(
            ["mention_id"],
            ["mention.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "mention_id", "kind", "subject", name="uq_crisis_candidate"),
    )
    with op.batch_alter_table("crisis_candidate", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_crisis_candidate_incident_id"), ["incident_id"], unique=False
        )
        batch_op.create_index(
            "ix_crisis_candidate_pending", ["team_id", "processed_at"], unique=False
        )

    op.create_table(
        "incident_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.String(length=3000), nullable=False),
        sa.Column("trigger_key", sa.String(length=128), nullable=False),
        sa.Column("signal", sa.String(length=24), nullable=False),
        sa.Column("to_thread", sa.Boolean(), nullable=False),
        sa.Column("thread_posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("incident_id", "trigger_key", name="uq_incident_event_trigger"),
    )
    with op.batch_alter_table("incident_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incident_event_incident_id"), ["incident_id"], unique=False
        )

    op.create_table(
        "incident_signal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("brand", sa.String(length=128), nullable=False),
        sa.Column("subject", sa.String(length=256), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("reported_peak", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "key", name="uq_incident_signal_key"),
    )
    with op.batch_alter_table("incident_signal", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incident_signal_incident_id"), ["incident_id"], unique=False
        )
        batch_op.create_index(
            "ix_incident_signal_subject",
            ["team_id", "brand", "kind", "subject", "started_at"],
            unique=False,
        )

    op.create_table(
        "mention_brand",
        sa.Column("mention_id", sa.Integer(), nullable=False),
        sa.Column("brand", sa.String(length=128), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["mention_id"],
            ["mention.id"],
        ),
        sa.PrimaryKeyConstraint("mention_id", "brand"),
    )
    with op.batch_alter_table("mention_brand", schema=None) as batch_op:
        batch_op.create_index(
            "ix_mention_brand_brand_time", ["team_id", "brand", "created_at"], unique=False
        )

    op.create_table(
        "mention_tag",
        sa.Column("mention_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("value", sa.String(length=512), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["mention_id"],
            ["mention.id"],
        ),
        sa.PrimaryKeyConstraint("mention_id", "kind", "value"),
    )
    with op.batch_alter_table("mention_tag", schema=None) as batch_op:
        batch_op.create_index(
            "ix_mention_tag_value_time", ["team_id", "kind", "value", "created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("mention_tag", schema=None) as batch_op:
        batch_op.drop_index("ix_mention_tag_value_time")

    op.drop_table("mention_tag")
    with op.batch_alter_table("mention_brand", schema=None) as batch_op:
        batch_op.drop_index("ix_mention_brand_brand_time")

    op.drop_table("mention_brand")
    with op.batch_alter_table("incident_signal", schema=None) as batch_op:
        batch_op.drop_index("ix_incident_signal_subject")
        batch_op.drop_index(batch_op.f("ix_incident_signal_incident_id"))

    op.drop_table("incident_signal")
    with op.batch_alter_table("incident_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_event_incident_id"))

    op.drop_table("incident_event")
    with op.batch_alter_table("crisis_candidate", schema=None) as batch_op:
        batch_op.drop_index("ix_crisis_candidate_pending")
        batch_op.drop_index(batch_op.f("ix_crisis_candidate_incident_id"))

    op.drop_table("crisis_candidate")
    with op.batch_alter_table("checklist_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checklist_note_team_id"))
        batch_op.drop_index(batch_op.f("ix_checklist_note_run_id"))

    op.drop_table("checklist_note")
    with op.batch_alter_table("checklist_completion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checklist_completion_team_id"))
        batch_op.drop_index(batch_op.f("ix_checklist_completion_run_id"))

    op.drop_table("checklist_completion")
    op.drop_table("workspace")
    with op.batch_alter_table("mention_hourly", schema=None) as batch_op:
        batch_op.drop_index("ix_mention_hourly_time")

    op.drop_table("mention_hourly")
    with op.batch_alter_table("mention", schema=None) as batch_op:
        batch_op.drop_index("ix_mention_time")
        batch_op.drop_index("ix_mention_brand_time")
        batch_op.drop_index("ix_mention_author")

    op.drop_table("mention")
    op.drop_table("kpi_target")
    op.drop_table("kpi_log")
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_index("ix_incident_subject")
        batch_op.drop_index("ix_incident_state")

    op.drop_table("incident")
    op.drop_table("feed_state")
    with op.batch_alter_table("checklist_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checklist_run_team_id"))
        batch_op.drop_index(batch_op.f("ix_checklist_run_period_start"))

    op.drop_table("checklist_run")
