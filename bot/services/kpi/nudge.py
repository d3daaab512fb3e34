"""The end-of-day reminder to log manual KPIs (new followers, …) that have a target.

At the team's end of day on a working day, when a manual KPI with a target in force has no value
logged for the local day, one reply goes to the daily checklist's thread (or the checklists
channel when no daily run was posted). The day's key is claimed in the database before the Slack
call, so a scheduler retry or a second process never posts it twice; that is why this service
posts, with the words its caller renders (`bot.blocks.kpi.log_nudge`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from sqlmodel import Session

from bot.db import session_scope
from bot.deps import Deps
from bot.domain.kpi.metrics import Metric
from bot.domain.kpi.nudge import MANUAL, missing_logs
from bot.services.kpi.reports import load_targets
from models.checklists import runs as run_repo
from models.kpi import nudges as nudge_repo
from models.kpi import targets as kpi_target_repo


def missing_today(session: Session, deps: Deps, day: date) -> tuple[Metric, ...]:
    """Manual KPIs with a target on `day` and no value logged for it."""
    targets = load_targets(session, deps.team_id, deps.config)
    targeted = [m for m in MANUAL if targets.on(m, day, deps.config.tz) is not None]
    logs = kpi_target_repo.logs(
        session=session, team_id=deps.team_id, start=day, end=day + timedelta(days=1)
    )
    names = {entry.metric for entry in logs}
    return missing_logs(targeted, (m for m in MANUAL if m.value in names))


def _where(session: Session, deps: Deps, day: date) -> tuple[str, str | None]:
    """The daily checklist's thread when that run was posted, else the checklists channel."""
    run = run_repo.run_for_period(session=session, team_id=deps.team_id, cadence="daily", start=day)
    if run is not None and run.channel is not None and run.ts is not None:
        return run.channel, run.ts
    return deps.config.channels.for_cadence("daily"), None


def nudge_missing_logs(deps: Deps, text: Callable[[Sequence[Metric]], str]) -> bool:
    """Post the day's single reminder, `text` of the manual KPIs not logged; True when posted."""
    now, cal = deps.clock.now(), deps.calendar
    day = now.astimezone(cal.tz).date()
    if not deps.config.schedule.nudge or not cal.is_working_day(day):
        return False
    if now < cal.local(day, cal.end_of_day):
        return False
    with session_scope(deps.sessions) as session:
        missing = missing_today(session, deps, day)
        if not missing:
            return False
        channel, thread = _where(session, deps, day)
        claimed = nudge_repo.claim_log_nudge(
            session=session, team_id=deps.team_id, day=day, now=now
        )
    if not claimed:
        return False
    deps.gateway.post(channel, text(missing), thread_ts=thread)
    return True
