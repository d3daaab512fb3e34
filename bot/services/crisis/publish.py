"""Crisis alerts in Slack: post each incident once, update it in place, thread replies, nudges.

Every effect is claimed in the database first (the post by `ts IS NULL` and a lease, an update
by its version, a thread reply by its event, a reminder by `reminded_at`), so a retry, a restart
or a second process never posts twice. Quiet hours hold back `watch` alerts, never a crisis.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from functools import partial

from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.blocks.crisis.alert import message
from bot.blocks.crisis.replies import escalation_text, reminder_text, thread_text
from bot.config import VahtiConfig
from bot.db import session_scope
from bot.deps import Deps
from bot.domain.crisis.incidents import nudges_due
from bot.domain.crisis.rules import held_until
from bot.i18n import Translator, translator
from bot.services.crisis.summaries import view_of
from bot.slack_gateway import SLACK_FAILURES
from models.crisis import incidents as repo
from models.crisis.slack_work import SlackWork, slack_work
from models.crisis.tables import Incident

log = logging.getLogger(__name__)


def _t(deps: Deps) -> Translator:
    return translator(deps.config.locale)


METADATA_EVENT = "vahti_incident"


def alert_channel(config: VahtiConfig, brand: str) -> str:
    """Where a brand's alerts go: its own channel, else the alerts channel, else the checklists'."""
    return (
        config.crisis.brand_channels.get(brand)
        or config.channels.alerts
        or config.channels.checklists
    )


def quiet_hours_of(config: VahtiConfig, channel: str) -> str | None:
    """The quiet hours of a channel (its own, else the team's)."""
    return config.crisis.channel_quiet_hours.get(channel, config.crisis.quiet_hours)


def _held(deps: Deps, incident: Incident, channel: str) -> bool:
    spec = quiet_hours_of(deps.config, channel)
    return held_until(spec, incident.severity, deps.clock.now(), deps.config.tz) is not None


def post_new(deps: Deps, incident_id: int) -> bool:
    """Post an incident's message unless it is posted, being posted, or held by quiet hours."""
    with session_scope(deps.sessions) as session:
        incident = repo.get(session=session, team_id=deps.team_id, incident_id=incident_id)
        if incident is None or incident.ts is not None:
            return False
        channel = alert_channel(deps.config, incident.brand)
        if _held(deps, incident, channel):
            return False
        retry = incident.claimed_at is not None
        token = repo.claim_post(session=session, incident_id=incident_id, now=deps.clock.now())
        if token is None:
            return False
        blocks, text = message(view_of(session, incident, deps.config.tz), _t(deps))
        version, key, started = incident.version, incident.key, incident.started_at
    ts = None
    if retry:  # an earlier attempt may have posted before its process died
        oldest = f"{started.timestamp() - 60:.6f}"
        ts = deps.gateway.find_by_metadata(channel, oldest, METADATA_EVENT, key)
    if ts is None:
        metadata = {"event_type": METADATA_EVENT, "event_payload": {"key": key}}
        channel, ts = deps.gateway.post(channel, text, blocks, metadata=metadata)
    with session_scope(deps.sessions) as session:
        repo.mark_posted(
            session=session,
            incident_id=incident_id,
            token=token,
            where=(channel, ts),
            version=version,
        )
        repo.skip_thread_events(session=session, incident_id=incident_id, now=deps.clock.now())
    log.info("incident posted", extra={"key": key, "channel": channel})
    return True


def refresh(deps: Deps, incident_id: int) -> bool:
    """Re-render a posted incident's message in place (once per version)."""
    with session_scope(deps.sessions) as session:
        incident = repo.get(session=session, team_id=deps.team_id, incident_id=incident_id)
        if incident is None or incident.ts is None or incident.channel is None:
            return False
        version, shown = incident.version, incident.posted_version
        if not repo.claim_update(session=session, incident_id=incident_id, version=version):
            return False
        blocks, text = message(view_of(session, incident, deps.config.tz), _t(deps))
        channel, ts = incident.channel, incident.ts
    try:
        deps.gateway.update(channel, ts, text, blocks)
    except SLACK_FAILURES:  # still stale: the next pass (a minute on) tries again
        with session_scope(deps.sessions) as session:
            repo.release_update(
                session=session, incident_id=incident_id, version=version, shown=shown
            )
        raise
    return True


def post_thread_replies(deps: Deps) -> int:
    """Post the added-signal, growth and back-to-typical replies not posted yet; how many."""
    posted = 0
    with session_scope(deps.sessions) as session:
        due = repo.thread_events_due(session=session, team_id=deps.team_id)
    for event in due:
        assert event.id is not None
        now = deps.clock.now()
        with session_scope(deps.sessions) as session:
            incident = repo.get(
                session=session, team_id=deps.team_id, incident_id=event.incident_id
            )
            if incident is None or incident.ts is None or incident.channel is None:
                continue
            if not repo.claim_thread_event(session=session, event_id=event.id, now=now):
                continue
            view = view_of(session, incident, deps.config.tz, timeline=False)
            text = thread_text(view, event.kind, event.signal, _t(deps))
        try:
            deps.gateway.post(incident.channel, text, thread_ts=incident.ts)
        except SlackApiError as exc:  # refused, so not posted: the next pass posts it
            with session_scope(deps.sessions) as session:
                repo.release_thread_event(session=session, event_id=event.id, claimed_at=now)
            _log_failure(event.incident_id, exc)
            continue
        except SLACK_FAILURES as exc:  # no answer: it may have posted, so never twice
            _log_failure(event.incident_id, exc)
            continue
        posted += 1
    return posted


def send_nudges(deps: Deps, incident: Incident) -> bool:
    """One reminder in the thread, then one DM to the comms lead, while nobody acknowledges."""
    crisis, now = deps.config.crisis, deps.clock.now()
    assert incident.id is not None and incident.channel is not None and incident.ts is not None
    if _held(deps, incident, incident.channel):
        return False
    sent = (incident.reminded_at is not None, incident.escalated_at is not None)
    wait = timedelta(minutes=crisis.ack_reminder_minutes)
    due = nudges_due(incident.posted_at, incident.state, incident.severity, sent, now, wait)
    if due.reminder and _claim(deps, incident, "reminded_at", "reminder"):
        deps.gateway.post(
            incident.channel,
            reminder_text(crisis.reminder_group, wait, _t(deps)),
            thread_ts=incident.ts,
        )
    if due.escalation and crisis.comms_lead and _claim(deps, incident, "escalated_at", "escalated"):
        with session_scope(deps.sessions) as session:
            view = view_of(session, incident, deps.config.tz)
        permalink = deps.gateway.permalink(incident.channel, incident.ts)
        dm = deps.gateway.open_dm(crisis.comms_lead)
        deps.gateway.post(dm, escalation_text(view, permalink, 2 * wait, _t(deps)))
    return due.reminder or due.escalation


def _claim(deps: Deps, incident: Incident, column: str, kind: str) -> bool:
    assert incident.id is not None
    now = deps.clock.now()
    with session_scope(deps.sessions) as session:
        if not repo.claim_nudge(session=session, incident_id=incident.id, column=column, now=now):
            return False
        text = "reminded the team" if kind == "reminder" else "escalated to the comms lead"
        values = {"kind": kind, "at": now, "text": text, "trigger_key": kind}
        repo.add_event(session=session, incident=incident, values=values)
    return True


def backlog(deps: Deps, session: Session) -> SlackWork:
    """What Slack is behind on now: new and stale messages, thread replies, nudges due."""
    crisis, now = deps.config.crisis, deps.clock.now()
    wait = timedelta(minutes=crisis.ack_reminder_minutes)
    return slack_work(
        session=session,
        team_id=deps.team_id,
        remind=now - wait,
        escalate=now - 2 * wait if crisis.comms_lead else None,
    )


def publish(deps: Deps) -> None:
    """Bring Slack up to date: new and held incidents, stale messages, thread replies, nudges.

    One query says what is due (usually nothing), so the every-minute pass stays cheap.
    """
    with session_scope(deps.sessions) as session:
        work = backlog(deps, session)
    for incident_id in work.new:
        _safely(partial(post_new, deps, incident_id), incident_id)
    for incident_id in work.stale:
        _safely(partial(refresh, deps, incident_id), incident_id)
    if work.replies:
        post_thread_replies(deps)
    for incident in work.waiting:
        assert incident.id is not None
        _safely(partial(send_nudges, deps, incident), incident.id)


def _safely(step: Callable[[], bool], incident_id: int) -> None:
    """One incident's Slack failure must not stop the others; its claim lets a later run retry."""
    try:
        step()
    except SLACK_FAILURES as exc:
        _log_failure(incident_id, exc)


def _log_failure(incident_id: int, exc: Exception) -> None:
    error = exc.response.get("error") if isinstance(exc, SlackApiError) else type(exc).__name__
    log.warning("crisis alert call failed", extra={"incident": incident_id, "error": error})
