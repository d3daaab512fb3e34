"""mention_hourly keyed per named brand: empty the old roll-ups so they are rebuilt.

The roll-ups used to hold one row per post's first brand, and posts naming no configured brand
were counted as the brand's. From this revision a post counts for every brand it names and
unmatched posts have their own row. The rows cannot be converted in SQL alone (the old ones do
not say which other brands a post named), so this revision empties the table and
`bot.schema.upgrade_schema` rebuilds it from the stored mentions right after the upgrade.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 13:35:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM mention_hourly")


def downgrade() -> None:
    op.execute("DELETE FROM mention_hourly")
