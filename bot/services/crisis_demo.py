"""The crisis watch over a replayed window of mentions in simulated time, for `vahti demo`.

`run_crisis_demo(deps, (start, end), feed)` moves the demo's `FrozenClock` through the window a
minute at a time, the way the scheduler would run the jobs: `feed(after, until)` stores the
mentions created in `(after, until]` (the demo's `SampleFeed` does, through the normal ingest
and its after-store hooks; without a feed the mentions must be stored already), the immediate
pass (crisis terms, watched accounts, reminders) runs every minute, and the watch ticks as
each bucket ends. The first tick warms the detectors up from the history stored
before `start`. Messages go to `deps.gateway` (the demo's recording gateway), so the demo
shows the crisis being detected, explained and updated in place.

When the demo already runs every scheduled job by its trigger (`jobs.registry` lists
`crisis_jobs`), it needs no call here; this function is for replaying one window on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.clock import FrozenClock
from bot.db import session_scope
from bot.deps import Deps
from bot.services.crisis_watch import CrisisWatch, bucket_start
from jobs.crisis import post_immediate_alerts
from models import alert_repo

MentionFeed = Callable[[datetime, datetime], int]
STEP = timedelta(minutes=1)


@dataclass(frozen=True)
class OpenedIncident:
    """An incident the replay opened, for the demo's summary."""

    kind: str
    brand: str
    started_at: datetime
    severity: str


@dataclass
class CrisisDemoReport:
    """What the replay did."""

    ticks: int = 0
    mentions: int = 0
    incidents: list[OpenedIncident] = field(default_factory=list)


def run_crisis_demo(
    deps: Deps, mentions_window: tuple[datetime, datetime], feed: MentionFeed | None = None
) -> CrisisDemoReport:
    """Replay `mentions_window` through the crisis watch; see the module docstring."""
    clock = deps.clock
    if not isinstance(clock, FrozenClock):
        raise TypeError("the crisis demo needs deps.clock to be a FrozenClock")
    start, end = mentions_window
    bucket = timedelta(minutes=deps.config.crisis.bucket_minutes)
    watch, report = CrisisWatch(), CrisisDemoReport()
    clock.set(start)
    watch.tick(deps)
    prev, now = start, start + STEP
    while now <= end:
        clock.set(now)
        if feed is not None:
            report.mentions += feed(prev, now)
        post_immediate_alerts(deps)
        if bucket_start(now, bucket) == now:  # a bucket just ended (the feed is up to date)
            watch.tick(deps)
            report.ticks += 1
        prev, now = now, now + STEP
    with session_scope(deps.sessions) as session:
        found = alert_repo.started_between(
            session=session, team_id=deps.team_id, start=start, end=end
        )
        report.incidents = [
            OpenedIncident(i.kind, i.brand, i.started_at, i.severity) for i in reversed(found)
        ]
    return report
