"""The daily checklist's KPI item, the monthly KPI review and App Home show the KPI figures."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.clock import FrozenClock
from bot.db import session_scope
from bot.deps import Deps
from handlers.events.home import home_view
from jobs.checklists import post_due_checklists
from models.kpi import targets as kpi_target_repo
from tests.fakes.slack_api import FakeSlack
from tests.kpi_data import mention, store


def posted(fake: FakeSlack, title: str) -> str:
    found = [c.args for c in fake.calls_of("chat.postMessage") if title in c.args["text"]]
    assert len(found) == 1, f"{len(found)} posts of {title}"
    return json.dumps(found[0]["blocks"], ensure_ascii=False)


def test_daily_and_monthly_checklists_carry_the_kpi_lines(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    clock.set(datetime(2026, 11, 2, 7, 0, tzinfo=UTC))  # Monday 2 Nov, 09:00 in Helsinki
    store(deps.sessions, [mention(datetime(2026, 11, 2, 6, 0, tzinfo=UTC)) for _ in range(6)])
    store(deps.sessions, [mention(datetime(2026, 11, 1, 12, 0, tzinfo=UTC)) for _ in range(4)])
    store(deps.sessions, [mention(datetime(2026, 10, 20, 12, 0, tzinfo=UTC)) for _ in range(5)])
    with session_scope(deps.sessions) as session:
        kpi_target_repo.set_target(
            session=session,
            team_id=deps.team_id,
            metric="mentions",
            value=24,
            now=datetime(2026, 10, 30, tzinfo=UTC),
        )
    post_due_checklists(deps)
    post_due_checklists(deps)  # fired twice: still one post of each
    daily = posted(fake_slack, "Daily")
    assert "*Mentions* 6 · target 24 (9 by now) · typical" in daily  # 9 of 24 hours gone
    assert ":red_circle: behind -3" in daily
    assert "New followers" not in daily  # nothing logged and no target: left out
    assert "*Purchase opportunities* 0 · no target" in daily  # detected, none asked to buy
    monthly = posted(fake_slack, "Monthly")
    # The monthly review looks back at October: 5 mentions against 31 × 24.
    assert "*Mentions* 5 · target 744" in monthly


def test_app_home_shows_todays_kpis(deps: Deps, fake_slack: FakeSlack, clock: FrozenClock) -> None:
    store(deps.sessions, [mention(datetime(2026, 11, 3, 6, 0, tzinfo=UTC)) for _ in range(3)])
    view = json.dumps(home_view(deps), ensure_ascii=False)
    assert "*KPIs today*" in view and "*Mentions* 3 · no target" in view
