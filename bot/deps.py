"""Everything the handlers and jobs need, built once in `__main__` and passed in explicitly."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.background import Background
from bot.clock import Clock
from bot.config import Settings, VahtiConfig
from bot.db import SessionFactory
from bot.domain.checklists.periods import Calendar
from bot.live.cache import LiveCache
from bot.live.context import Providers
from bot.slack_gateway import SlackGateway


@dataclass(frozen=True)
class Deps:
    """The process's dependencies; `team_id` is the workspace of a single-workspace install."""

    settings: Settings
    config: VahtiConfig
    sessions: SessionFactory
    clock: Clock
    gateway: SlackGateway
    team_id: str
    providers: Providers  # the live-data providers of every feature (`bot.features`)
    live_cache: LiveCache = field(default_factory=LiveCache)
    background: Background = field(default_factory=Background)

    @property
    def calendar(self) -> Calendar:
        """The team's working week and posting times from the configuration."""
        s = self.config.schedule
        return Calendar(
            tz=self.config.tz,
            post_at=s.post_at,
            end_of_day=s.end_of_day,
            working_days=frozenset(s.working_days),
            fiscal_year_end_month=s.fiscal_year_end_month,
        )
