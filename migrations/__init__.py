"""Alembic migrations of Vahti's schema; `bot.schema` runs them (`vahti db upgrade`, `vahti run`).

Shipped inside the installed distribution, so an installed `vahti` finds its revisions.
Revisions use plain SQLAlchemy types (see `env.render_item`), never application code, so an old
revision keeps working whatever later releases do to the models.
"""

from pathlib import Path

LOCATION = Path(__file__).parent
# The schema of the release before migrations existed (tables made by create_all).
BASELINE = "0001"
