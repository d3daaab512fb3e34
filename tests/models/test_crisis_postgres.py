"""The crisis watch on PostgreSQL: bucket counts, one incident and one post across processes.

A crisis term and a spike of the same brand, seen by two processes, are one incident with two
signals: one post, updated in place, and one thread reply for the added signal.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine

from bot.clock import FrozenClock
from bot.db import session_scope
from bot.services.crisis.watch import CrisisWatch
from jobs.crisis import post_immediate_alerts
from models.crisis import incidents as alert_repo
from models.crisis import signals as signal_repo
from tests.crisis_streams import BUCKET, TEAM, Stream, crisis_config, store, store_history
from tests.fakes.deps import make_deps
from tests.fakes.slack_api import FakeSlack

T0 = datetime(2026, 11, 3, 12, 0, tzinfo=UTC)


def test_spike_and_crisis_term_post_once_on_postgresql(
    pg_engine: Engine, fake_slack: FakeSlack
) -> None:
    store_history(pg_engine, T0 - timedelta(days=16), T0, per_hour=60)
    clock = FrozenClock(T0 - timedelta(minutes=4))
    processes = [make_deps(pg_engine, fake_slack, clock, crisis_config()) for _ in range(2)]
    watches = [CrisisWatch(), CrisisWatch()]
    for deps, watch in zip(processes, watches, strict=True):
        watch.tick(deps)
        post_immediate_alerts(deps)
    stream = Stream(seed=77)
    for k in range(3):
        at = T0 + k * BUCKET
        extra = {"text": "northwind recall, my cup had glass in it", "reach": 5000}
        with session_scope(processes[0].sessions) as session:
            store(session, list(stream.bucket(at, 60, **extra)))
        clock.set(at + BUCKET + timedelta(seconds=20))
        for deps, watch in zip(processes, watches, strict=True):
            watch.tick(deps)
            post_immediate_alerts(deps)
    posts = fake_slack.calls_of("chat.postMessage")
    [root] = [c for c in posts if not c.args.get("thread_ts")]
    # The term alerts at once; the spike, once it has lasted, joins the same incident: one
    # message, updated in place, and one thread reply saying what was added (by one process).
    assert root.args["blocks"][0]["text"]["text"] == "🚨 Crisis term · Northwind"
    latest = fake_slack.last("chat.update").args
    assert latest["ts"] == fake_slack.messages[0]["ts"]
    assert latest["blocks"][0]["text"]["text"] == "🚨 Crisis term + mention spike · Northwind"
    added = [c for c in posts if c.args.get("thread_ts") and c.args["text"].startswith("Also:")]
    assert len(added) == 1 and "spike" in added[0].args["text"]
    with session_scope(processes[0].sessions) as session:
        [incident] = alert_repo.active(session=session, team_id=TEAM)
        signals = signal_repo.signals(session=session, incident_ids=[incident.id])
    assert incident.ts is not None
    assert sorted(s.kind for s in signals[incident.id]) == ["crisis_term", "volume_spike"]
