"""mention_hourly reach, engagement and shares as BIGINT: an hour's sums outgrow 32 bits.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 13:21:53.554976
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("mention_hourly", schema=None) as batch_op:
        batch_op.alter_column(
            "reach", existing_type=sa.INTEGER(), type_=sa.BigInteger(), existing_nullable=False
        )
        batch_op.alter_column(
            "engagement", existing_type=sa.INTEGER(), type_=sa.BigInteger(), existing_nullable=False
        )
        batch_op.alter_column(
            "shares", existing_type=sa.INTEGER(), type_=sa.BigInteger(), existing_nullable=False
        )


def downgrade() -> None:
    with op.batch_alter_table("mention_hourly", schema=None) as batch_op:
        batch_op.alter_column(
            "shares", existing_type=sa.BigInteger(), type_=sa.INTEGER(), existing_nullable=False
        )
        batch_op.alter_column(
            "engagement", existing_type=sa.BigInteger(), type_=sa.INTEGER(), existing_nullable=False
        )
        batch_op.alter_column(
            "reach", existing_type=sa.BigInteger(), type_=sa.INTEGER(), existing_nullable=False
        )
