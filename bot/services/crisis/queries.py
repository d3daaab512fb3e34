"""Read-only crisis views: `/crisis status` and `/crisis list`."""

from __future__ import annotations

from datetime import timedelta

from bot.blocks.common import Block
from bot.blocks.crisis.replies import list_reply, status_reply
from bot.db import session_scope
from bot.deps import Deps
from bot.i18n import translator
from bot.services.crisis.summaries import views
from models.crisis import incidents as repo


def open_status(deps: Deps) -> tuple[list[Block], str]:
    """Every open or acknowledged incident."""
    with session_scope(deps.sessions) as session:
        found = repo.active(session=session, team_id=deps.team_id)
        return status_reply(views(session, found, deps.config.tz), translator(deps.config.locale))


def recent_list(deps: Deps, days: int) -> tuple[list[Block], str]:
    """Incidents of the last `days` days with their outcome."""
    now = deps.clock.now()
    with session_scope(deps.sessions) as session:
        found = repo.started_between(
            session=session,
            team_id=deps.team_id,
            start=now - timedelta(days=days),
            end=now + timedelta(minutes=1),
        )
        return list_reply(
            views(session, found, deps.config.tz), days, translator(deps.config.locale)
        )
