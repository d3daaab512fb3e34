"""Schema migrations at start-up: Alembic to head, under a lock so several instances may start.

Two processes starting together on an empty database would both create the tables and one
would die; so the upgrade runs while holding a lock: a PostgreSQL advisory lock (taken in the
upgrade's own transaction, released when it commits), or an exclusive `flock` on `<dbfile>.lock`
beside a SQLite file. The second process then finds the schema at head and does nothing.

A database made by the release before migrations (tables from `create_all`, no
`alembic_version`) is stamped at the baseline revision first, then upgraded like any other.
Finding when the lock is free (the second process) is one read of `alembic_version`.

That read is plain SQL, under the lock, before Alembic is imported: a database already at the
newest revision (every start but the first after a release) is left alone without Alembic,
which costs a tenth of a second of every start (as much as 500 mentions of an import). The
newest revision is the highest-numbered file in migrations/versions (`0006_….py`); a test keeps
that equal to Alembic's own head. Anything else (an older or unversioned database, another
target) goes through Alembic as before, on the same locked connection.

A new, empty database is built as Alembic's cookbook recipe "Building an Up to Date Database
from Scratch" does: the models' tables at once (`create_all`), then `alembic_version` stamped
with the newest revision, in the same locked transaction and without importing Alembic.
Replaying every revision on an empty database costs about a quarter of a second of the first
start (a first `vahti ingest` spends it before reading a line); a test keeps the two schemas
identical (tables, columns, types, nullability, defaults, keys, indexes, constraints) on each
backend.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Column, MetaData, PrimaryKeyConstraint, String, Table, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, SQLModel

import migrations

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

# Any fixed 64-bit number, the same in every Vahti process: "vahti" in ASCII.
ADVISORY_LOCK_KEY = 0x7661687469
# A table every release has had; with no alembic_version beside it, create_all made the schema.
BASELINE_TABLE = "checklist_run"


@dataclass(frozen=True)
class Upgrade:
    """The revision before and after; `stamped` when the database predates migrations."""

    before: str | None
    after: str | None
    stamped: bool


def alembic_config() -> Config:
    """Alembic's configuration for the migrations shipped with the package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations.LOCATION))
    return config


def head_revision() -> str | None:
    """The newest revision this release knows."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at (None: never migrated)."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def newest_revision_file() -> str | None:
    """The newest revision by file name (`NNNN_what.py`), found without Alembic."""
    numbers = sorted(
        path.name[:4]
        for path in (migrations.LOCATION / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")
    )
    return numbers[-1] if numbers else None


def _at_newest(connection: Connection) -> str | None:
    """The newest revision when `alembic_version` says the database is at it, else None.

    Plain SQL on the locked connection; the table is looked up first, so a new database does
    not abort the transaction (PostgreSQL) that the upgrade then runs in.
    """
    newest = newest_revision_file()
    if newest is None or not inspect(connection).has_table("alembic_version"):
        return None
    found = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return newest if list(found) == [newest] else None


# Alembic's own version table (alembic.runtime.migration), so Alembic reads and updates it later.
_VERSION_TABLE = Table(
    "alembic_version",
    MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)


def _build_new(connection: Connection) -> str | None:
    """On a database with no tables: the models' schema and the newest revision stamped.

    Returns that revision, or None (tables exist, or no revision file) when Alembic decides.
    """
    newest = newest_revision_file()
    if newest is None or inspect(connection).get_table_names():
        return None
    SQLModel.metadata.create_all(connection)
    _VERSION_TABLE.create(connection)
    connection.execute(_VERSION_TABLE.insert().values(version_num=newest))
    return newest


@contextmanager
def _locked(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction, held by this process alone among Vahti processes."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
            yield conn
        return
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    if not path or path == ":memory:":  # in-memory: one process by definition
        with engine.begin() as conn:
            yield conn
        return
    import fcntl  # POSIX only, so imported only where a SQLite file needs it

    with open(f"{path}.lock", "a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            with engine.begin() as conn:
                yield conn
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def _unversioned_revision(connection: Connection) -> str | None:
    """The revision a schema made by `create_all` is at; None when there is no schema.

    The previous release's tables are the baseline; tables that already match today's models
    (a throwaway database made with `create_schema`) are at head.
    """
    tables = set(inspect(connection).get_table_names())
    if BASELINE_TABLE not in tables or "alembic_version" in tables:
        return None
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return (
        head_revision() if not compare_metadata(context, SQLModel.metadata) else migrations.BASELINE
    )


ROLLUPS_REBUILT_AT = "0006"  # the revision that empties the roll-ups (one row per named brand)


def _rebuild_rollups(connection: Connection) -> None:
    """Recompute every workspace's hourly roll-ups from its stored mentions, under the lock."""
    from models.kpi.rollups import rebuild_rollups

    spans = connection.execute(
        text("SELECT team_id, min(created_at), max(created_at) FROM mention GROUP BY team_id")
    ).all()
    with Session(bind=connection) as session:
        for team_id, first, last in spans:
            start, end = _as_utc(first), _as_utc(last) + timedelta(hours=1)
            rows = rebuild_rollups(session=session, team_id=team_id, start=start, end=end)
            log.info("roll-ups rebuilt", extra={"team_id": team_id, "hours": rows})
        session.flush()
    connection.commit()


def _as_utc(value: object) -> datetime:
    """A stored time as aware UTC (SQLite hands back text or naive datetimes)."""
    at = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def upgrade_schema(engine: Engine, target: str = "head") -> Upgrade:
    """Bring the schema to `target` (default the newest), under the start-up lock."""
    import models  # noqa: F401  (the revisions' env compares against the registered tables)

    with _locked(engine) as conn:
        if target == "head" and (newest := _at_newest(conn)) is not None:
            return Upgrade(newest, newest, stamped=False)
        if target == "head" and (built := _build_new(conn)) is not None:
            log.info("schema upgraded", extra={"from": None, "to": built})
            return Upgrade(None, built, stamped=False)
        from alembic import command

        config = alembic_config()
        config.attributes["connection"] = conn
        before = current_revision(conn)
        found = _unversioned_revision(conn) if before is None else None
        if found is not None:
            command.stamp(config, found)
            log.info("schema made without migrations stamped", extra={"at": found})
        command.upgrade(config, target)
        after = current_revision(conn)
        if (before or found or "0000") < ROLLUPS_REBUILT_AT <= (after or "0000"):
            _rebuild_rollups(conn)
    if after != before:
        log.info("schema upgraded", extra={"from": before, "to": after})
    return Upgrade(before, after, stamped=found is not None)
