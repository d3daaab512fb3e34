"""Live data beside checklist items: a registry of providers keyed by the template's `data` name.

A provider reads what it needs through the session and returns mrkdwn lines that are already
escaped; an empty list shows nothing. The providers are listed by name in `bot.providers`;
unknown names show nothing, so a template can name data a later release adds.
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


def live_lines(name: str | None, ctx: LiveContext) -> list[str]:
    """The provider's lines for an item; a failing provider costs its lines, not the checklist."""
    from bot.providers import PROVIDERS  # late: provider modules import this one

    provider = PROVIDERS.get(name) if name else None
    if provider is None:
        return []
    try:
        return provider(ctx)
    except Exception:
        log.exception("live data provider failed", extra={"provider": name})
        return []
