"""Insert-if-absent on SQLite and PostgreSQL, the primitive behind every idempotency key."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Table
from sqlmodel import Session, SQLModel

from models.sql.core import table_of


def insert_ignore(session: Session, model: type[SQLModel], values: dict[str, Any]) -> bool:
    """Insert one row unless a unique key already holds it; True when this call inserted it."""
    return insert_many_ignore(session, model, [values]) == 1


def insert_many_ignore(session: Session, model: type[SQLModel], rows: list[dict[str, Any]]) -> int:
    """Insert the rows whose unique keys are free; returns how many were inserted.

    The rows are parameters of one statement built once per table and dialect (SQLAlchemy sends
    them as multi-row INSERTs), not values rendered into a new statement at every call.
    """
    if not rows:
        return 0
    stmt = _insert_ignore_statement(table_of(model), session.get_bind().dialect.name)
    # RETURNING counts what was inserted: multi-row rowcount is unreliable on psycopg 3.
    return len(session.execute(stmt, rows).all())


@cache
def _insert_ignore_statement(table: Table, dialect: str) -> Any:
    # Each dialect imported where it is used: PostgreSQL's costs a SQLite process 40 ms at start.
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        stmt: Any = postgresql.insert(table).on_conflict_do_nothing()
    elif dialect == "sqlite":
        from sqlalchemy.dialects import sqlite

        stmt = sqlite.insert(table).on_conflict_do_nothing()
    else:  # pragma: no cover - only the two supported databases
        raise NotImplementedError(f"insert_ignore does not support {dialect}")
    first_key = next(iter(table.primary_key.columns))
    return stmt.returning(first_key)
