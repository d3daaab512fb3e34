"""Live data beside checklist items: a registry of providers keyed by the template's `data` name.

A provider reads what it needs through the session and returns mrkdwn lines that are already
escaped; an empty list shows nothing. Feature modules add their providers to `PROVIDERS` through
`register_provider`; unknown names show nothing, so a template can name data a later release adds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from bot.config import VahtiConfig

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LiveContext:
    """What a provider may look at: the workspace, the period and the time."""

    session: Session
    team_id: str
    config: VahtiConfig
    now: datetime
    period_start: date
    period_end: date


Provider = Callable[[LiveContext], list[str]]
PROVIDERS: dict[str, Provider] = {}


def register_provider(name: str, provider: Provider) -> None:
    """Make `provider` answer for items whose template says `data: name`."""
    PROVIDERS[name] = provider


def live_lines(name: str | None, ctx: LiveContext) -> list[str]:
    """The provider's lines for an item; a failing provider costs its lines, not the checklist."""
    provider = PROVIDERS.get(name) if name else None
    if provider is None:
        return []
    try:
        return provider(ctx)
    except Exception:
        log.exception("live data provider failed", extra={"provider": name})
        return []
