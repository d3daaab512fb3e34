"""Purchase opportunities: detected at import, counted as the KPI, listed in the daily checklist."""

from __future__ import annotations

import contextlib
import io
import os
from datetime import UTC, date, datetime
from pathlib import Path
from unittest import mock

from bot.cli import main
from bot.cli.common import load_offline_context
from bot.db import create_schema, make_engine, session_scope
from bot.domain.kpi.metrics import Metric, period_of
from bot.features import PROVIDERS
from bot.live.context import LiveContext, live_lines
from bot.services.kpi.reports import summary_in
from tests.figures_check import CONFIG

ROWS = """id,created_at,text,author,source,url
1,2026-11-16T08:00:00Z,Paljonko Acme-kahvimylly maksaa?,liisa,instagram,https://x/1
2,2026-11-16T09:00:00Z,Where can I buy Acme beans in Tampere,tom,x,https://x/2
3,2026-11-16T10:00:00Z,Acme is way too expensive these days,ann,x,https://x/3
4,2026-11-16T11:00:00Z,Where can I buy Rival beans?,bob,x,https://x/4
"""


def test_posts_asking_to_buy_are_the_kpi_and_the_checklist_list(tmp_path: Path) -> None:
    (tmp_path / "vahti.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "m.csv").write_text(ROWS, encoding="utf-8")
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'v.db'}",
        "VAHTI_CONFIG": str(tmp_path / "vahti.yml"),
    }
    with mock.patch.dict(os.environ, env):
        create_schema(make_engine(env["DATABASE_URL"]))
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["ingest", str(tmp_path / "m.csv")]) == 0
        offline = load_offline_context()
    now = datetime(2026, 11, 16, 12, tzinfo=UTC)
    day = date(2026, 11, 16)
    with session_scope(offline.sessions) as session:
        report = summary_in(
            session, offline.team_id, offline.config, period_of("day", day, now, offline.config.tz)
        )
        ctx = LiveContext(session, offline.team_id, offline.config, now, day, date(2026, 11, 17))
        shown = live_lines(PROVIDERS, "purchase_opportunities", ctx)
    found = next(r for r in report.metrics if r.metric is Metric.PURCHASE_OPPORTUNITIES)
    assert found.value == 2  # the brand's two; the competitor's question is not ours
    assert len(shown) == 2
    assert shown[0].startswith(
        "*tom* on x Mon 11:00: “Where can I buy Acme beans in Tampere” <https://x/2|open>"
    )
    assert shown[1].startswith("*liisa* on instagram Mon 10:00: “Paljonko Acme-kahvimylly maksaa?”")
