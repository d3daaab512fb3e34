"""Feeds the bundled sample mentions into the store as the simulated clock passes them.

They go through the same ingest path as a file import (check, dedupe, score, tag, store, then
the after-store steps), a few minutes' worth at a time, the way a listening tool would send them.
One scorer serves every batch, so a text the sample repeats (reposts, common phrasings) is scored
once for the whole demo rather than once per batch.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path

from bot.deps import Deps
from bot.domain.mentions.record import RecordRules
from bot.domain.mentions.timestamps import parse_timestamp
from bot.services.mentions.files import Record, open_mention_file
from bot.services.mentions.ingest import IngestPlan, ingest, plan_for
from bot.services.mentions.scoring import Scorer


@dataclass
class SampleFeed:
    """The sample records in time order and the plan to ingest them."""

    deps: Deps
    plan: IngestPlan
    times: list[datetime]
    records: list[Record]
    scorer: Scorer

    @classmethod
    def load(cls, deps: Deps) -> SampleFeed:
        path = Path(str(resources.files("bot").joinpath("data/sample_mentions.csv.gz")))
        with open_mention_file(path, "csv", {}) as mention_file:
            records = [r for r in mention_file.records if r.values is not None]
        timed = sorted(
            ((parse_timestamp(str(r.values["created_at"]), None), r) for r in records if r.values),
            key=lambda pair: pair[0],
        )
        plan = plan_for(deps.config, deps.team_id, RecordRules(source="sample"))
        times, ordered = [t for t, _ in timed], [r for _, r in timed]
        return cls(deps, plan, times, ordered, Scorer(plan.thresholds))

    def __call__(self, after: datetime, until: datetime) -> int:
        """Ingest the mentions created in (after, until]; returns how many were stored."""
        lo, hi = bisect.bisect_right(self.times, after), bisect.bisect_right(self.times, until)
        if lo >= hi:
            return 0
        deps = self.deps
        report = ingest(
            self.records[lo:hi], self.plan, deps.sessions, deps.clock, scorer=self.scorer
        )
        return report.stored
