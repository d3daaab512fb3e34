"""Weekly lines kept between renders only while the mentions of their weeks are the same."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bot.config import VahtiConfig
from bot.db import session_factory, session_scope
from bot.domain.insights.windows import Window
from bot.features import PROVIDERS
from bot.live.cache import SettledLines
from bot.live.context import LiveContext, live_lines
from bot.services.insights import reports
from models.insights import counts
from tests.crisis_streams import TEAM, Stream, copy_engine, crisis_config, history_engine, store

NOW = datetime(2026, 11, 3, 12, 0, tzinfo=UTC)  # Tuesday 14:00 in Helsinki
WEEK = (date(2026, 11, 2), date(2026, 11, 9))  # the checklist's week; its lines look at the last
LAST_WEEK = datetime(2026, 10, 29, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def history() -> Engine:
    return history_engine(NOW - timedelta(weeks=5), NOW, per_hour=2.0)


@pytest.fixture
def config() -> VahtiConfig:
    return crisis_config()


def render(engine: Engine, config: VahtiConfig, settled: SettledLines, name: str) -> list[str]:
    with session_scope(session_factory(engine)) as session:
        ctx = LiveContext(session, TEAM, config, NOW, *WEEK, settled_lines=settled)
        return live_lines(PROVIDERS, name, ctx)


def test_settled_lines_are_computed_again_only_when_the_stamp_or_owner_moves() -> None:
    settled, calls = SettledLines(kept=2), []

    def compute() -> list[str]:
        calls.append(1)
        return [f"line {len(calls)}"]

    owner, other = object(), object()
    assert settled.lines("k", (10, 99), owner, compute) == ["line 1"]
    assert settled.lines("k", (10, 99), owner, compute) == ["line 1"]
    assert settled.lines("k", (11, 100), owner, compute) == ["line 2"]
    assert settled.lines("k", (11, 100), other, compute) == ["line 3"]
    settled.lines("a", 1, owner, compute)
    settled.lines("b", 1, owner, compute)  # keeps two: "k" is dropped
    assert settled.lines("k", (11, 100), other, compute) == ["line 6"]


@pytest.mark.parametrize(
    "name", ["activation_week", "advocates_week", "top_content_week", "share_of_voice"]
)
def test_a_mention_stored_in_last_week_changes_the_kept_line(
    history: Engine, config: VahtiConfig, name: str
) -> None:
    engine, settled = copy_engine(history), SettledLines()
    before = render(engine, config, settled, name)
    assert render(engine, config, settled, name) == before
    stream = Stream(seed=5)
    rows = [
        stream.mention(
            LAST_WEEK + timedelta(minutes=i),
            author="loyalfan",
            text="Northwind #brewday https://example.com/v",
            hashtags=("brewday",),
            links=("example.com",),
            media="video",
            label="positive",
            polarity=0.8,
            engagement=5000,
        )
        for i in range(6)
    ]
    with session_scope(session_factory(engine)) as session:
        store(session, rows, config)
    after = render(engine, config, settled, name)
    assert after != before
    assert after == render(engine, config, SettledLines(), name)  # as computed afresh


def test_a_mention_in_the_checklists_own_week_keeps_the_line(
    history: Engine, config: VahtiConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, settled = copy_engine(history), SettledLines()
    reads: list[object] = []
    original = reports.activation

    def counted(*args: Any) -> Any:
        reads.append(args)
        return original(*args)

    monkeypatch.setattr(reports, "activation", counted)
    before = render(engine, config, settled, "activation_week")
    with session_scope(session_factory(engine)) as session:
        store(session, [Stream(seed=6).mention(NOW - timedelta(hours=1))], config)
    assert render(engine, config, settled, "activation_week") == before
    assert len(reads) == 1  # not read again: nothing was stored in the weeks it looks at


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_the_stamp_counts_the_span_and_names_its_newest_mention(
    dialect: str, history: Engine, request: pytest.FixtureRequest
) -> None:
    engine = copy_engine(history) if dialect == "sqlite" else request.getfixturevalue("pg_engine")
    week = Window(LAST_WEEK - timedelta(days=1), LAST_WEEK + timedelta(days=1))
    with session_scope(session_factory(engine)) as session:
        before = counts.mentions_stamp(session=session, team_id=TEAM, windows=[week])
        store(session, [Stream(seed=71).mention(LAST_WEEK)])
        store(session, [Stream(seed=81).mention(week.end)])  # outside: the end is excluded
        after = counts.mentions_stamp(session=session, team_id=TEAM, windows=[week])
    assert after[0] == before[0] + 1
    assert after[1] is not None and after[1] > (before[1] or 0)
