"""The crisis watch job on stored history: spike, growth, restart, drop, shift, cooldown, nudges."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy.engine import Engine

from bot.clock import FrozenClock
from bot.config import VahtiConfig
from bot.db import session_scope
from bot.deps import Deps
from bot.domain.crisis.detector import DetectorSettings
from bot.services.crisis import actions as crisis_actions
from bot.services.crisis.actions import Click
from bot.services.crisis.watch import CrisisWatch
from jobs.crisis import crisis_jobs
from models.crisis import incidents as alert_repo
from tests.crisis_streams import (
    BUCKET,
    TEAM,
    Stream,
    at_utc,
    copy_engine,
    crisis_config,
    history_engine,
    replies,
    rhythm,
    roots,
    store,
)
from tests.fakes.deps import make_deps
from tests.fakes.slack_api import FakeSlack

T0 = at_utc(2026, 11, 3, 12, 0)  # Tuesday 14:00 in Helsinki
START = T0 - timedelta(weeks=3)
LINK = "https://news.example.com/northwind-recall"
# Buckets a rise must last under the balanced preset before it alerts.
SUSTAIN = DetectorSettings.preset("balanced").sustain_minutes // 5


@pytest.fixture(scope="module")
def history() -> Engine:
    return history_engine(START, T0)


@pytest.fixture
def engine(history: Engine) -> Engine:
    return copy_engine(history)


@pytest.fixture
def config() -> VahtiConfig:
    return crisis_config(ack_reminder_minutes=30)


@pytest.fixture
def stream() -> Stream:
    return Stream(seed=99)


def put(deps: Deps, stream: Stream, start: datetime, count: int, **overrides: object) -> None:
    with session_scope(deps.sessions) as session:
        store(session, list(stream.bucket(start, count, **overrides)))


def tick_after(deps: Deps, clock: FrozenClock, watch: CrisisWatch, bucket: datetime) -> None:
    """Run the tick as the scheduler would: 20 s after the bucket ends."""
    clock.set(bucket + BUCKET + timedelta(seconds=20))
    watch.tick(deps)


def spike(
    deps: Deps, stream: Stream, clock: FrozenClock, watch: CrisisWatch, n: int
) -> Iterator[int]:
    """Spike buckets from T0: reposts of one link; yields after each bucket's tick."""
    for k in range(n):
        at = T0 + k * BUCKET
        size = 60 if k < 3 else 150
        put(deps, stream, at, size, text=f"Northwind recall? {LINK}?utm_source=tw #recallgate")
        tick_after(deps, clock, watch, at)
        yield k


def test_spike_is_posted_once_it_has_lasted_and_updated_in_place(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock, stream: Stream
) -> None:
    watch, second = CrisisWatch(), CrisisWatch()  # a second process with its own detectors
    clock.set(T0 - timedelta(minutes=4))
    watch.tick(deps)
    posted_at: list[int] = []
    for k in spike(deps, stream, clock, watch, 8):
        second.tick(deps)
        if roots(fake_slack) and not posted_at:
            posted_at.append(k)
    assert posted_at == [SUSTAIN - 1]  # as soon as the spike has lasted `sustain_minutes`
    [root] = roots(fake_slack)
    assert root["channel"] == "C0ALERT"
    shown = json.dumps(root["blocks"])
    assert f"mentions in the last {SUSTAIN * 5} min" in shown and "Tuesday 14:00" in shown
    assert (
        "of the rise* is reposts of one post" in shown
        and "news.example.com/northwind-recall" in shown
    )
    updates = fake_slack.calls_of("chat.update")
    assert updates and all(u.args["ts"] == root_ts(fake_slack) for u in updates)
    grew = [r for r in replies(fake_slack) if r["text"].startswith("Still growing")]
    assert len(grew) == 1 and grew[0]["thread_ts"] == root_ts(fake_slack)
    with session_scope(deps.sessions) as session:
        [incident] = alert_repo.recent(session=session, team_id=TEAM, limit=5)
    assert incident.key == "spike:Northwind:volume_spike:20261103T1200"


def root_ts(fake: FakeSlack) -> str:
    return str(next(m["ts"] for m in fake.messages if not m.get("thread_ts")))


def test_restart_mid_anomaly_files_into_the_same_incident(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock, stream: Stream
) -> None:
    watch = CrisisWatch()
    clock.set(T0 - timedelta(minutes=4))
    watch.tick(deps)
    for _ in spike(deps, stream, clock, watch, 4):
        pass
    restarted = CrisisWatch()  # warms up from the database, replays the last hour
    restarted.tick(deps)
    restarted.tick(deps)
    assert len(roots(fake_slack)) == 1
    with session_scope(deps.sessions) as session:
        assert len(alert_repo.recent(session=session, team_id=TEAM, limit=5)) == 1


@pytest.fixture(scope="module")
def busy_history() -> Engine:
    """A busier brand: at 4 mentions a bucket silence is not yet surprising enough."""
    return history_engine(T0 - timedelta(days=16), T0, per_hour=240)


def test_feed_outage_drop_is_alerted_with_its_likely_cause(
    busy_history: Engine, fake_slack: FakeSlack, clock: FrozenClock, config: VahtiConfig
) -> None:
    deps = make_deps(copy_engine(busy_history), fake_slack, clock, config)
    watch = CrisisWatch()
    for k in range(8):  # nothing arrives from T0 on
        tick_after(deps, clock, watch, T0 + k * BUCKET)
    [root] = roots(fake_slack)
    shown = json.dumps(root["blocks"])
    assert "Mentions dropped" in shown and "Likely a feed or import problem" in shown


def test_negative_shift_at_constant_volume(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock, stream: Stream
) -> None:
    watch = CrisisWatch()
    for k in range(6):
        at = T0 + k * BUCKET
        put(deps, stream, at, round(rhythm(at)), label="negative", text="Northwind burnt again")
        tick_after(deps, clock, watch, at)
    kinds = [json.dumps(r["blocks"]) for r in roots(fake_slack)]
    assert len(kinds) == 1 and "Negative shift" in kinds[0] and "negative in the last" in kinds[0]


def test_cooldown_keeps_a_resolved_anomaly_quiet_then_a_new_one_alerts(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock, stream: Stream
) -> None:
    watch = CrisisWatch()
    clock.set(T0 - timedelta(minutes=4))
    watch.tick(deps)
    for k in spike(deps, stream, clock, watch, 8):
        if k == 2:
            with session_scope(deps.sessions) as session:
                [incident] = alert_repo.active(session=session, team_id=TEAM)
            assert incident.id is not None
            click = Click(incident.id, TEAM, "U0BOB", "v1")
            assert crisis_actions.close(deps, click, false_alarm=False, summary="known launch")
    assert len(roots(fake_slack)) == 1  # still spiking after the resolve: no new incident
    later = T0 + timedelta(hours=3)
    clock.set(later - timedelta(minutes=4))
    watch.tick(deps)
    for k in range(3):
        at = later + k * BUCKET
        put(deps, stream, at, 400, text="Northwind again")
        tick_after(deps, clock, watch, at)
    assert len(roots(fake_slack)) == 2


def test_reminder_once_then_one_escalation_dm(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock, stream: Stream
) -> None:
    watch = CrisisWatch()
    clock.set(T0 - timedelta(minutes=4))
    watch.tick(deps)
    for _ in spike(deps, stream, clock, watch, SUSTAIN):  # posted once the spike has lasted
        pass
    assert len(roots(fake_slack)) == 1
    posted = clock.now()
    [alerts_job] = [s for s in crisis_jobs(deps) if s.id == "crisis.alerts"]
    clock.set(posted + timedelta(minutes=29))
    alerts_job.func(deps)
    assert not [r for r in replies(fake_slack) if "subteam" in r["text"]]
    clock.set(posted + timedelta(minutes=30))
    alerts_job.func(deps)
    alerts_job.func(deps)
    reminders = [r for r in replies(fake_slack) if "<!subteam^S0SOCIAL>" in r["text"]]
    assert len(reminders) == 1 and "30 minutes" in reminders[0]["text"]
    clock.set(posted + timedelta(minutes=61))
    alerts_job.func(deps)
    alerts_job.func(deps)
    assert [c.args["users"] for c in fake_slack.calls_of("conversations.open")] == ["U0LEAD"]
    dms = [
        c.args for c in fake_slack.calls_of("chat.postMessage") if c.args["channel"] == "DU0LEAD"
    ]
    assert len(dms) == 1 and "has not been acknowledged" in dms[0]["text"]


def test_settle_minutes_wait_for_late_deliveries_before_judging(
    engine: Engine, fake_slack: FakeSlack, clock: FrozenClock, stream: Stream
) -> None:
    deps = make_deps(engine, fake_slack, clock, crisis_config(settle_minutes=10))
    watch = CrisisWatch()
    clock.set(T0 - timedelta(minutes=4))
    watch.tick(deps)
    posted_after: list[int] = []
    for k in spike(deps, stream, clock, watch, 5):
        if roots(fake_slack) and not posted_after:
            posted_after.append(k)
    # The alerting bucket, judged ten minutes (two buckets) after it ended.
    assert posted_after == [SUSTAIN - 1 + 2]
    assert len(roots(fake_slack)) == 1
