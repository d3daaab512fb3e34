"""Simulated time for the demo: the scheduler's own triggers decide when each job runs.

The clock moves in fixed steps; a job runs whenever its APScheduler trigger would have fired
since the last step, mentions "arrive" when the clock passes their time, and the team acts.
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
from bot.demo.team import Action, plan_checklist, plan_incident
from bot.deps import Deps
from jobs.scheduler import JobSpec, job_specs
from models.alerts import Incident
from models.checklists import ChecklistRun

MentionFeed = Callable[[datetime, datetime], int]


@dataclass
class _Timer:
    spec: JobSpec
    next_at: datetime | None

    def advance(self, now: datetime) -> None:
        trigger = self.spec.trigger
        if isinstance(trigger, IntervalTrigger):
            step = trigger.interval
            assert self.next_at is not None
            while self.next_at <= now:
                self.next_at += step
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
    feed: MentionFeed | None = None
    seed: int = 7
    stats: dict[str, int] = field(default_factory=dict)

    def _timers(self) -> list[_Timer]:
        timers = []
        for spec in job_specs(self.deps):
            first = (
                self.start
                if isinstance(spec.trigger, IntervalTrigger)
                else spec.trigger.get_next_fire_time(None, self.start)
            )
            timers.append(_Timer(spec, first))
        return timers

    def run(self) -> dict[str, int]:
        """Step through the period; returns counts of what happened."""
        rng, timers, pending = random.Random(self.seed), self._timers(), list[Action]()
        seen_runs: set[int] = set()
        seen_incidents: set[int] = set()
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
            pending += [a for r in self._new_runs(seen_runs) for a in plan_checklist(r, rng, tz)]
            pending += [a for i in self._new_incidents(seen_incidents) for a in plan_incident(i)]
            pending = self._act(pending, now)
            prev, now = now, now + self.step
        return self.stats

    def _new_runs(self, seen: set[int]) -> list[ChecklistRun]:
        with session_scope(self.deps.sessions) as session:
            posted = col(ChecklistRun.ts).is_not(None)
            new = col(ChecklistRun.id).not_in(seen)
            fresh = list(session.exec(select(ChecklistRun).where(posted, new)))
        seen.update(r.id for r in fresh if r.id is not None)
        return fresh

    def _new_incidents(self, seen: set[int]) -> list[Incident]:
        with session_scope(self.deps.sessions) as session:
            posted = col(Incident.ts).is_not(None)
            found = list(
                session.exec(select(Incident).where(posted, col(Incident.id).not_in(seen)))
            )
        seen.update(i.id for i in found if i.id is not None)
        return found

    def _act(self, pending: list[Action], now: datetime) -> list[Action]:
        due = sorted((a for a in pending if a.at <= now), key=lambda a: a.at)
        for action in due:
            action.do(self.deps)
            self._count("actions", 1)
        return [a for a in pending if a.at > now]

    def _count(self, key: str, n: int) -> None:
        self.stats[key] = self.stats.get(key, 0) + n
