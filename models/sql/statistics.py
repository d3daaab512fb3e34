"""Planner statistics kept fresh, so queries keep their index plans as the store grows.

Neither database learns what a bulk import changed on its own in time: SQLite never gathers
statistics unless asked, and PostgreSQL's autovacuum analyses a table only after a share of it
changed, and later. Without them the planners guess: on a million mentions that makes
`/pulse activation` 3.3× and `/pulse year` 1.6× dearer on SQLite.

On SQLite this runs `ANALYZE` under `PRAGMA analysis_limit` (each index sampled, not read whole,
so it costs milliseconds at any size) and then `PRAGMA optimize`. `PRAGMA optimize` alone is what
SQLite recommends, but before 3.46 it only looks at tables the same connection has queried, so
on a fresh connection after an import it does nothing. On PostgreSQL it runs `ANALYZE` on the
tables mentions fill (sampled as well).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

ANALYSIS_LIMIT = 1000  # rows sampled per index on SQLite
MENTION_TABLES = ("mention", "mention_brand", "mention_tag", "mention_hourly")


def refresh_statistics(engine: Engine) -> None:
    """Refresh the planner's statistics (after an import, and daily)."""
    with engine.begin() as conn:
        refresh_on(conn)


def refresh_on(conn: Connection) -> None:
    """`refresh_statistics` on an open connection (commits with it)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        conn.exec_driver_sql("ANALYZE")
        conn.exec_driver_sql("PRAGMA optimize")
    elif conn.dialect.name == "postgresql":
        conn.execute(text("ANALYZE " + ", ".join(MENTION_TABLES)))
