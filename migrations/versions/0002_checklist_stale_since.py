"""checklist_run.stale_since: a message Slack refused to update, to be redrawn by a job.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 11:48:06.676277
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("checklist_run", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stale_since", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("checklist_run", schema=None) as batch_op:
        batch_op.drop_column("stale_since")
