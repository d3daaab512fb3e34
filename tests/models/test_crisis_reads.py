"""Incident and signal reads give the row as stored now, even to a session that holds it."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models.crisis import incidents as repo
from models.crisis import signals as signal_repo

TEAM = "T1"
AT = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)


def _changed_elsewhere(engine: Engine, sql: str) -> None:
    """Another process (its own connection) changes the row."""
    with engine.begin() as conn:
        conn.execute(text(sql))


def test_reads_give_the_stored_row_to_a_session_holding_an_older_copy(engine: Engine) -> None:
    values = {
        "team_id": TEAM,
        "key": "term:Acme",
        "kind": "crisis_term",
        "brand": "Acme",
        "subject": "",
        "slot": "Acme:crisis",
        "severity": "watch",
        "started_at": AT,
        "last_seen_at": AT,
    }
    with Session(engine) as session:
        incident, _ = repo.open_incident(session=session, values=values)
        incident_id = incident.id
        assert incident_id is not None
        signal = {k: v for k, v in values.items() if k != "slot"}
        signal_repo.claim(
            session=session,
            values=signal | {"key": "sig:Acme", "figures": "{}", "reported_peak": 1.0},
        )
        session.commit()
    with Session(engine, expire_on_commit=False) as session:
        held = repo.by_slot(session=session, team_id=TEAM, slot="Acme:crisis")
        signal = signal_repo.by_key(session=session, team_id=TEAM, key="sig:Acme")
        assert held is not None and held.version == 1 and held.severity == "watch"
        assert signal is not None and signal.severity == "watch"
        session.commit()  # the session keeps its objects, as the demo's do
        _changed_elsewhere(engine, "UPDATE incident SET version = 5, severity = 'crisis'")
        _changed_elsewhere(engine, "UPDATE incident_signal SET severity = 'crisis'")
        found = repo.by_slot(session=session, team_id=TEAM, slot="Acme:crisis")
        assert found is held and (found.version, found.severity) == (5, "crisis")
        _changed_elsewhere(engine, "UPDATE incident SET version = 6")
        got = repo.get(session=session, team_id=TEAM, incident_id=incident_id)
        assert got is held and got.version == 6
        assert repo.get(session=session, team_id="T2", incident_id=incident_id) is None
        again = signal_repo.by_key(session=session, team_id=TEAM, key="sig:Acme")
        assert again is signal and again.severity == "crisis"
