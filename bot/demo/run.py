"""One run of the demo: its database, the bot's dependencies on it, and the simulated period."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bot.background import Background
from bot.clock import FrozenClock
from bot.config import Settings, VahtiConfig
from bot.demo.gateway import Recorded, RecordingGateway
from bot.demo.scenario import DEMO_TEAM, HISTORY_START, mention_feed
from bot.demo.simulate import Simulation
from bot.demo.store import DemoStore
from bot.deps import Deps
from bot.features import PROVIDERS


@dataclass
class DemoRun:
    """The demo's database and the bot's dependencies on it, on a simulated clock."""

    store: DemoStore
    deps: Deps
    clock: FrozenClock
    gateway: RecordingGateway

    @classmethod
    def open(
        cls, db_path: Path, config: VahtiConfig, echo: Callable[[Recorded], None] | None = None
    ) -> DemoRun:
        """A fresh database at `db_path`; the clock at the sample's first day."""
        clock = FrozenClock(HISTORY_START)
        store = DemoStore.create(db_path)
        deps = Deps(
            Settings(database_url=f"sqlite:///{db_path}"),
            config,
            store.sessions,
            clock,
            RecordingGateway(clock, echo=echo),
            DEMO_TEAM,
            PROVIDERS,
            # Follow-up work (a message redrawn after a click) inline: one connection, and the
            # same story every run.
            background=Background(inline=True),
        )
        assert isinstance(deps.gateway, RecordingGateway)
        return cls(store, deps, clock, deps.gateway)

    def simulate(
        self, start: datetime, end: datetime, *, every_step: bool = False
    ) -> tuple[int, dict[str, int]]:
        """Store the sample's mentions before `start` as history, then run the bot to `end`.

        Returns how many mentions the history had, and the simulation's counts. `every_step`
        ticks the crisis watch at every step instead of jumping over quiet ones.
        """
        feed = mention_feed(self.deps)
        history = feed(HISTORY_START - timedelta(seconds=1), start) if feed else 0
        savepoints = None if every_step else self.store.savepoint
        simulation = Simulation(self.deps, self.clock, start, end, feed=feed, savepoints=savepoints)
        return history, simulation.run()

    def close(self) -> None:
        """Write the database to its file."""
        self.store.close()
