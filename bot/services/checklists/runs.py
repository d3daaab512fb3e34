"""Checklist use cases: post a period once, tick items, take notes, nudge, report history.

Slack is reached only through the gateway; every effect is guarded by a key claimed in the
database before the Slack call, so retries, restarts and a second process change nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from sqlmodel import Session

from bot.blocks.checklists import message as blocks
from bot.db import session_scope
from bot.deps import Deps
from bot.domain.checklists.periods import (
    Cadence,
    Period,
    due_period,
    due_periods,
    end_of_day,
    period_label,
)
from bot.domain.checklists.templates import Item
from bot.domain.checklists.view import ChecklistView, ItemView, NoteView
from bot.i18n import translator
from bot.ids import ItemRef
from bot.live.cache import Lines
from bot.live.context import LiveContext, live_lines
from bot.slack_gateway import SLACK_FAILURES
from bot.templates_store import load_templates
from models.checklists import runs as repo
from models.checklists.tables import ChecklistRun

log = logging.getLogger(__name__)
METADATA_EVENT = "vahti_checklist"


def build_view(
    session: Session, run: ChecklistRun, deps: Deps, *, fresh: bool = False, live: bool = True
) -> ChecklistView:
    """The run as it should look now: items, who did them, notes and live data.

    Live lines come from the process's cache (computed at most once per `LIVE_TTL`), so a click
    re-renders without recomputing every figure; `fresh` recomputes them (posting, the refresh
    job). Without `live` the items have none (for what only asks which items are open).
    """
    assert run.id is not None
    done = {c.item_id: c for c in repo.completions(session=session, run_id=run.id) if c.done}
    notes: dict[str, list[NoteView]] = {}
    for n in repo.notes(session=session, run_id=run.id):
        notes.setdefault(n.item_id, []).append(NoteView(n.user_id, n.text, n.created_at))
    period = _period_of(run, deps)
    now = deps.clock.now()
    ctx = LiveContext(
        session,
        run.team_id,
        deps.config,
        now,
        period.start,
        period.end,
        settled_lines=deps.live_cache.settled,
    )

    def compute() -> Lines:
        return {
            str(snap["id"]): tuple(live_lines(deps.providers, snap.get("data"), ctx))
            for snap in run.items
        }

    lines = deps.live_cache.lines(run.id, now, compute, fresh=fresh) if live else {}
    items = []
    for snap in run.items:
        item, c = Item.from_snapshot(snap), done.get(snap["id"])
        items.append(
            ItemView(
                item,
                c is not None,
                c.user_id if c else None,
                c.changed_at if c else None,
                tuple(notes.get(item.id, [])),
                lines.get(item.id, ()),
            )
        )
    return ChecklistView(
        run.id,
        run.cadence,
        run.title,
        period_label(period, translator(run.locale)),
        run.locale,
        deps.config.timezone,
        tuple(items),
    )


def _period_of(run: ChecklistRun, deps: Deps) -> Period:
    from bot.domain.checklists.periods import period_containing

    period = period_containing(Cadence(run.cadence), run.period_start, deps.calendar)
    if period is None:  # the working week changed since; keep the stored start
        return Period(
            Cadence(run.cadence),
            run.period_start,
            run.period_start + timedelta(days=1),
            run.claimed_at or deps.clock.now(),
        )
    return period


def ensure_posted(deps: Deps, period: Period) -> ChecklistRun | None:
    """Post `period`'s checklist unless it is (being) posted; returns the run either way."""
    now = deps.clock.now()
    with session_scope(deps.sessions) as session:
        known = repo.run_by_key(session=session, run_key=period.run_key(deps.team_id))
    if known is not None and known.ts is not None:
        return known
    template = load_templates(deps.config.locale, deps.config.templates_dir)[period.cadence]
    draft = ChecklistRun(
        team_id=deps.team_id,
        cadence=period.cadence.value,
        period_start=period.start,
        run_key=period.run_key(deps.team_id),
        locale=template.locale,
        title=template.title,
        items=[i.snapshot() for i in template.items],
        channel=deps.config.channels.for_cadence(period.cadence),
    )
    with session_scope(deps.sessions) as session:
        claim = repo.claim_run(session=session, run=draft, now=now)
    if claim is None:
        with session_scope(deps.sessions) as session:
            return repo.run_by_key(session=session, run_key=draft.run_key)
    run = claim.run
    channel = run.channel or deps.config.channels.checklists
    ts = None
    if claim.retry and run.claimed_at is not None:
        ts = deps.gateway.find_by_metadata(
            channel, f"{period.post_at.timestamp() - 60:.6f}", METADATA_EVENT, run.run_key
        )
    if ts is None:
        with session_scope(deps.sessions) as session:
            msg, text = blocks.message(build_view(session, run, deps, fresh=True))
        channel, ts = deps.gateway.post(
            channel,
            text,
            msg,
            metadata={"event_type": METADATA_EVENT, "event_payload": {"key": run.run_key}},
        )
    with session_scope(deps.sessions) as session:
        repo.mark_posted(session=session, claim=claim, channel=channel, ts=ts, now=now)
        posted = repo.run_by_key(session=session, run_key=run.run_key)
    log.info("checklist posted", extra={"run_key": run.run_key, "channel": channel})
    return posted


def post_due(deps: Deps) -> list[ChecklistRun]:
    """Post every period that is due by now and not posted yet (safe to call at any time)."""
    runs = []
    for period in due_periods(deps.clock.now(), deps.calendar):
        try:
            run = ensure_posted(deps, period)
        except SLACK_FAILURES as exc:  # the claim stays; a later firing retries after the lease
            log.warning(
                "checklist post failed",
                extra={"cadence": period.cadence.value, "error": _slack_error(exc)},
            )
            continue
        if run is not None:
            runs.append(run)
    return runs


def _slack_error(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    return str(response.get("error")) if response is not None else type(exc).__name__


class Drawn(Enum):
    """What a refresh did to a checklist message."""

    UPDATED = "updated"  # the message shows the run as it is now
    UNCHANGED = "unchanged"  # nothing to do: no message, or the live lines did not move
    STALE = "stale"  # Slack would not take the update: marked stale, the catch-up redraws it


def refresh(deps: Deps, run_id: int, team_id: str, *, fresh: bool = False) -> Drawn:
    """Update a posted checklist message in place to show its current state.

    With `fresh`, live lines are recomputed and the message is updated only when they changed
    (the periodic refresh); otherwise the cached lines are used and the message always updated
    (a click changed a tick or a note). When Slack refuses the update after the gateway's
    retries, the run is marked stale for `refresh_stale`.
    """
    with session_scope(deps.sessions) as session:
        run = repo.get_run(session=session, run_id=run_id, team_id=team_id)
        if run is None or run.ts is None or run.channel is None or run.id is None:
            return Drawn.UNCHANGED
        drawn_at = deps.clock.now()
        before = deps.live_cache.peek(run.id)
        view = build_view(session, run, deps, fresh=fresh)
    if fresh and run.stale_since is None and before == {i.item.id: i.live for i in view.items}:
        return Drawn.UNCHANGED
    msg, text = blocks.message(view)
    try:
        deps.gateway.update(run.channel, run.ts, text, msg)
    except SLACK_FAILURES as exc:
        log.warning("checklist update failed", extra={"run": run_id, "error": _slack_error(exc)})
        with session_scope(deps.sessions) as session:
            repo.mark_stale(session=session, run_id=run_id, drawn_at=drawn_at)
        return Drawn.STALE
    if run.stale_since is not None:
        with session_scope(deps.sessions) as session:
            repo.clear_stale(session=session, run_id=run_id, drawn_at=drawn_at)
    return Drawn.UPDATED


def refresh_after_click(
    deps: Deps, run_id: int, team_id: str, on_stale: Callable[[], object] | None = None
) -> None:
    """Re-render off the listener threads; clicks arriving meanwhile share one update.

    `on_stale` is called when Slack refused that update (to tell the clicker it is saved).
    """

    def then(drawn: object) -> None:
        if drawn is Drawn.STALE and on_stale is not None:
            on_stale()

    deps.background.submit(f"checklist:{run_id}", lambda: refresh(deps, run_id, team_id), then=then)


def refresh_live(deps: Deps) -> int:
    """Recompute the live lines of every current period's posted checklist; returns updates."""
    updated = 0
    for period in due_periods(deps.clock.now(), deps.calendar):
        with session_scope(deps.sessions) as session:
            run = repo.run_by_key(session=session, run_key=period.run_key(deps.team_id))
        if run is not None and run.id is not None and run.ts is not None:
            updated += refresh(deps, run.id, deps.team_id, fresh=True) is Drawn.UPDATED
    return updated


def refresh_stale(deps: Deps) -> int:
    """Redraw the messages Slack refused to update earlier; how many now show their state."""
    with session_scope(deps.sessions) as session:
        stale = repo.stale_run_ids(session=session, team_id=deps.team_id)
    return sum(refresh(deps, run_id, deps.team_id) is Drawn.UPDATED for run_id in stale)


class UnknownItem(LookupError):
    """A button or modal named a run or item this workspace does not have."""


def set_done(
    deps: Deps,
    ref: ItemRef,
    team_id: str,
    user_id: str,
    done: bool,
    *,
    on_stale: Callable[[], object] | None = None,
) -> bool:
    """Tick or untick an item; the message is updated only when the state changed.

    `on_stale` is called (later, off this thread) if Slack refuses that update.
    """
    with session_scope(deps.sessions) as session:
        run = repo.get_run(session=session, run_id=ref.run_id, team_id=team_id)
        if run is None or ref.item_id not in {i["id"] for i in run.items}:
            raise UnknownItem(ref.encode())
        changed = repo.set_done(
            session=session,
            run=run,
            item_id=ref.item_id,
            user_id=user_id,
            done=done,
            now=deps.clock.now(),
        )
    if changed:
        refresh_after_click(deps, ref.run_id, team_id, on_stale)
    return changed


def item_title(deps: Deps, ref: ItemRef, team_id: str) -> str:
    """The title of an item, for the note modal."""
    with session_scope(deps.sessions) as session:
        run = repo.get_run(session=session, run_id=ref.run_id, team_id=team_id)
        titles = {i["id"]: i["title"] for i in run.items} if run else {}
    if ref.item_id not in titles:
        raise UnknownItem(ref.encode())
    return titles[ref.item_id]


@dataclass(frozen=True)
class NoteInput:
    ref: ItemRef
    team_id: str
    user_id: str
    text: str
    view_id: str


def save_note(deps: Deps, note: NoteInput) -> bool:
    """Store a note once per modal submission and show it under its item."""
    with session_scope(deps.sessions) as session:
        run = repo.get_run(session=session, run_id=note.ref.run_id, team_id=note.team_id)
        if run is None or note.ref.item_id not in {i["id"] for i in run.items}:
            raise UnknownItem(note.ref.encode())
        stored = repo.add_note(
            session=session,
            run=run,
            item_id=note.ref.item_id,
            user_id=note.user_id,
            text=note.text,
            view_id=note.view_id,
            now=deps.clock.now(),
        )
    if stored:
        refresh_after_click(deps, note.ref.run_id, note.team_id)
    return stored


def nudge_open_items(deps: Deps) -> bool:
    """After the end of day, reply once in the daily checklist's thread naming its open items."""
    now, cal = deps.clock.now(), deps.calendar
    period = due_period(Cadence.DAILY, now, cal)
    if period is None or now < end_of_day(period, cal) or not deps.config.schedule.nudge:
        return False
    with session_scope(deps.sessions) as session:
        run = repo.run_for_period(
            session=session, team_id=deps.team_id, cadence="daily", start=period.start
        )
        if run is None or run.ts is None or run.channel is None or run.id is None:
            return False
        view = build_view(session, run, deps, live=False)  # the reply names open items only
        if not view.open_items() or not repo.claim_nudge(session=session, run_id=run.id, now=now):
            return False
    deps.gateway.post(run.channel, blocks.nudge(view), thread_ts=run.ts)
    return True
