"""`vahti export`: kpis, mentions and checklist history as CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.cli.common import LOCAL_TEAM
from bot.clock import FrozenClock
from bot.config import VahtiConfig
from bot.db import create_schema, make_engine, session_factory, session_scope
from bot.deps import Deps
from bot.ids import ItemRef
from bot.services.checklists.export import export_checklist
from bot.services.checklists.runs import set_done
from bot.services.crisis.export import export_alerts
from bot.services.exports import ExportRequest
from jobs.checklists import post_due_checklists
from models.checklists import runs as checklist_repo
from models.crisis.tables import Incident, IncidentEvent
from models.kpi import targets as kpi_target_repo
from tests.kpi_data import mention, store


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'vahti.db'}"
    (tmp_path / "vahti.yml").write_text("timezone: Europe/Helsinki\nkpi_targets: {mentions: 3}\n")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("VAHTI_CONFIG", str(tmp_path / "vahti.yml"))
    engine = make_engine(url)
    create_schema(engine)
    sessions = session_factory(engine)
    store(
        sessions,
        [
            # 00:30 on 5 March in Helsinki
            mention(
                datetime(2024, 3, 4, 22, 30, tzinfo=UTC), team_id=LOCAL_TEAM, text="=HYPERLINK(1)"
            ),
            mention(datetime(2024, 3, 5, 9, 0, tzinfo=UTC), team_id=LOCAL_TEAM, author="@kim"),
            mention(datetime(2024, 3, 6, 9, 0, tzinfo=UTC), team_id=LOCAL_TEAM),
            mention(datetime(2024, 3, 5, 9, 0, tzinfo=UTC), team_id="T_OTHER"),
        ],
    )
    with session_scope(sessions) as session:
        kpi_target_repo.set_target(
            session=session,
            team_id=LOCAL_TEAM,
            metric="mentions",
            value=2,
            now=datetime(2024, 3, 6, 0, tzinfo=UTC),
        )
    return url


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_mentions_export_is_local_days_and_formula_safe(db, capsys) -> None:
    assert main(["export", "mentions", "--since", "2024-03-05", "--until", "2024-03-05"]) == 0
    rows = read_csv(capsys.readouterr().out)
    assert [r["created_at"] for r in rows] == ["2024-03-04T22:30:00Z", "2024-03-05T09:00:00Z"]
    assert rows[0]["text"] == "'=HYPERLINK(1)" and rows[1]["author"] == "'@kim"
    assert set(rows[0]) >= {"id", "source", "reach", "brands", "label"}


def test_kpis_export_has_target_and_status_per_day(db, tmp_path, capsys) -> None:
    out = tmp_path / "kpis.csv"
    args = [
        "export",
        "kpis",
        "--since",
        "2024-03-05",
        "--until",
        "2024-03-06",
        "--output",
        str(out),
    ]
    assert main(args) == 0 and capsys.readouterr().out == ""
    rows = [r for r in read_csv(out.read_text()) if r["metric"] == "mentions"]
    assert [(r["date"], r["value"], r["target"], r["status"]) for r in rows] == [
        ("2024-03-05", "2.0", "3.0", "behind"),  # vahti.yml's target before the /kpi set one
        ("2024-03-06", "1.0", "2.0", "behind"),
    ]
    assert len(read_csv(out.read_text())) == 2 * 9


def test_bad_export_arguments(db, capsys) -> None:
    assert main(["export", "kpis", "--since", "2024-03-07", "--until", "2024-03-01"]) == 2
    assert "is after --until" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["export", "kpis", "--since", "March"])
    with pytest.raises(SystemExit):
        main(["export", "nothing"])


def test_checklist_history_export(deps: Deps, fake_slack, clock: FrozenClock) -> None:
    clock.set(datetime(2026, 11, 3, 7, 0, tzinfo=UTC))
    post_due_checklists(deps)
    with session_scope(deps.sessions) as session:
        run = checklist_repo.run_for_period(
            session=session, team_id=deps.team_id, cadence="daily", start=date(2026, 11, 3)
        )
        assert run is not None and run.id is not None
        checklist_repo.add_note(
            session=session,
            run=run,
            item_id="kpis",
            user_id="U0BOB",
            text="-5% vs target",
            view_id="V1",
            now=clock.now(),
        )
    set_done(deps, ItemRef(run.id, "kpis"), deps.team_id, "U0BOB", True)
    with session_scope(deps.sessions) as session:
        since, until = date(2026, 11, 1), date(2026, 11, 3)
        req = ExportRequest(session, deps.team_id, deps.config, since, until, clock.now())
        rows = list(export_checklist(req))
    header, body = rows[0], [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert header[:4] == ["cadence", "period_start", "title", "item"]
    kpis = next(r for r in body if r["cadence"] == "daily" and r["item"] == "kpis")
    assert (kpis["done"], kpis["by"], kpis["at"]) == ("yes", "U0BOB", "2026-11-03T07:00:00Z")
    assert kpis["notes"] == "U0BOB: -5% vs target"
    assert {r["cadence"] for r in body} == {"daily", "weekly", "monthly"}
    assert all(r["done"] == "no" for r in body if r["item"] != "kpis")


def test_alerts_export_has_each_incident_with_its_timeline(db) -> None:
    engine = make_engine(db)
    started = datetime(2024, 3, 5, 10, 0, tzinfo=UTC)
    with session_scope(session_factory(engine)) as session:
        incident = Incident(
            team_id=LOCAL_TEAM,
            key="k1",
            kind="volume_spike",
            brand="=Acme",
            severity="crisis",
            state="resolved",
            owner="U0MAIJA",
            started_at=started,
            last_seen_at=started,
            resolved_at=datetime(2024, 3, 5, 14, 0, tzinfo=UTC),
            summary="Statement posted",
        )
        session.add(incident)
        session.flush()
        assert incident.id is not None
        session.add(
            IncidentEvent(
                team_id=LOCAL_TEAM,
                incident_id=incident.id,
                kind="acknowledged",
                user_id="U0AINO",
                at=datetime(2024, 3, 5, 10, 12, tzinfo=UTC),
                text="acknowledged",
                trigger_key="t1",
            )
        )
    out = io.StringIO()
    with session_scope(session_factory(engine)) as session:
        req = ExportRequest(
            session, LOCAL_TEAM, VahtiConfig(), date(2024, 3, 1), date(2024, 3, 31), started
        )
        csv.writer(out).writerows(export_alerts(req))
    rows = read_csv(out.getvalue())
    assert len(rows) == 1
    row = rows[0]
    assert row["brand"] == "'=Acme" and row["minutes_to_acknowledge"] == "12"
    assert row["state"] == "resolved" and "U0AINO acknowledged" in row["timeline"]
