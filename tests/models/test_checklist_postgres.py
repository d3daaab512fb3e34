"""The checklist idempotency keys hold on PostgreSQL too, with two processes racing."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from sqlalchemy.engine import Engine

from bot.clock import FrozenClock
from bot.ids import ItemRef
from bot.services.checklists.runs import post_due, set_done
from jobs.checklists import nudge_open_checklists, post_due_checklists
from tests.fakes.deps import make_deps
from tests.fakes.slack_api import FakeSlack


def test_two_processes_post_each_period_once(
    pg_engine: Engine, fake_slack: FakeSlack, config
) -> None:
    clock = FrozenClock(datetime(2026, 11, 2, 7, 0, tzinfo=UTC))
    processes = [make_deps(pg_engine, fake_slack, clock, config) for _ in range(4)]
    barrier = threading.Barrier(len(processes))

    def fire(deps) -> None:
        barrier.wait()
        post_due_checklists(deps)

    threads = [threading.Thread(target=fire, args=(d,)) for d in processes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    titles = sorted(c.args["text"].split(" (")[0] for c in fake_slack.calls_of("chat.postMessage"))
    assert titles == [
        "Daily social media checklist",
        "Monthly social media checklist",
        "Weekly social media checklist",
    ]


def test_completion_and_nudge_claims_on_postgres(
    pg_engine: Engine, fake_slack: FakeSlack, config
) -> None:
    clock = FrozenClock(datetime(2026, 11, 3, 7, 0, tzinfo=UTC))
    deps = make_deps(pg_engine, fake_slack, clock, config)
    run = next(r for r in post_due(deps) if r.cadence == "daily")
    assert run.id is not None
    assert set_done(deps, ItemRef(run.id, "publish"), "T0001", "U1", True) is True
    assert set_done(deps, ItemRef(run.id, "publish"), "T0001", "U1", True) is False
    clock.set(datetime(2026, 11, 3, 15, 0, tzinfo=UTC))
    assert nudge_open_checklists(deps) is True
    assert nudge_open_checklists(deps) is False
