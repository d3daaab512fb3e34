"""The crisis watch's checklist lines: crisis_check, volume_today, jump_sources, year_notes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine

from bot.config import VahtiConfig
from bot.db import session_factory, session_scope
from bot.domain.crisis.figures import Figures, Share
from bot.features import PROVIDERS
from bot.live.context import LiveContext, live_lines
from bot.services.crisis.incidents import Sighting, file_sighting
from models.crisis import incidents as alert_repo
from tests.crisis_streams import TEAM, Stream, copy_engine, crisis_config, history_engine, store

NOW = datetime(2026, 11, 3, 12, 0, tzinfo=UTC)  # Tuesday 14:00 in Helsinki


@pytest.fixture(scope="module")
def history() -> Engine:
    return history_engine(NOW - timedelta(weeks=2), NOW + timedelta(hours=1))


@pytest.fixture
def config() -> VahtiConfig:
    return crisis_config()


def file(engine: Engine, kind: str, at: datetime, **figures: object) -> int:
    sighting = Sighting(
        kind, "Northwind", "", at, at + timedelta(minutes=10), "crisis", 5.0, Figures(**figures)
    )  # type: ignore[arg-type]
    with session_scope(session_factory(engine)) as session:
        filed = file_sighting(session, TEAM, sighting, timedelta(minutes=60))
    assert filed is not None
    return filed.incident_id


def lines(engine: Engine, config: VahtiConfig, name: str, start: date, end: date) -> list[str]:
    with session_scope(session_factory(engine)) as session:
        return live_lines(PROVIDERS, name, LiveContext(session, TEAM, config, NOW, start, end))


def test_crisis_check_shows_open_incidents_and_the_most_negative_posts_escaped(
    history: Engine, config: VahtiConfig
) -> None:
    engine = copy_engine(history)
    file(engine, "crisis_term", NOW - timedelta(hours=1), matches=3, reach=9000)
    stream = Stream(seed=41)
    rows = [
        stream.mention(
            NOW - timedelta(hours=3),
            text="<!channel> worst coffee ever",
            label="negative",
            polarity=-0.9,
            author="<@U1>",
        ),
        stream.mention(NOW - timedelta(hours=2), text="meh", label="negative", polarity=-0.1),
    ]
    with session_scope(session_factory(engine)) as session:
        store(session, rows)
    shown = lines(engine, config, "crisis_check", date(2026, 11, 3), date(2026, 11, 4))
    assert shown[0].startswith("🚨 *Crisis term · Northwind* — Crisis, open, owner —")
    assert "Most negative since yesterday:" in shown
    worst = shown[shown.index("Most negative since yesterday:") + 1]
    assert "&lt;!channel&gt; worst coffee ever" in worst and "<!channel>" not in worst
    assert "&lt;@U1&gt;" in worst and len(shown) == 2 + 3


def test_volume_today_against_typical_by_this_hour_with_todays_rises(
    history: Engine, config: VahtiConfig
) -> None:
    engine = copy_engine(history)
    file(engine, "volume_spike", NOW - timedelta(hours=2), ratio=6.0)
    shown = lines(engine, config, "volume_today", date(2026, 11, 3), date(2026, 11, 4))
    head, moves = shown
    assert (
        head.startswith("*Northwind*: ")
        and "so far; a typical day has" in head
        and "by 14:00" in head
    )
    assert moves == "Rises and falls today: mention spike Northwind 12:00 (open)"


def test_jump_sources_names_the_largest_single_source(history: Engine, config: VahtiConfig) -> None:
    engine = copy_engine(history)
    share = Share("author", "loud", 40, 0.62)
    file(engine, "volume_spike", NOW - timedelta(days=1), ratio=7.5, sources=(share,))
    # The weekly checklist of 9 Nov looks back at the completed week 45 (2–8 Nov).
    shown = lines(engine, config, "jump_sources", date(2026, 11, 9), date(2026, 11, 16))
    assert shown == [
        "week 45, 2–8 Nov:",
        "*Northwind* Mon 14:00, 7.5× typical: "
        "*62% of the rise* comes from @loud (posts and reposts) (40 posts)",
    ]


def test_year_notes_groups_by_kind_and_outcome(history: Engine, config: VahtiConfig) -> None:
    engine = copy_engine(history)
    first = file(engine, "volume_spike", NOW - timedelta(days=30), ratio=4.0)
    file(engine, "volume_spike", NOW - timedelta(days=3), ratio=4.0)
    third = file(engine, "crisis_term", NOW - timedelta(days=2), matches=2)
    with session_scope(session_factory(engine)) as session:
        for incident_id, state, summary in (
            (first, "false_alarm", None),
            (third, "resolved", "Recall rumour denied"),
        ):
            alert_repo.transition(
                session=session,
                incident_id=incident_id,
                allowed=("open",),
                values={"state": state, "summary": summary},
            )
    shown = lines(engine, config, "year_notes", date(2026, 1, 1), date(2027, 1, 1))
    assert shown[0] == "3 incidents:"
    assert shown[1] == "*Mention spike*: 2 (1 false alarm, 1 open)"
    assert shown[2] == "*Crisis term*: 1 (1 resolved)"
    assert "False alarms: 1 of 2 closed (50%)." in shown
    assert any("Crisis term · Northwind — resolved: Recall rumour denied" in line for line in shown)


def test_a_spike_that_joined_a_crisis_term_incident_is_listed_as_a_jump(
    history: Engine, config: VahtiConfig
) -> None:
    engine = copy_engine(history)
    first = file(engine, "crisis_term", NOW - timedelta(hours=3), matches=4, reach=9000)
    share = Share("link", "news.example.com/x", 30, 0.5)
    joined = file(engine, "volume_spike", NOW - timedelta(hours=2), ratio=9.0, sources=(share,))
    assert joined == first
    today = (date(2026, 11, 3), date(2026, 11, 4))
    assert lines(engine, config, "volume_today", *today)[-1] == (
        "Rises and falls today: mention spike Northwind 12:00 (open)"
    )
    _, jump = lines(engine, config, "jump_sources", date(2026, 11, 9), date(2026, 11, 16))
    assert jump.startswith("*Northwind* Tue 12:00, 9.0× typical: *50% of the rise* is reposts")
    check = lines(engine, config, "crisis_check", *today)
    assert check[0].startswith("🚨 *Crisis term + mention spike · Northwind* — Crisis, open")
    year = lines(engine, config, "year_notes", date(2026, 1, 1), date(2027, 1, 1))
    # Three signals of one incident are one incident, not one per signal.
    assert year[:2] == ["1 incident:", "*Crisis term*: 1 (1 open)"]
    assert not any(line.startswith("*Mention spike*") for line in year)
