"""The crisis watch's tick: count each brand's new buckets, judge them, file incidents, post.

The detectors live in memory per process (`CrisisWatch`), and are cheap to rebuild: on the first
tick (or after a long pause) a brand is warmed up from `HISTORY` of stored mentions with one
aggregated query; later ticks read only the buckets completed since, for all brands in one query.
Buckets within `CATCH_UP` of now are live (they may open incidents), so a restart mid-anomaly
picks it up again. Nothing here guarantees once-only alerts: the signal key in the database
does, so a restarted or second process files the same anomaly into the same incident.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from bot.config import CrisisConfig
from bot.db import session_scope
from bot.deps import Deps
from bot.domain.crisis.detector import DetectorSettings
from bot.domain.crisis.signals import BrandSignals, Step
from bot.services.crisis.filing import file_steps
from bot.services.crisis.immediate import file_candidates
from bot.services.crisis.publish import backlog, publish
from models.crisis.candidates import any_pending
from models.crisis.counts import BucketCount, bucket_counts, first_mention_at

log = logging.getLogger(__name__)
HISTORY = timedelta(weeks=5)  # the detectors keep four weeks; one more fills the first days
CATCH_UP = timedelta(hours=1)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def detector_settings(crisis: CrisisConfig) -> DetectorSettings:
    """The preset from `vahti.yml`, with the bucket, cooldown and (if set) minimum count."""
    changes: dict[str, float | int | bool] = {
        "bucket_minutes": crisis.bucket_minutes,
        "cooldown_minutes": crisis.cooldown_minutes,
    }
    if "min_mentions" in crisis.model_fields_set:
        changes["min_mentions"] = crisis.min_mentions
    return DetectorSettings.preset(crisis.preset, **changes)


def bucket_start(moment: datetime, bucket: timedelta) -> datetime:
    """The start of the bucket holding `moment` (buckets are aligned to the epoch, in UTC)."""
    size = int(bucket.total_seconds())
    return EPOCH + timedelta(seconds=int((moment - EPOCH).total_seconds()) // size * size)


@dataclass
class _Brand:
    signals: BrandSignals
    next_start: datetime  # the first bucket not judged yet


class Fed(NamedTuple):
    """One bucket fed to a brand's detectors: feeding the same buckets again, in order, to
    the detectors as they were before gives the same detectors (`CrisisWatch.refeed`)."""

    brand: str
    start: datetime
    total: int
    negative: int


@dataclass(frozen=True)
class TickReport:
    """What one tick did, for logs, the demo and the bench."""

    buckets: int
    live_signals: int
    incidents: tuple[int, ...]


@dataclass
class CrisisWatch:
    """Per-process detector state of every brand; see the module docstring."""

    brands: dict[str, _Brand] = field(default_factory=dict)
    history: timedelta = HISTORY
    catch_up: timedelta = CATCH_UP
    journal: list[Fed] | None = None  # a list: every bucket fed is appended (None: not kept)
    warm_ups: int = 0  # brands built afresh (first tick, or after a long pause)

    def tick(self, deps: Deps) -> TickReport:
        """Judge every completed bucket since the last tick, file and post what is found."""
        steps, current = self.judge(deps)
        live = [(n, s) for n, s in steps if s.judged.start >= current - self.catch_up]
        touched = file_steps(deps, live, {n: b.signals for n, b in self.brands.items()})
        touched += file_candidates(deps)
        publish(deps)
        signals = sum(len(s.signals) for _, s in live)
        return TickReport(len(steps), signals, tuple(sorted(set(touched))))

    def judge(self, deps: Deps) -> tuple[list[tuple[str, Step]], datetime]:
        """Feed each brand the buckets completed by now; the steps and the first open bucket.

        Only the detectors change: nothing is filed or posted. A tick is this, then the filing;
        a caller that ran it (the demo skipping quiet ticks) has seen every step a tick would.
        """
        crisis = deps.config.crisis
        bucket = timedelta(minutes=crisis.bucket_minutes)
        settled = deps.clock.now() - timedelta(minutes=crisis.settle_minutes)
        current = bucket_start(settled, bucket)  # buckets before this one are complete
        names = [b.name for b in deps.config.brands()]
        cold = [
            n
            for n in names
            if n not in self.brands or self.brands[n].next_start < current - self.history
        ]
        steps: list[tuple[str, Step]] = []
        for name in cold:
            self.brands[name] = self._new_brand(deps, name, current)
            self.warm_ups += 1
            steps += self._advance(deps, [name], current)
        warm = [n for n in names if n not in cold]
        if warm:
            steps += self._advance(deps, warm, current)
        return steps, current

    def calm(self) -> bool:
        """Whether no brand is inside an anomaly's episode (one would go on signalling, or end,
        in the next buckets)."""
        return not any(b.signals.episodes for b in self.brands.values())

    def is_warm(self, deps: Deps) -> bool:
        """Whether every brand has detectors that a tick now would keep (no warm-up from the
        database, which a tick reports differently)."""
        crisis = deps.config.crisis
        settled = deps.clock.now() - timedelta(minutes=crisis.settle_minutes)
        current = bucket_start(settled, timedelta(minutes=crisis.bucket_minutes))
        return all(
            b.name in self.brands and self.brands[b.name].next_start >= current - self.history
            for b in deps.config.brands()
        )

    def _new_brand(self, deps: Deps, name: str, current: datetime) -> _Brand:
        """Fresh detectors that will learn from the brand's first stored mention on.

        Buckets before a brand's first mention are not zeros, they are unknown: learning them
        as zeros would make "nothing" look typical.
        """
        crisis = deps.config.crisis
        keep = 2 * 60 // crisis.bucket_minutes + 2  # two hours explain an ongoing anomaly
        signals = BrandSignals(detector_settings(crisis), deps.config.tz, keep)
        with session_scope(deps.sessions) as session:
            first = first_mention_at(
                session=session, team_id=deps.team_id, brand=name, since=current - self.history
            )
        start = bucket_start(first, signals.bucket) if first is not None else current
        return _Brand(signals, start)

    def _advance(self, deps: Deps, names: list[str], current: datetime) -> list[tuple[str, Step]]:
        """Feed each brand its buckets from its `next_start` up to `current` (one query)."""
        bucket = timedelta(minutes=deps.config.crisis.bucket_minutes)
        start = min(self.brands[n].next_start for n in names)
        if start >= current:
            return []
        with session_scope(deps.sessions) as session:
            counts = bucket_counts(
                session=session,
                team_id=deps.team_id,
                brands=names,
                span=(start, current),
                bucket_seconds=int(bucket.total_seconds()),
            )
        steps: list[tuple[str, Step]] = []
        for name in names:
            steps += [(name, s) for s in self._feed(name, counts[name], current)]
        return steps

    def _feed(self, name: str, counts: list[BucketCount], current: datetime) -> list[Step]:
        brand = self.brands[name]
        size = brand.signals.bucket
        by_index = {c.index: c for c in counts}
        steps = []
        at = brand.next_start
        while at < current:
            found = by_index.get(int((at - EPOCH) / size))
            total, negative = (found.total, found.negative) if found else (0, 0)
            steps.append(brand.signals.feed(at, total, negative))
            if self.journal is not None:
                self.journal.append(Fed(name, at, total, negative))
            at += size
        brand.next_start = at
        return steps

    def refeed(self, fed: Iterable[Fed]) -> None:
        """Feed the journal's buckets again (to detectors restored from before them)."""
        for name, start, total, negative in fed:
            brand = self.brands[name]
            brand.signals.feed(start, total, negative)
            brand.next_start = start + brand.signals.bucket


def nothing_due(deps: Deps) -> bool:
    """Whether a tick now would find no immediate-alert candidate and nothing Slack is behind on.

    With no signal in the buckets it judges, such a tick changes nothing but the detectors.
    """
    with session_scope(deps.sessions) as session:
        if any_pending(session=session, team_id=deps.team_id):
            return False
        work = backlog(deps, session)
    return not (work.new or work.stale or work.replies or work.waiting)
