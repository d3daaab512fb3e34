"""Immediate alerts (crisis terms, watched accounts), escaping, and quiet hours."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import FrozenClock
from bot.config import VahtiConfig
from bot.db import session_scope
from bot.deps import Deps
from bot.domain.crisis.figures import Figures
from bot.services.crisis.incidents import Sighting, file_sighting
from bot.services.crisis.publish import publish
from jobs.crisis import post_immediate_alerts
from models.crisis import incidents as alert_repo
from tests.crisis_streams import TEAM, Stream, crisis_config, store
from tests.fakes.deps import make_deps
from tests.fakes.slack_api import FakeSlack

NOW = datetime(2026, 11, 3, 12, 0, tzinfo=UTC)


@pytest.fixture
def config() -> VahtiConfig:
    return crisis_config(watched_accounts=["@Maija"], term_min_reach=1000)


SEEDS = itertools.count(1)


def ingest(deps: Deps, *rows: dict[str, object]) -> None:
    stream = Stream(seed=next(SEEDS))  # the seed is part of the ids: every call stores new ones
    with session_scope(deps.sessions) as session:
        now = deps.clock.now()
        store(session, [stream.mention(now - timedelta(minutes=1), **r) for r in rows], deps.config)


def roots(fake: FakeSlack) -> list[dict]:
    return [
        c.args
        for c in fake.calls_of("chat.postMessage")
        if not c.args.get("thread_ts") and c.args["channel"].startswith("C")
    ]


def test_crisis_term_over_the_reach_floor_alerts_once(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    clock.set(NOW)
    ingest(
        deps,
        {"text": "Time to BOYCOTT Northwind!", "reach": 5000, "label": "negative"},
        {"text": "recalling my Northwind order, all fine", "reach": 9000},
        {"text": "boycott northwind lol", "reach": 300},
    )
    post_immediate_alerts(deps)
    post_immediate_alerts(deps)
    [root] = roots(fake_slack)
    shown = json.dumps(root["blocks"], ensure_ascii=False)
    assert "Crisis term · Northwind" in shown and "“boycott”* in 1 post" in shown
    assert "Time to BOYCOTT Northwind!" in shown
    clock.advance(timedelta(minutes=3))
    ingest(deps, {"text": "Joining the boycott of Northwind", "reach": 2000})
    post_immediate_alerts(deps)
    assert len(roots(fake_slack)) == 1
    update = fake_slack.last("chat.update").args
    assert "in 2 posts" in json.dumps(update["blocks"], ensure_ascii=False)
    assert update["ts"] == fake_slack.messages[0]["ts"]


def test_negative_post_by_a_watched_account_alerts(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    clock.set(NOW)
    post_immediate_alerts(deps)
    ingest(
        deps,
        {"author": "maija", "text": "Honestly our coffee is the worst", "label": "negative"},
        {"author": "Maija", "text": "Our new blend is lovely", "label": "positive"},
        {"author": "someone", "text": "Northwind is the worst", "label": "negative"},
    )
    post_immediate_alerts(deps)
    post_immediate_alerts(deps)
    [root] = roots(fake_slack)
    shown = json.dumps(root["blocks"], ensure_ascii=False)
    assert "Watched account posted negatively" in shown and "*maija* (a watched account)" in shown
    assert "the worst" in shown and "lovely" not in shown


def test_mention_text_is_escaped_and_never_pings(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    clock.set(NOW)
    post_immediate_alerts(deps)
    text = "<!channel> <@U123> *bold* northwind recall now"
    ingest(deps, {"text": text, "author": "<@U999>", "reach": 4000})
    post_immediate_alerts(deps)
    [call] = [c for c in fake_slack.calls_of("chat.postMessage") if not c.args.get("thread_ts")]
    raw = json.dumps(call.args, ensure_ascii=False)
    assert "<!channel>" not in raw and "<@U123>" not in raw and "<@U999>" not in raw
    assert "&lt;!channel&gt; &lt;@U123&gt;" in raw and "*bold*" not in raw


def test_old_mentions_never_alert_and_rules_catch_up_on_start(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    clock.set(NOW)
    stale = {"text": "northwind lawsuit", "reach": 8000, "created_at": NOW - timedelta(days=2)}
    ingest(deps, {"text": "northwind lawsuit filed", "reach": 8000}, stale)  # no rules yet
    post_immediate_alerts(deps)
    post_immediate_alerts(deps)
    [root] = roots(fake_slack)
    assert "“lawsuit”* in 1 post" in json.dumps(root["blocks"], ensure_ascii=False)


def watch_drop(at: datetime, severity: str) -> Sighting:
    return Sighting(
        kind="volume_drop" if severity == "watch" else "volume_spike",
        brand="Northwind",
        subject="",
        window_start=at,
        seen_at=at + timedelta(minutes=10),
        severity=severity,
        peak=2.0,
        figures=Figures(observed=1, typical=40.0, ratio=0.05, window_minutes=60),
    )


@pytest.mark.parametrize("severity", ["watch", "crisis"])
def test_quiet_hours_hold_watch_alerts_until_morning_never_a_crisis(
    engine, fake_slack: FakeSlack, clock: FrozenClock, severity: str
) -> None:
    deps = make_deps(engine, fake_slack, clock, crisis_config(quiet_hours="22:00-07:00"))
    night = datetime(2026, 11, 3, 21, 30, tzinfo=UTC)  # 23:30 in Helsinki
    clock.set(night)
    with session_scope(deps.sessions) as session:
        file_sighting(session, TEAM, watch_drop(night, severity), timedelta(minutes=60))
    publish(deps)
    publish(deps)
    assert len(roots(fake_slack)) == (0 if severity == "watch" else 1)
    clock.set(datetime(2026, 11, 4, 4, 59, tzinfo=UTC))  # 06:59
    publish(deps)
    assert len(roots(fake_slack)) == (0 if severity == "watch" else 1)
    clock.set(datetime(2026, 11, 4, 5, 0, tzinfo=UTC))  # 07:00: quiet hours are over
    publish(deps)
    publish(deps)
    assert len(roots(fake_slack)) == 1
    with session_scope(deps.sessions) as session:
        [incident] = alert_repo.active(session=session, team_id=TEAM)
    assert incident.ts is not None


def test_a_second_process_posting_the_same_incident_posts_once(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    clock.set(NOW)
    with session_scope(deps.sessions) as session:
        file_sighting(session, TEAM, watch_drop(NOW, "elevated"), timedelta(minutes=60))
    with session_scope(deps.sessions) as session:  # the other process files the same anomaly
        file_sighting(session, TEAM, watch_drop(NOW, "elevated"), timedelta(minutes=60))
    publish(deps)
    publish(deps)
    assert len(roots(fake_slack)) == 1
