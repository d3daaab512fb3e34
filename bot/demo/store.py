"""The demo's database: one SQLite connection and one transaction for the whole run.

The bot's services open a session per unit of work and commit it. Over thousands of simulated
steps, committing each to the file (or even to a savepoint of its own) costs more than much of
the work, so here every session joins the one open transaction: its commit leaves the
transaction open, and the file is written once, at the end. None of the bot's units of work
rolls back in normal operation; one that fails rolls the whole transaction back, and `close`
then says so instead of leaving a half-written database. The simulation takes savepoints of its
own to look ahead (store the next mentions, see whether the crisis watch has anything to do
there) and to take the look-ahead back when it has.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.engine.base import NestedTransaction, RootTransaction
from sqlmodel import Session

from bot.db import SessionFactory, create_schema, make_engine

CACHE_KIB = 128 * 1024  # the whole demo database stays in SQLite's page cache (about 25 MB)


def _driver_transactions(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite begins transactions on its own and breaks savepoints; SQLAlchemy's "begin" below
    # does it instead (the recipe in SQLAlchemy's SQLite dialect documentation).
    dbapi_connection.isolation_level = None
    dbapi_connection.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    dbapi_connection.execute("PRAGMA temp_store=MEMORY")  # the look-ahead's savepoint journal


def _begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN")


@dataclass
class DemoStore:
    """The demo's SQLite file, its one connection and the transaction everything joins."""

    engine: Engine
    connection: Connection
    transaction: RootTransaction

    @classmethod
    def create(cls, db_path: Path) -> DemoStore:
        """A fresh database at `db_path` with every table, and the transaction open."""
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        engine = make_engine(f"sqlite:///{db_path}")
        event.listen(engine, "connect", _driver_transactions)
        event.listen(engine, "begin", _begin)
        create_schema(engine)
        connection = engine.connect()
        return cls(engine, connection, connection.begin())

    @property
    def sessions(self) -> SessionFactory:
        """Sessions on the one connection, in its transaction (committed by `close`)."""
        connection = self.connection

        def make() -> Session:
            return Session(
                bind=connection, join_transaction_mode="rollback_only", expire_on_commit=False
            )

        return make

    def savepoint(self) -> NestedTransaction:
        """A savepoint the caller commits (keeps) or rolls back (takes back)."""
        return self.connection.begin_nested()

    def close(self) -> None:
        """Write everything to the file and let go of the connection."""
        try:
            if not self.transaction.is_active:
                raise RuntimeError("a unit of work failed: the demo database was rolled back")
            self.transaction.commit()
        finally:
            self.connection.close()
            self.engine.dispose()
