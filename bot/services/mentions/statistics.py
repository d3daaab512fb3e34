"""Keeping the planner's statistics fresh: after a big import, and once a day."""

from __future__ import annotations

from bot.db import SessionFactory, session_scope
from models.sql.statistics import refresh_on

BIG_IMPORT = 1000  # stored mentions after which an import refreshes the statistics itself


def refresh_statistics(sessions: SessionFactory) -> None:
    """`ANALYZE` (sampled) and `PRAGMA optimize` on SQLite, `ANALYZE` on PostgreSQL."""
    with session_scope(sessions) as session:
        refresh_on(session.connection())
