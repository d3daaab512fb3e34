"""A quiet minute is cheap: the crisis jobs ask the database little when nothing changed.

The jobs run every minute (and every bucket) for every workspace, so their cost when there is
nothing to do is counted in statements: one question for Slack work, one for pending immediate
alerts, the tick's one count query, and the alert rules written once per process.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from bot.clock import FrozenClock
from bot.config import VahtiConfig
from bot.deps import Deps
from bot.services.crisis.publish import publish
from bot.services.crisis.watch import CrisisWatch
from jobs.crisis import post_immediate_alerts
from tests.crisis_streams import crisis_config

NOW = datetime(2026, 11, 3, 12, 0, 20, tzinfo=UTC)


@pytest.fixture
def config() -> VahtiConfig:
    return crisis_config()


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements run on `engine` inside the block."""
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(str(args[2]).split()[0])

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_quiet_passes_cost_one_statement_per_question(
    deps: Deps, engine: Engine, clock: FrozenClock
) -> None:
    clock.set(NOW)
    watch = CrisisWatch()
    watch.tick(deps)  # warms up
    with statements(engine) as seen:
        publish(deps)
    assert seen == ["SELECT"]
    with statements(engine) as seen:
        post_immediate_alerts(deps)
    assert seen == ["SELECT", "SELECT"]  # a pending candidate? Slack work?
    clock.advance(timedelta(minutes=5))
    with statements(engine) as seen:
        watch.tick(deps)
    assert seen == ["SELECT", "SELECT", "SELECT"]  # the bucket's counts, candidates, Slack work
