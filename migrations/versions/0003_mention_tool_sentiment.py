"""mention.tool_sentiment: the listening tool's own sentiment label, when an import carried one.

The column reached the models before migrations did, so a database made by create_all in
between may have it already; then there is nothing to add.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 12:50:01.516369
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("mention")}
    if "tool_sentiment" in columns:
        return
    with op.batch_alter_table("mention", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tool_sentiment", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("mention", schema=None) as batch_op:
        batch_op.drop_column("tool_sentiment")
