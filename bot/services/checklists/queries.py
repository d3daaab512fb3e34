"""Answers to `/checklist`: the current period's message (posted once) and the history."""

from __future__ import annotations

from bot.blocks.checklists import replies as checklist_extra
from bot.blocks.checklists.replies import CADENCE_WORDS
from bot.db import session_scope
from bot.deps import Deps
from bot.domain.checklists.periods import Cadence, period_containing, period_label
from bot.i18n import translator
from bot.services.checklists.runs import ensure_posted
from models.checklists import runs as repo

HISTORY_PERIODS = {"daily": 10, "weekly": 6, "monthly": 6, "yearly": 3}


def show(deps: Deps, cadence: Cadence) -> str:
    """Post the current period's checklist if it is not out yet; either way, link to it."""
    cal, t = deps.calendar, translator(deps.config.locale)
    cadence_word = t.gettext(CADENCE_WORDS[cadence.value])
    period = period_containing(cadence, deps.clock.now().astimezone(cal.tz).date(), cal)
    if period is None:
        text = t.gettext("Today is not a working day, so there is no {cadence} checklist for it.")
        return text.format(cadence=cadence_word)
    with session_scope(deps.sessions) as session:
        existing = repo.run_by_key(session=session, run_key=period.run_key(deps.team_id))
    existed = existing is not None and existing.ts is not None
    run = existing if existed else ensure_posted(deps, period)
    if run is None or run.ts is None or run.channel is None:
        text = t.gettext(
            "The {cadence} checklist is being posted right now; it will appear in a moment."
        )
        return text.format(cadence=cadence_word)
    return checklist_extra.posted_reply(
        cadence.value, deps.gateway.permalink(run.channel, run.ts), existed, t
    )


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
