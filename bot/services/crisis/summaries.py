"""Incidents as their messages, lists and checklist lines show them (with every signal)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.domain.crisis.figures import (
    Figures,
    IncidentView,
    SignalView,
    TimelineEntry,
    headline_first,
)
from models.crisis import incidents as repo
from models.crisis import signals as signal_repo
from models.crisis.tables import Incident, IncidentSignal


def _signal_view(s: IncidentSignal) -> SignalView:
    return SignalView(
        kind=s.kind,
        subject=s.subject,
        severity=s.severity,
        started_at=s.started_at,
        last_seen_at=s.last_seen_at,
        ended_at=s.ended_at,
        figures=Figures.from_json(s.figures),
    )


def _view(
    incident: Incident,
    signals: list[IncidentSignal],
    entries: tuple[TimelineEntry, ...],
    tz: ZoneInfo,
) -> IncidentView:
    assert incident.id is not None
    ordered = headline_first([_signal_view(s) for s in signals])
    head = ordered[0] if ordered else None
    return IncidentView(
        incident_id=incident.id,
        kind=head.kind if head else incident.kind,
        brand=incident.brand,
        subject=head.subject if head else incident.subject,
        state=incident.state,
        severity=incident.severity,
        owner=incident.owner,
        started_at=incident.started_at,
        last_seen_at=incident.last_seen_at,
        ended_at=incident.ended_at,
        resolved_at=incident.resolved_at,
        resolved_by=incident.resolved_by,
        summary=incident.summary,
        figures=head.figures if head else Figures(),
        timeline=entries,
        tz=tz,
        signals=ordered,
    )


def view_of(
    session: Session, incident: Incident, tz: ZoneInfo, timeline: bool = True
) -> IncidentView:
    """The incident (with its timeline unless `timeline` is off), as the blocks show it."""
    return views(session, [incident], tz, timeline)[0]


def views(
    session: Session, incidents: list[Incident], tz: ZoneInfo, timeline: bool = True
) -> list[IncidentView]:
    """Several incidents as views (their signals read in one query)."""
    ids = [i.id for i in incidents if i.id is not None]
    signals = signal_repo.signals(session=session, incident_ids=ids)
    shown = []
    for incident in incidents:
        assert incident.id is not None
        events = repo.events(session=session, incident_id=incident.id) if timeline else []
        entries = tuple(TimelineEntry(e.kind, e.user_id, e.at, e.text) for e in events)
        shown.append(_view(incident, signals.get(incident.id, []), entries, tz))
    return shown
