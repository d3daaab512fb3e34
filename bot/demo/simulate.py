"""Simulated time for the demo: the scheduler's own triggers decide when each job runs.

The clock moves on a grid of five-minute steps (the crisis watch's bucket): at each step the
mentions created since the last one "arrive", every job whose APScheduler trigger fired since
runs, and the team acts on what was posted.

Jobs on an interval trigger poll: for work another path already does on time here (the crisis
tick files immediate alerts and publishes every bucket; the cron job posts each checklist at its
hour), or to redraw live lines. The simulation runs them once a simulated day (`poll_every`)
instead of every few minutes: no event of the story moves, live lines are drawn when a checklist
is posted and on clicks, and the demo does not spend most of its time recomputing every posted
checklist's live lines (90-300 ms a time) or asking the database for work that is not there.

Most steps then hold nothing but the crisis watch's tick, and most ticks find nothing. Given
`savepoints`, the simulation looks ahead from each step to the next one where anything else is
due (a job, a team action, the last step): in a savepoint it stores the mentions of the steps in
between, feeds their buckets to the detectors, and asks whether a tick there would meet a signal,
an immediate-alert candidate or Slack work. If not, those ticks would have changed only the
detectors, which have now been fed the same buckets in the same order: the look-ahead is kept
and the clock jumps. If so, it is taken back (savepoint and detectors) and the simulation steps
through every bucket from there, as without `savepoints`. Taking the detectors back restores a
snapshot and feeds them again the buckets journalled since (`CrisisWatch.refeed`); the snapshot
is taken afresh only every `REPLAY_MAX` buckets, since few look-aheads are taken back.

Every message, and its time, is the same either way; only the mentions of skipped steps are
stored at the last skipped step's time (`ingested_at` later by up to `max_skip`, well inside the
six hours that decide immediate alerts).
"""

from __future__ import annotations

import copyreg
import io
import pickle
import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from apscheduler.triggers.interval import IntervalTrigger
from sqlmodel import col, select

from bot.clock import FrozenClock
from bot.db import session_scope
from bot.demo.gateway import RecordingGateway
from bot.demo.team import Action, plan_checklist, plan_incident
from bot.deps import Deps
from bot.domain.crisis.baseline import SlotValues
from bot.domain.crisis.signals import Judged
from bot.features import job_specs
from bot.services.crisis.watch import CrisisWatch, nothing_due
from jobs.crisis import WATCH_JOB
from jobs.spec import JobSpec
from models.checklists.tables import ChecklistRun
from models.crisis.tables import Incident

MentionFeed = Callable[[datetime, datetime], int]
REPLAY_MAX = 300  # buckets fed since the detectors' snapshot before a new one is taken


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


class Savepoint(Protocol):
    """A savepoint of the demo's database (SQLAlchemy's `NestedTransaction`)."""

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


@dataclass
class _Skip:
    """The look-ahead's pace: longer after each quiet stretch, back to short after a busy one."""

    steps: int = 2  # grid steps ahead the next look-ahead may reach
    not_before: datetime | None = None  # after a busy look-ahead: step until then
    misses: int = 0  # busy look-aheads in a row


def _shared(index: int) -> Any:
    """Stands for a shared value in a snapshot's pickle; `_Restore` resolves it."""
    raise RuntimeError(f"shared value {index} is resolved only by restoring its snapshot")


_SHARED: tuple[type, ...] = (SlotValues, Judged)
"""Values never changed once made: a snapshot keeps them by reference. `SlotValues` hold a
slot's history; `Judged` (frozen, with its frozen `Decision`s) are a brand's recent buckets."""


class _Share(pickle.Pickler):
    """Pickles the detectors but the values of `_SHARED` types, which are kept by reference.
    Dispatch-table entries rather than `reducer_override`, so only they call back into Python,
    not every object pickled."""

    def __init__(self, file: io.BytesIO, shared: list[object]) -> None:
        super().__init__(file, pickle.HIGHEST_PROTOCOL)
        self.shared = shared
        self.dispatch_table = {**copyreg.dispatch_table, **dict.fromkeys(_SHARED, self._keep)}

    def _keep(self, obj: object) -> Any:
        self.shared.append(obj)
        return _shared, (len(self.shared) - 1,)


class _Restore(pickle.Unpickler):
    def __init__(self, data: bytes, shared: list[object]) -> None:
        super().__init__(io.BytesIO(data))
        self.shared = shared

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name == _shared.__name__:
            return self.shared.__getitem__
        return super().find_class(module, name)


@dataclass(frozen=True)
class _Snapshot:
    """The crisis watch's detectors as they were, to take a look-ahead back."""

    data: bytes
    shared: list[object]

    @classmethod
    def of(cls, brands: Any) -> _Snapshot:
        file, shared = io.BytesIO(), list[object]()
        _Share(file, shared).dump(brands)
        return cls(file.getvalue(), shared)

    def restore(self) -> Any:
        return _Restore(self.data, self.shared).load()


@dataclass
class Simulation:
    """One demo run from `start` to `end` on a grid of `step`s (see the module docstring)."""

    deps: Deps
    clock: FrozenClock
    start: datetime
    end: datetime
    step: timedelta = timedelta(minutes=5)
    poll_every: timedelta = timedelta(days=1)
    feed: MentionFeed | None = None
    seed: int = 7
    savepoints: Callable[[], Savepoint] | None = None  # None: tick every step
    max_skip: timedelta = timedelta(hours=3)
    stats: dict[str, int] = field(default_factory=dict)
    watch: CrisisWatch = field(default_factory=CrisisWatch)
    _base: tuple[_Snapshot, int] | None = None  # the detectors' snapshot, and warm-ups by then
    _counted: int = 0  # the gateway's calls looked at by `_calls`
    _posted: int = 0  # and how many of them were posts

    def __post_init__(self) -> None:
        if self.savepoints is not None and self.watch.journal is None:
            self.watch.journal = []  # what was fed since the snapshot, to take a look-ahead back

    def _timers(self) -> list[_Timer]:
        timers = []
        for spec in job_specs(self.deps):
            if spec.id == WATCH_JOB:  # the simulation's own watch, so it can look ahead with it
                spec = replace(spec, func=self.watch.tick)
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
        skip = _Skip()
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
            if calls is None or calls != seen_calls:  # a new post: the team may act on it
                runs, incidents = self._new_posts(seen_runs, seen_incidents)
                pending += [a for r in runs for a in plan_checklist(r, rng, tz)]
                pending += [a for i in incidents for a in plan_incident(i, self.deps.config.locale)]
                seen_calls = calls
            pending = self._act(pending, now)
            prev, now = now, now + self.step
            now = self._skip_quiet(prev, now, timers, pending, skip)
            prev = now - self.step if now > prev + self.step else prev
        return self.stats

    def _grid(self, moment: datetime) -> datetime:
        """The first step at or after `moment` (where something due at `moment` happens)."""
        steps = -((self.start - moment) // self.step)  # ceiling division
        return self.start + max(0, steps) * self.step

    def _skip_quiet(
        self,
        done: datetime,
        now: datetime,
        timers: list[_Timer],
        pending: list[Action],
        skip: _Skip,
    ) -> datetime:
        """The next step to run in full after `done`: `now`, or later when the ticks up to it
        have nothing to do (they are then done here, as one look-ahead)."""
        watch_timer = next((t for t in timers if t.spec.id == WATCH_JOB), None)
        if self.savepoints is None or watch_timer is None:
            return now
        if skip.not_before is not None and now < skip.not_before:
            return now
        if not self.watch.calm() or not self.watch.is_warm(self.deps):
            return now  # inside an anomaly (every tick has news), or a tick would warm up
        due = [self._grid(self.end - (self.end - self.start) % self.step)]
        due += [self._grid(t.next_at) for t in timers if t is not watch_timer and t.next_at]
        due += [self._grid(a.at) for a in pending]
        reach = min(done + skip.steps * self.step, done + self.max_skip)
        target = min(max(min(due), now), max(reach, now))
        if target <= now:
            return now
        busy = self._look_ahead(done, target - self.step)
        if busy is None:
            skip.misses, skip.not_before = 0, None
            skip.steps = min(2 * skip.steps, int(self.max_skip / self.step))
            watch_timer.advance(target - self.step)
            return target
        skip.misses += 1
        skip.steps = 2
        skip.not_before = busy + min(2**skip.misses, 12) * self.step
        if busy > now and self._look_ahead(done, busy - self.step) is None:
            watch_timer.advance(busy - self.step)  # quiet up to `busy`: jump there
            return busy
        return now

    def _look_ahead(self, done: datetime, until: datetime) -> datetime | None:
        """Store the mentions of (done, until] and judge their buckets; keep that when no tick
        of the steps after `done` up to `until` would have anything to do, else take it back.

        Returns None when kept, else the first step whose tick would have something to do.
        """
        assert self.savepoints is not None
        deps, watch = self.deps, self.watch
        first = done + self.step
        self.clock.set(until)
        if not watch.is_warm(deps):
            return first
        before, mark = self._snapshot()
        savepoint = self.savepoints()
        stored = self.feed(done, until) if self.feed is not None else 0
        steps, _ = watch.judge(deps)
        settle = timedelta(minutes=deps.config.crisis.settle_minutes)
        bucket = timedelta(minutes=deps.config.crisis.bucket_minutes)
        busy = [
            self._grid(s.judged.start + bucket + settle) for _, s in steps if s.signals or s.ended
        ]
        if not nothing_due(deps):
            busy.append(first)
        if busy:
            savepoint.rollback()
            assert watch.journal is not None
            watch.brands = before.restore()
            watch.refeed(watch.journal[:mark])
            del watch.journal[mark:]
            return min(busy)
        savepoint.commit()
        self._count("mentions", stored)
        self._count("skipped steps", int((until - done) / self.step))
        return None

    def _snapshot(self) -> tuple[_Snapshot, int]:
        """The detectors' snapshot and how much of the journal follows it: taken afresh when
        the journal grew past `REPLAY_MAX` or a brand was built afresh since."""
        watch = self.watch
        assert watch.journal is not None
        if self._base is None or self._base[1] != watch.warm_ups or len(watch.journal) > REPLAY_MAX:
            self._base = (_Snapshot.of(watch.brands), watch.warm_ups)
            watch.journal.clear()
        return self._base[0], len(watch.journal)

    def _calls(self) -> int | None:
        """How many messages the demo's gateway has posted (None for another gateway).

        A checklist or an alert is posted only through the gateway, with `chat.postMessage`, so
        while that count stays the same (updates in place, views) there is nothing new for the
        team to react to, and no need to ask the database.
        """
        gateway = self.deps.gateway
        if not isinstance(gateway, RecordingGateway):
            return None
        calls = gateway.calls
        while self._counted < len(calls):
            self._posted += calls[self._counted].method == "chat.postMessage"
            self._counted += 1
        return self._posted

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
