"""Live data beside checklist items: what a provider looks at, and how an item gets its lines.

A provider reads what it needs through the session and returns mrkdwn lines that are already
escaped; an empty list shows nothing. The providers of every feature are listed in
`bot.features` and reach the checklist service through `Deps.providers`; unknown names show
nothing, so a template can name data a later release adds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from sqlmodel import Session

from bot.config import VahtiConfig
from bot.live.cache import SettledLines

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class LiveContext:
    """What a provider may look at: the workspace, the period and the time."""

    session: Session
    team_id: str
    config: VahtiConfig
    now: datetime
    period_start: date
    period_end: date
    settled_lines: SettledLines | None = field(default=None, compare=False, repr=False)
    _shared: dict[Hashable, Any] = field(default_factory=dict, compare=False, repr=False)

    def shared(self, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()` once for this context: the lines of one checklist that read the same
        figures (the KPI and volume lines of a day) read them once."""
        if key not in self._shared:
            self._shared[key] = compute()
        result: T = self._shared[key]
        return result

    def settled(self, name: str, stamp: Hashable, compute: Callable[[], list[str]]) -> list[str]:
        """Lines of completed windows, computed again only when `stamp` (of the data they read)
        moved since they were last computed for this workspace, period and configuration."""
        if self.settled_lines is None:
            return compute()
        key = (name, self.team_id, self.period_start, self.period_end)
        return self.settled_lines.lines(key, stamp, self.config, compute)


Provider = Callable[[LiveContext], list[str]]
Providers = Mapping[str, Provider]


def live_lines(providers: Providers, name: str | None, ctx: LiveContext) -> list[str]:
    """The provider's lines for an item; a failing provider costs its lines, not the checklist."""
    provider = providers.get(name) if name else None
    if provider is None:
        return []
    try:
        return provider(ctx)
    except Exception:
        log.exception("live data provider failed", extra={"provider": name})
        return []
