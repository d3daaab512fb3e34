"""Simulated time for the demo: the scheduler's own triggers decide when each job runs.

The clock moves in fixed steps; a job runs whenever its APScheduler trigger would have fired
since the last step, mentions "arrive" when the clock passes their time, and the team acts.

Jobs on an interval trigger poll: for work another path already does on time here (the crisis
tick files immediate alerts and publishes every bucket; the cron job posts each checklist at its
hour), or to redraw live lines. The simulation runs them once a simulated day (`poll_every`)
instead of every few minutes: no event of the story moves, live lines are drawn when a checklist
is posted and on clicks, and the demo does not spend most of its time recomputing every posted
checklist's live lines (90-300 ms a time) or asking the database for work that is not there.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from apscheduler.triggers.interval import IntervalTrigger
from sqlmodel import col, select

from bot.clock import FrozenClock
from bot.db import session_scope
from bot.demo.gateway import RecordingGateway
from bot.demo.team import Action, plan_checklist, plan_incident
from bot.deps import Deps
from bot.features import job_specs
from jobs.spec import JobSpec
from models.checklists.tables import ChecklistRun
from models.crisis.tables import Incident

MentionFeed = Callable[[datetime, datetime], int]


@dataclass
class _Timer:
    spec: JobSpec
    next_at: datetime | None
    every: timedelta | None = None  # interval jobs: how often the simulation runs them

    def advance(self, now: datetime) -> None:
        trigger = self.spec.trigger
        if isinstance(trigger, IntervalTrigger):
            assert self.next_at is not None and self.every is not None
            while self.next_at <= now:
                self.next_at += self.every
        else:
            self.next_at = trigger.get_next_fire_time(self.next_at, now + timedelta(microseconds=1))


@dataclass
class Simulation:
    """One demo run from `start` to `end` in `step`s."""

    deps: Deps
    clock: FrozenClock
    start: datetime
    end: datetime
    step: timedelta = timedelta(minutes=5)
    poll_every: timedelta = timedelta(days=1)
    feed: MentionFeed | None = None
    seed: int = 7
    stats: dict[str, int] = field(default_factory=dict)

    def _timers(self) -> list[_Timer]:
        timers = []
        for spec in job_specs(self.deps):
            trigger = spec.trigger
            if isinstance(trigger, IntervalTrigger):
                every = max(trigger.interval, self.poll_every)
                timers.append(_Timer(spec, self.start, every))
            else:
                timers.append(_Timer(spec, trigger.get_next_fire_time(None, self.start)))
        return timers

    def run(self) -> dict[str, int]:
        """Step through the period; returns counts of what happened."""
        rng, timers, pending = random.Random(self.seed), self._timers(), list[Action]()
        seen_runs: set[int] = set()
        seen_incidents: set[int] = set()
        seen_calls: int | None = None
        tz = self.deps.config.tz
        prev, now = self.start, self.start
        while now <= self.end:
            self.clock.set(now)
            if self.feed is not None:
                self._count("mentions", self.feed(prev, now))
            for timer in timers:
                if timer.next_at is not None and timer.next_at <= now:
                    timer.spec.func(self.deps)
                    self._count(f"job:{timer.spec.id}", 1)
                    timer.advance(now)
            calls = self._calls()
            if calls is None or calls != seen_calls:  # something was posted: the team may act
                runs, incidents = self._new_posts(seen_runs, seen_incidents)
                pending += [a for r in runs for a in plan_checklist(r, rng, tz)]
                pending += [a for i in incidents for a in plan_incident(i, self.deps.config.locale)]
                seen_calls = calls
            pending = self._act(pending, now)
            prev, now = now, now + self.step
        return self.stats

    def _calls(self) -> int | None:
        """How many Slack calls the demo's gateway has recorded (None for another gateway).

        A checklist or an alert is posted only through the gateway, so while the count stays
        the same there is nothing new for the team to react to, and no need to ask the database.
        """
        gateway = self.deps.gateway
        return len(gateway.calls) if isinstance(gateway, RecordingGateway) else None

    def _new_posts(
        self, seen_runs: set[int], seen_incidents: set[int]
    ) -> tuple[list[ChecklistRun], list[Incident]]:
        """Checklist runs and incidents posted since the last look."""
        with session_scope(self.deps.sessions) as session:
            runs = list(
                session.exec(
                    select(ChecklistRun).where(
                        col(ChecklistRun.ts).is_not(None), col(ChecklistRun.id).not_in(seen_runs)
                    )
                )
            )
            incidents = list(
                session.exec(
                    select(Incident).where(
                        col(Incident.ts).is_not(None), col(Incident.id).not_in(seen_incidents)
                    )
                )
            )
        seen_runs.update(r.id for r in runs if r.id is not None)
        seen_incidents.update(i.id for i in incidents if i.id is not None)
        return runs, incidents

    def _act(self, pending: list[Action], now: datetime) -> list[Action]:
        due = sorted((a for a in pending if a.at <= now), key=lambda a: a.at)
        for action in due:
            action.do(self.deps)
            self._count("actions", 1)
        return [a for a in pending if a.at > now]

    def _count(self, key: str, n: int) -> None:
        self.stats[key] = self.stats.get(key, 0) + n
