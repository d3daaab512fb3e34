"""The insight live data in posted checklists: daily, weekly (Monday), monthly and yearly."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine

from bot.clock import FrozenClock
from bot.config import VahtiConfig
from bot.deps import Deps
from jobs.checklists import post_due_checklists
from tests.fakes.slack_api import FakeSlack
from tests.insight_data import store

MONDAY = datetime(2026, 11, 2, 7, 5, tzinfo=UTC)  # 09:05 Helsinki, first working day of November
LAST_WEEK = datetime(2026, 10, 26, 10, 0, tzinfo=UTC)  # Monday of the week that just ended


@pytest.fixture
def config() -> VahtiConfig:
    return VahtiConfig.model_validate(
        {
            "timezone": "Europe/Helsinki",
            "channels": {"checklists": "C0CHECK", "alerts": "C0ALERT"},
            "brand": {"name": "Acme"},
            "competitors": [{"name": "Rival"}],
            "campaigns": [
                {"name": "Autumn <deal>", "hashtags": ["autumndeal"], "start": "2026-10-05"}
            ],
        }
    )


def posted(fake: FakeSlack, title: str) -> str:
    posts = [
        c.args
        for c in fake.calls_of("chat.postMessage")
        if not c.args.get("thread_ts") and title in c.args["blocks"][0]["text"]["text"]
    ]
    assert len(posts) == 1, [p["text"] for p in posts]
    return json.dumps(posts[0]["blocks"], ensure_ascii=False)


def seed(engine: Engine) -> None:
    rows: list[dict[str, object]] = []
    for week in range(1, 9):  # ann's usual week: 2 mentions
        rows += [
            {
                "at": LAST_WEEK - timedelta(days=7 * week, hours=h),
                "author": "ann",
                "label": "positive",
                "hashtags": ["acme"],
            }
            for h in range(2)
        ]
    rows += [
        {
            "at": LAST_WEEK + timedelta(hours=h),
            "author": "ann",
            "label": "positive",
            "text": "Acme <rocks>",
            "url": "https://x/ann",
            "engagement": 70,
            "hashtags": ["autumndeal"],
        }
        for h in range(8)
    ]
    rows += [{"at": datetime(2026, 9, 10, tzinfo=UTC), "brands": ["Rival"]} for _ in range(3)]
    rows += [{"at": datetime(2026, 9, 11, tzinfo=UTC), "brands": ["Acme"]}]
    rows += [
        {
            "at": datetime(2026, 10, 5, 9, tzinfo=UTC) + timedelta(minutes=m),
            "label": "positive",
            "hashtags": ["autumndeal"],
            "brands": ["Acme"],
        }
        for m in range(30)
    ]
    rows += [
        {
            "at": MONDAY - timedelta(hours=3 + h),
            "author": "<!channel>",
            "label": "negative",
            "source": "linkedin",
        }
        for h in range(2)
    ]
    store(engine, rows)


def test_monday_checklists_carry_the_insight_lines_once(
    engine: Engine, deps: Deps, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    seed(engine)
    clock.set(MONDAY)
    post_due_checklists(deps)
    post_due_checklists(deps)
    daily = posted(fake_slack, "Daily")
    assert "Detractor *&lt;!channel&gt;* on linkedin 2" in daily and "<!channel>" not in daily
    weekly = posted(fake_slack, "Weekly")
    assert "*ann*: 8 this week vs usual 2 (*busier*)" in weekly
    assert "“Acme &lt;rocks&gt;” <https://x/ann|open>" in weekly
    assert (
        "Hashtags: 8 this week vs usual 2 (+300%) — *unusual rise*, 100% from #autumndeal" in weekly
    )
    assert "1. *ann* on x · 70 engagement" in weekly
    monthly = posted(fake_slack, "Monthly")
    assert "Oct 2026 vs Sep 2026:" in monthly
    assert "*Acme* (you) 100% of mentions (+25 pp)" in monthly
    assert "*Rival* 0% of mentions (−25 pp)" in monthly
    assert "*Autumn &lt;deal&gt;*: *burst and fade*" in monthly
    assert "*Autumn &lt;deal&gt;*: *people enjoy it* · 100% positive" in monthly


def test_the_yearly_review_shows_the_year_and_how_to_export_it(
    engine: Engine, deps: Deps, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    seed(engine)
    clock.set(datetime(2026, 12, 1, 7, 5, tzinfo=UTC))  # first working day of the year's last month
    post_due_checklists(deps)
    post_due_checklists(deps)
    yearly = posted(fake_slack, "Yearly")
    assert "fiscal year 2026: 57 mentions · 95% positive, 4% negative" in yearly
    assert "Busiest month: Oct 2026 (44 mentions)" in yearly
    assert "Share of voice of *Acme*: 95%" in yearly
    assert "Top advocates: *ann*" in yearly
    assert "`vahti export year --since 2026-01-01 --until 2026-12-31`" in yearly


def test_a_first_week_of_data_is_new_not_a_rise_over_zeros(
    engine: Engine, deps: Deps, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    """Data began on Wednesday of last week: nothing to compare with, said plainly."""
    start = LAST_WEEK + timedelta(days=2)  # Wed 28 Oct
    store(
        engine,
        [
            {
                "at": start + timedelta(hours=h),
                "author": "ann",
                "label": "positive",
                "hashtags": ["acme"],
            }
            for h in range(17)
        ],
    )
    clock.set(MONDAY)
    post_due_checklists(deps)
    weekly = posted(fake_slack, "Weekly")
    assert "week 44, 26 Oct–1 Nov:" in weekly
    assert "*ann*: 17 this week (new — 5 days of data so far)" in weekly
    assert "Hashtags: 17 this week (new — 5 days of data so far)" in weekly
    assert "usual 0" not in weekly and "unusual rise" not in weekly
