"""Typed bridges from SQLModel classes and results to SQLAlchemy Core, for bulk statements.

SQLModel's classes carry their Core `Table` and updates report `rowcount`, but neither is in
their static types; these helpers say so once instead of at every use. The bulk paths that go
below SQLAlchemy (the mention store, the roll-up UPSERT) share the driver-level pieces here.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Result, Table
from sqlalchemy.engine import Connection, Dialect
from sqlmodel import SQLModel


def table_of(model: type[SQLModel]) -> Table:
    """The Core table behind a table model (for INSERT/UPDATE/SELECT without ORM objects)."""
    table = getattr(model, "__table__", None)
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not a table model")
    return table


def rows_changed(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE changed (a conditional update's claim succeeded)."""
    return int(cast(CursorResult[Any], result).rowcount)


def placeholder(dialect: Dialect) -> str:
    """The driver's parameter mark (sqlite3: `?`, psycopg: `%s`)."""
    return "?" if dialect.paramstyle == "qmark" else "%s"


def driver_cursor(connection: Connection) -> Any:
    """A driver cursor in the connection's transaction: the bulk paths skip SQLAlchemy's
    per-row work (their values are bound as SQLAlchemy would bind them)."""
    return connection.connection.cursor()
