"""Alembic migrations: they build exactly the models' schema, upgrade old databases without loss,
and several processes may apply them at once."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, String, inspect, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel

import migrations
import models  # noqa: F401  (registers every table)
from bot.db import make_engine, session_factory, session_scope
from bot.schema import current_revision, head_revision, newest_revision_file, upgrade_schema
from models.checklists import runs as repo

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: a SQLite file, or an empty PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'vahti.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def engine_at(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    try:
        yield engine
    finally:
        engine.dispose()


def _differences(conn: Connection) -> list[Any]:
    context = MigrationContext.configure(conn, opts={"compare_type": True})
    return list(compare_metadata(context, SQLModel.metadata))


def test_migrations_build_exactly_the_models_schema(engine_at: Engine) -> None:
    done = upgrade_schema(engine_at)
    assert (done.before, done.after, done.stamped) == (None, head_revision(), False)
    with engine_at.connect() as conn:
        assert _differences(conn) == []


def test_baseline_is_the_previous_release_schema(engine_at: Engine) -> None:
    """Revision 0001 is the previous release's create_all: today's models less what came later."""
    upgrade_schema(engine_at, migrations.BASELINE)
    with engine_at.connect() as conn:
        diffs = _differences(conn)
    changes = []
    for diff in diffs:  # column modifications come as a list per column
        op = diff[0] if isinstance(diff, list) else diff
        if op[0] == "add_table":
            changes.append((op[0], op[1].name, op[1].name))
            continue
        column = op[3] if isinstance(op[3], str) else op[3].name
        changes.append((op[0], op[2], column))
    assert sorted(changes) == [
        ("add_column", "checklist_run", "stale_since"),
        ("add_column", "mention", "tool_sentiment"),
        ("add_table", "kpi_log_nudge", "kpi_log_nudge"),
        ("modify_type", "mention_hourly", "engagement"),
        ("modify_type", "mention_hourly", "reach"),
        ("modify_type", "mention_hourly", "shares"),
    ]


def _value(column: Any, i: int) -> Any:
    """A value of the column's type for row `i` (ids and foreign keys are `i` itself)."""
    kind = column.type.impl_instance if isinstance(column.type, TypeDecorator) else column.type
    if isinstance(kind, Boolean):
        return i % 2 == 0
    if isinstance(kind, Integer):
        return i if column.name == "id" or column.name.endswith("_id") else 2**31 - 1 - i
    if isinstance(kind, Float):
        return 0.25 + i
    if isinstance(kind, DateTime):
        return datetime(2026, 3, 29, 1, 30 + i, 15, 123456, tzinfo=UTC)
    if isinstance(kind, Date):
        return date(2026, 2, 28 - i)
    if isinstance(kind, JSON):
        return [{"id": f"item{i}", "title": "Käy läpi 😀"}]
    if isinstance(kind, String):
        return f"{column.name}{i}é😀<!channel>"[: kind.length or 100]
    raise AssertionError(f"no sample value for {column.type!r}")


def _fill_previous_release(conn: Connection) -> dict[str, list[dict[str, Any]]]:
    """Two rows in every table the previous release had, through its columns only.

    Serial ids are left to the database (rows 1 and 2, which the foreign keys name), as the
    previous release left them, so sequences stay where they were.
    """
    rows: dict[str, list[dict[str, Any]]] = {}
    old = inspect(conn)
    for table in SQLModel.metadata.sorted_tables:
        if not old.has_table(table.name):
            continue
        names = {c["name"] for c in old.get_columns(table.name)}
        rows[table.name] = [
            {c.name: _value(c, i) for c in table.columns if c.name in names and c.name != "id"}
            for i in (1, 2)
        ]
        conn.execute(table.insert(), rows[table.name])
    return rows


def test_previous_release_database_is_upgraded_and_loses_nothing(engine_at: Engine) -> None:
    upgrade_schema(engine_at, migrations.BASELINE)
    with engine_at.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))  # create_all never made one
        before = _fill_previous_release(conn)
    assert set(before) == set(SQLModel.metadata.tables) - {"kpi_log_nudge"}

    done = upgrade_schema(engine_at)

    assert done.stamped and done.after == head_revision()
    with engine_at.connect() as conn:
        assert _differences(conn) == []
        for name, rows in before.items():
            if name == "mention_hourly":  # derived: rebuilt from the mentions by revision 0006
                continue
            table = SQLModel.metadata.tables[name]
            cols = [table.c[c] for c in rows[0]]
            stored = conn.execute(select(*cols).order_by(*table.primary_key.columns)).all()
            assert [dict(r._mapping) for r in stored] == rows, name
        counted = conn.execute(text("SELECT coalesce(sum(mentions), 0) FROM mention_hourly"))
        assert counted.scalar_one() >= len(before["mention"])  # every stored mention counted
    with session_scope(session_factory(engine_at)) as session:  # and the app works on it
        run = repo.get_run(session=session, run_id=2, team_id="team_id2é😀<!channel>"[:32])
        assert run is not None and run.stale_since is None and run.ts is not None
        assert repo.set_done(
            session=session, run=run, item_id="x", user_id="U1", done=True, now=datetime.now(UTC)
        )


def test_a_create_all_database_from_between_releases_is_upgraded(engine_at: Engine) -> None:
    """Main made mention.tool_sentiment with create_all before its revision existed."""
    upgrade_schema(engine_at, migrations.BASELINE)
    with engine_at.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
        conn.execute(text("ALTER TABLE mention ADD COLUMN tool_sentiment VARCHAR(8)"))
    assert upgrade_schema(engine_at).after == head_revision()
    with engine_at.connect() as conn:
        assert _differences(conn) == []


def test_a_table_made_from_todays_models_is_recognised_as_head(engine_at: Engine) -> None:
    SQLModel.metadata.create_all(engine_at)
    done = upgrade_schema(engine_at)
    assert done.stamped and done.before is None and done.after == head_revision()


def _vahti(*args: str, url: str) -> subprocess.Popen[str]:
    env = os.environ | {"DATABASE_URL": url, "PYTHONPATH": str(Path.cwd())}
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_processes_upgrading_an_empty_database_at_once_all_succeed(db_url: str) -> None:
    procs = [_vahti("db", "upgrade", url=db_url) for _ in range(3)]
    results = [(p.wait(timeout=60), *p.communicate()) for p in procs]
    assert [rc for rc, _, _ in results] == [0, 0, 0], [err for _, _, err in results]
    # One process built the schema; the others waited for the lock and found it done.
    assert sorted("upgraded from empty" in out for _, out, _ in results) == [0, 0, 1]
    assert sum("nothing to do" in out for _, out, _ in results) == 2
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert current_revision(conn) == head_revision() and _differences(conn) == []
    engine.dispose()


def test_db_upgrade_names_an_unknown_revision_in_one_line(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    monkeypatch.setenv("DATABASE_URL", db_url)
    assert main(["db", "upgrade", "nosuch"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nosuch" in err
    assert main(["db", "upgrade"]) == 0
    assert f"to {head_revision()}" in capsys.readouterr().out


AT_HEAD_CHECK = """
import sys
from bot.db import make_engine
from bot.schema import upgrade_schema
done = upgrade_schema(make_engine(sys.argv[1]))
print(done.before, done.after, done.stamped, any(m.split(".")[0] == "alembic" for m in sys.modules))
"""


def test_the_newest_revision_file_is_alembics_head() -> None:
    assert newest_revision_file() == head_revision()


def test_a_database_at_head_is_left_alone_without_importing_alembic(db_url: str) -> None:
    engine = make_engine(db_url)
    first = upgrade_schema(engine)
    engine.dispose()
    assert first.before is None and first.after == head_revision()
    env = os.environ | {"PYTHONPATH": str(Path.cwd())}
    done = subprocess.run(
        [sys.executable, "-c", AT_HEAD_CHECK, db_url],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.stdout.split() == [str(first.after), str(first.after), "False", "False"]


def test_an_older_database_is_still_upgraded_with_alembic(engine_at: Engine) -> None:
    assert upgrade_schema(engine_at, "0003").after == "0003"
    done = upgrade_schema(engine_at)
    assert (done.before, done.after) == ("0003", head_revision())
    with engine_at.connect() as conn:
        assert _differences(conn) == []


def test_the_check_at_head_waits_for_the_start_up_lock(tmp_path: Path) -> None:
    """A process finding the schema at head still waits while another holds the lock (it may
    be migrating); it reads the revision only once it has the lock."""
    import fcntl

    path = tmp_path / "vahti.db"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    upgrade_schema(engine)
    engine.dispose()
    env = os.environ | {"PYTHONPATH": str(Path.cwd())}
    with open(f"{path}.lock", "a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        waiting = subprocess.Popen(
            [sys.executable, "-c", AT_HEAD_CHECK, url], env=env, stdout=subprocess.PIPE, text=True
        )
        with pytest.raises(subprocess.TimeoutExpired):
            waiting.wait(timeout=3)
        fcntl.flock(lock_file, fcntl.LOCK_UN)
    out, _ = waiting.communicate(timeout=60)
    assert waiting.returncode == 0 and out.split()[1] == head_revision()


def _schema(engine: Engine) -> dict[str, Any]:
    """Everything the inspector reports of every table, types as their DDL text."""
    with engine.connect() as conn:
        found = inspect(conn)
        tables: dict[str, Any] = {}
        for name in sorted(found.get_table_names()):
            columns = [
                {**column, "type": str(column["type"].compile(dialect=engine.dialect))}
                for column in found.get_columns(name)
            ]
            tables[name] = {
                "columns": columns,  # in order: a dump lists them so
                "primary key": found.get_pk_constraint(name),
                "foreign keys": sorted(map(repr, found.get_foreign_keys(name))),
                "indexes": sorted(map(repr, found.get_indexes(name))),
                "unique": sorted(map(repr, found.get_unique_constraints(name))),
                "checks": sorted(map(repr, found.get_check_constraints(name))),
            }
        return tables


def test_a_new_database_gets_the_schema_the_migrations_build(db_url: str, tmp_path: Path) -> None:
    """The start on an empty database (create_all, then stamped) builds what the revisions do."""
    built = make_engine(db_url)
    done = upgrade_schema(built)
    assert (done.before, done.after, done.stamped) == (None, head_revision(), False)
    ours = _schema(built)
    postgres = "postgresql" in db_url
    replayed = make_engine(db_url if postgres else f"sqlite:///{tmp_path / 'replayed.db'}")
    if postgres:  # the same (search path) schema, emptied, then every revision replayed
        with replayed.begin() as conn:
            for table in ours:
                conn.execute(text(f'DROP TABLE "{table}" CASCADE'))
    from alembic import command

    from bot.schema import alembic_config

    config = alembic_config()
    with replayed.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    try:
        assert "alembic_version" in ours and len(ours) > 10
        assert ours == _schema(replayed)
        with replayed.connect() as conn:
            assert current_revision(conn) == head_revision() and _differences(conn) == []
    finally:
        built.dispose()
        replayed.dispose()
