"""Insert-if-absent: only free keys are inserted, and the count says how many were."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from models.sql.upsert import insert_ignore, insert_many_ignore
from models.workspaces import Workspace

AT = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)


def test_only_free_keys_are_inserted_and_counted(engine: Engine) -> None:
    with Session(engine) as session:
        assert insert_ignore(session, Workspace, {"team_id": "T1", "first_seen": AT})
        assert not insert_ignore(session, Workspace, {"team_id": "T1", "first_seen": AT})
        rows = [{"team_id": t, "first_seen": AT} for t in ("T1", "T2", "T3")]
        assert insert_many_ignore(session, Workspace, rows) == 2  # T1 was there
        assert insert_many_ignore(session, Workspace, rows) == 0
        assert insert_many_ignore(session, Workspace, []) == 0
        stored = session.exec(select(Workspace.team_id).order_by(col(Workspace.team_id))).all()
        assert list(stored) == ["T1", "T2", "T3"]
