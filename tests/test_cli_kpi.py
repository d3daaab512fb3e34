"""`vahti kpi`, `vahti ingest --kind kpis` and `POST /kpis`: the same figures off Slack."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.cli.common import LOCAL_TEAM
from bot.config import Settings
from bot.db import create_schema, make_engine, session_factory, session_scope
from models.kpi import targets as kpi_target_repo
from models.kpi.tables import KpiLog
from tests.kpi_data import mention, store

CONFIG = """
timezone: Europe/Helsinki
brand: {name: Acme}
competitors: [{name: Rival}]
kpi_targets: {mentions: 10, positive_share: 60}
"""


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'vahti.db'}"
    (tmp_path / "vahti.yml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("VAHTI_CONFIG", str(tmp_path / "vahti.yml"))
    engine = make_engine(url)
    create_schema(engine)
    at = datetime(2024, 3, 5, 9, 0, tzinfo=UTC)
    rows = [mention(at, team_id=LOCAL_TEAM) for _ in range(12)]
    rows += [mention(at, team_id=LOCAL_TEAM, label="negative") for _ in range(4)]
    rows += [mention(at, team_id=LOCAL_TEAM, brand="Rival") for _ in range(16)]
    store(session_factory(engine), rows)
    with session_scope(session_factory(engine)) as session:
        kpi_target_repo.set_target(
            session=session,
            team_id=LOCAL_TEAM,
            metric="mentions",
            value=15,
            now=datetime(2024, 3, 5, 12, tzinfo=UTC),
        )
    return url


def logs(url: str) -> list[tuple[str, date, float, str]]:
    with session_scope(session_factory(make_engine(url))) as session:
        found = session.execute(select(KpiLog).order_by(KpiLog.day, KpiLog.metric)).scalars()  # type: ignore[arg-type]
        return [(x.metric, x.day, x.value, x.source) for x in found]


def test_kpi_prints_the_report_of_a_day(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kpi", "2024-03-05"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "KPIs: Tue 5 Mar 2024"
    lines = {line.split("  ")[0]: line for line in out[2:11]}
    assert "16 · target 15 · typical — · on track +1" in lines["Mentions"]  # the /kpi set target
    assert "75% · target 60% · typical — · ahead +15.0 pp" in lines["Positive share"]  # vahti.yml
    assert "50% · no target" in lines["Share of voice"]


def test_kpi_speaks_the_workspace_locale(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "vahti.yml").write_text(CONFIG + "locale: fi\n", encoding="utf-8")
    assert main(["kpi", "2024-03-05"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "KPI:t: ti 5.3.2024"
    lines = {line.split("  ")[0]: line for line in out[2:11]}
    assert "16 · tavoite 15 · tavallisesti — · aikataulussa +1" in lines["Maininnat"]
    assert (
        "75\u00a0% · tavoite 60\u00a0% · tavallisesti — · edellä +15,0 %-yks."
        in lines["Myönteisten osuus"]
    )
    assert out[-1].startswith("Ei vielä tavallista tasoa (uusi — dataa vasta 2 päivältä)")


def test_kpi_today_and_bad_periods(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kpi"]) == 0
    assert capsys.readouterr().out.startswith("KPIs: ")
    assert main(["kpi", "2024-02-30"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("vahti kpi: 2024-02-30 is not a date") and len(err.splitlines()) == 1


def test_ingest_kind_kpis_imports_csv_once(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = tmp_path / "kpis.csv"
    csv_file.write_text(
        "date,metric,value\n2024-03-05,new_followers,42\n2024-03-05,followers,44\n"
        "2024-03-04,purchase_opportunities,3\n2024-03-05,mentions,9\nyesterday,shares,1\n"
        "2024-03-05,new_followers,lots\n",
        encoding="utf-8",
    )
    assert main(["ingest", "--kind", "kpis", str(csv_file)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "read 6, stored 2, duplicates 1, rejected 3"  # 42 then 44: the later wins
    assert out[0] == "line 5: mentions is counted from mentions and cannot be imported"
    assert out[1].startswith("line 6: yesterday is not a date")
    assert logs(db) == [
        ("purchase_opportunities", date(2024, 3, 4), 3, "csv"),
        ("new_followers", date(2024, 3, 5), 44, "csv"),
    ]
    assert main(["ingest", "--kind", "kpis", str(csv_file)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "read 6, stored 0, duplicates 3, rejected 3"
    assert len(logs(db)) == 2


def test_ingest_kind_kpis_needs_the_columns(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("when,what\n2024-03-05,1\n", encoding="utf-8")
    assert main(["ingest", "--kind", "kpis", str(bad)]) == 2
    assert "needs a header row with the columns date, metric and value" in capsys.readouterr().err


def post(url: str, body: str, token: str | None) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json"} | (
        {"Authorization": f"Bearer {token}"} if token else {}
    )
    req = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


@pytest.fixture
def kpi_url(deps, monkeypatch) -> str:
    import threading

    from werkzeug.serving import make_server

    from bot.app import build_app
    from bot.features import ROUTES
    from bot.web import build_web

    settings = Settings(**(deps.settings.model_dump() | {"vahti_ingest_token": "s3cret"}))
    with_token = replace(deps, settings=settings)
    server = make_server(
        "127.0.0.1",
        0,
        build_web(build_app(with_token, process_before_response=True), with_token, ROUTES),
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/kpis"
    server.shutdown()


def test_webhook_takes_the_same_rows_with_the_bearer_token(deps, kpi_url: str) -> None:
    body = json.dumps(
        [
            {"date": "2026-11-02", "metric": "new_followers", "value": 12},
            {"day": "2026-11-03", "metric": "purchase_opportunities", "value": "2"},
            {"date": "2026-11-09", "metric": "new_followers", "value": 1},
            "not an object",
        ]
    )
    assert post(kpi_url, body, None)[0] == 401
    assert post(kpi_url, body, "wrong")[0] == 401
    status, answer = post(kpi_url, body, "s3cret")
    assert status == 200
    assert (answer["read"], answer["stored"], answer["duplicates"], answer["rejected"]) == (
        4,
        2,
        0,
        2,
    )
    assert [e["index"] for e in answer["errors"]] == [2, 3] and "future" in answer["errors"][0][
        "reason"
    ]
    assert post(kpi_url, body, "s3cret")[1]["duplicates"] == 2
    assert (
        post(kpi_url, '{"date": "2026-11-02", "metric": "followers", "value": 13}', "s3cret")[1][
            "stored"
        ]
        == 1
    )
    assert post(kpi_url, "[{", "s3cret")[0] == 400
    with session_scope(deps.sessions) as session:
        found = session.execute(select(KpiLog).order_by(KpiLog.day)).scalars()  # type: ignore[arg-type]
        assert [(x.metric, x.value, x.source) for x in found] == [
            ("new_followers", 13, "webhook"),
            ("purchase_opportunities", 2, "webhook"),
        ]
