"""Read-only crisis views: the incidents `/crisis status` and `/crisis list` show."""

from __future__ import annotations

from datetime import timedelta

from bot.db import session_scope
from bot.deps import Deps
from bot.domain.crisis.figures import IncidentView
from bot.services.crisis.summaries import views
from models.crisis import incidents as repo


def open_status(deps: Deps) -> list[IncidentView]:
    """Every open or acknowledged incident."""
    with session_scope(deps.sessions) as session:
        found = repo.active(session=session, team_id=deps.team_id)
        return views(session, found, deps.config.tz)


def recent_list(deps: Deps, days: int) -> list[IncidentView]:
    """Incidents of the last `days` days with their outcome."""
    now = deps.clock.now()
    with session_scope(deps.sessions) as session:
        found = repo.started_between(
            session=session,
            team_id=deps.team_id,
            start=now - timedelta(days=days),
            end=now + timedelta(minutes=1),
        )
        return views(session, found, deps.config.tz)
