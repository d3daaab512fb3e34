"""Answers to `/checklist`: the current period's message (posted once) and the history, as data
the handler renders."""

from __future__ import annotations

from dataclasses import dataclass

from bot.db import session_scope
from bot.deps import Deps
from bot.domain.checklists.periods import Cadence, period_containing, period_label
from bot.i18n import translator
from bot.services.checklists.runs import ensure_posted
from models.checklists import runs as repo

HISTORY_PERIODS = {"daily": 10, "weekly": 6, "monthly": 6, "yearly": 3}


@dataclass(frozen=True)
class NotWorkingDay:
    """Today is in no period of the cadence: nothing to show."""

    cadence: Cadence


@dataclass(frozen=True)
class BeingPosted:
    """Another request or the scheduler is posting the checklist right now."""

    cadence: Cadence


@dataclass(frozen=True)
class Posted:
    """The period's checklist is out: its link (None when Slack gave none), and whether it was
    out before this request."""

    cadence: Cadence
    link: str | None
    existed: bool


Shown = NotWorkingDay | BeingPosted | Posted


def show(deps: Deps, cadence: Cadence) -> Shown:
    """Post the current period's checklist if it is not out yet; either way, where it is."""
    cal = deps.calendar
    period = period_containing(cadence, deps.clock.now().astimezone(cal.tz).date(), cal)
    if period is None:
        return NotWorkingDay(cadence)
    with session_scope(deps.sessions) as session:
        existing = repo.run_by_key(session=session, run_key=period.run_key(deps.team_id))
    existed = existing is not None and existing.ts is not None
    run = existing if existed else ensure_posted(deps, period)
    if run is None or run.ts is None or run.channel is None:
        return BeingPosted(cadence)
    return Posted(cadence, deps.gateway.permalink(run.channel, run.ts), existed)


def history(deps: Deps) -> dict[str, list[tuple[str, int, int]]]:
    """Per cadence, the last periods as (label, done, total), newest first."""
    out: dict[str, list[tuple[str, int, int]]] = {}
    with session_scope(deps.sessions) as session:
        for cadence, limit in HISTORY_PERIODS.items():
            runs = repo.recent_runs(
                session=session, team_id=deps.team_id, cadence=cadence, limit=limit
            )
            done = repo.done_item_ids(
                session=session, run_ids=[r.id for r in runs if r.id is not None]
            )
            out[cadence] = []
            for run in runs:
                assert run.id is not None
                period = period_containing(Cadence(cadence), run.period_start, deps.calendar)
                label = (
                    period_label(period, translator(run.locale))
                    if period
                    else str(run.period_start)
                )
                ids = [i["id"] for i in run.items]
                out[cadence].append((label, len(done[run.id] & set(ids)), len(ids)))
    return out
