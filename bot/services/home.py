"""What the App Home tab shows, gathered as data for the handler to render."""

from __future__ import annotations

from dataclasses import dataclass

from bot.db import session_scope
from bot.deps import Deps
from bot.domain.checklists.periods import Cadence, period_containing
from bot.domain.checklists.view import ChecklistView
from bot.live.context import LiveContext, live_lines
from bot.services.checklists.runs import build_view
from models.checklists import runs as repo


@dataclass(frozen=True)
class HomeData:
    """Today's checklist (None when not posted) and its link; the open crises' and today's KPI
    lines as the live providers word them for checklists."""

    checklist: ChecklistView | None
    link: str | None
    crises: list[str]
    kpis: list[str]


def home_data(deps: Deps) -> HomeData:
    """What the Home tab shows for the workspace, as of now."""
    now, cal = deps.clock.now(), deps.calendar
    today = now.astimezone(cal.tz).date()
    period = period_containing(Cadence.DAILY, today, cal)
    with session_scope(deps.sessions) as session:
        run = None
        if period is not None:
            run = repo.run_for_period(
                session=session, team_id=deps.team_id, cadence="daily", start=period.start
            )
        view = build_view(session, run, deps) if run is not None and run.ts else None
        ctx = LiveContext(session, deps.team_id, deps.config, now, today, today)
        return HomeData(
            checklist=view,
            link=deps.gateway.permalink(run.channel, run.ts)
            if view and run and run.channel and run.ts
            else None,
            crises=live_lines(deps.providers, "crisis_check", ctx),
            kpis=live_lines(deps.providers, "kpi_today", ctx),
        )
