"""Alembic's environment: migrations against the models' metadata, on the caller's connection.

`bot.schema` passes an open connection (holding the start-up lock) in
`config.attributes["connection"]`; the `alembic` command line (alembic.ini at the repository
root, for writing revisions) connects to `DATABASE_URL` instead.
"""

from __future__ import annotations

import os
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.engine import Connection
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

import models  # noqa: F401  (registers every table on SQLModel.metadata)
from bot.db import make_engine

target_metadata = SQLModel.metadata


def render_item(kind: str, obj: Any, _autogen: AutogenContext) -> str | Literal[False]:
    """Render application column types as the plain SQLAlchemy types they store."""
    if kind != "type":
        return False
    if isinstance(obj, AutoString):
        return f"sa.String(length={obj.length})" if obj.length else "sa.String()"
    if isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


def run(connection: Connection) -> None:
    """Run the migrations on `connection` (batch mode, so ALTERs work on SQLite too)."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url") or os.environ.get(
        "DATABASE_URL", "sqlite:///vahti.db"
    )
    engine = make_engine(url)
    with engine.connect() as conn:
        run(conn)
    engine.dispose()


main()
