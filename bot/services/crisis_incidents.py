"""Filing anomalies into incidents (merge, cooldown, growth) and reading incidents for display.

Database only: Slack is reached later by `crisis_publish`, after the unit of work commits, so an
incident exists (under its unique key) before any message is posted about it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.domain.incident_figures import Figures, IncidentView, TimelineEntry
from bot.domain.incidents import Kind, Placement, Prior, grew, higher, incident_key, place
from models import alert_repo as repo
from models.alerts import Incident

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sighting:
    """An anomalous bucket, or a matching mention, to file into an incident."""

    kind: str
    brand: str
    subject: str
    window_start: datetime  # where this anomaly started
    seen_at: datetime  # the end of its latest bucket (or the matching mention's time)
    severity: str  # the automatic severity for these figures
    peak: float  # the growth measure: volume ratio, or matching posts
    figures: Figures


@dataclass(frozen=True)
class Filed:
    """What filing did: the incident, and whether it is new or grew (needs a full explanation)."""

    incident_id: int
    created: bool
    grew: bool


def _prior(incident: Incident | None) -> Prior | None:
    if incident is None or incident.id is None:
        return None
    return Prior(incident.id, incident.state, incident.last_seen_at, incident.resolved_at)


def file_sighting(
    session: Session, team_id: str, sighting: Sighting, cooldown: timedelta
) -> Filed | None:
    """Merge into the ongoing incident, open a new one, or stay quiet in the cooldown."""
    s = sighting
    latest = repo.latest_for(
        session=session, team_id=team_id, brand=s.brand, kind=s.kind, subject=s.subject
    )
    placement = place(_prior(latest), s.window_start, cooldown)
    if placement == Placement.SUPPRESS:
        log.info("alert in cooldown", extra={"brand": s.brand, "kind": s.kind})
        return None
    if placement == Placement.MERGE and latest is not None:
        return _merge(session, latest, s)
    values = {
        "team_id": team_id,
        "key": incident_key(s.kind, s.brand, s.subject, s.window_start),
        "kind": s.kind,
        "brand": s.brand,
        "subject": s.subject,
        "severity": s.severity,
        "started_at": s.window_start,
        "last_seen_at": s.seen_at,
        "figures": s.figures.to_json(),
        "reported_peak": s.peak,
    }
    incident, created = repo.open_incident(session=session, values=values)
    if not created:  # another process (or an earlier run of this tick) filed it first
        return _merge(session, incident, s)
    assert incident.id is not None
    repo.add_event(
        session=session,
        incident=incident,
        values={"kind": "opened", "at": s.seen_at, "text": "alert raised", "trigger_key": "opened"},
    )
    return Filed(incident.id, created=True, grew=False)


def at_peak(kind: str, newer: Figures, older: Figures) -> bool:
    """Whether the newer figures are the anomaly's strongest so far (the headline keeps those)."""
    if kind == Kind.VOLUME_DROP:
        return newer.ratio <= older.ratio
    if kind == Kind.NEGATIVE_SHIFT:
        return newer.negative_share >= older.negative_share
    if kind == Kind.VOLUME_SPIKE:
        return newer.ratio >= older.ratio
    return True  # immediate alerts count up


def _merge(session: Session, incident: Incident, s: Sighting) -> Filed:
    assert incident.id is not None
    bigger = grew(incident.kind, incident.reported_peak, s.peak)
    old = Figures.from_json(incident.figures)
    peak = at_peak(s.kind, s.figures, old)
    merged = old.merged_with(s.figures, peak)
    # A new peak re-renders the message in place; only real growth also gets a thread reply.
    bump = bigger or (peak and merged != old)
    changes: dict[str, object] = {"figures": merged.to_json()}
    if bigger:
        changes["reported_peak"] = s.peak
    seen = max(incident.last_seen_at, s.seen_at)
    repo.extend(session=session, incident_id=incident.id, seen_at=seen, changes=changes, bump=bump)
    if higher(s.severity, incident.severity) != incident.severity:
        repo.raise_severity(session=session, incident_id=incident.id, severity=s.severity)
    if bigger:
        repo.add_event(
            session=session,
            incident=incident,
            values={
                "kind": "grew",
                "at": s.seen_at,
                "text": "the anomaly grew",
                "trigger_key": f"grew:{s.seen_at:%Y%m%dT%H%M%S}",
                "to_thread": True,
            },
        )
    return Filed(incident.id, created=False, grew=bigger)


def store_explained(session: Session, incident_id: int, figures: Figures) -> None:
    """Store the fully explained figures of an incident (same version)."""
    incident = session.get(Incident, incident_id)
    if incident is not None:
        session.refresh(incident)  # extend() changed the row behind the identity map
        incident.figures = Figures.from_json(incident.figures).merged_with(figures).to_json()
        session.add(incident)


def end_if_calm(session: Session, incident: Incident, calm_since: datetime) -> bool:
    """Mark an active incident's anomaly as back to typical, once, with a thread reply."""
    assert incident.id is not None
    if not repo.mark_ended(session=session, incident_id=incident.id, at=calm_since):
        return False
    repo.add_event(
        session=session,
        incident=incident,
        values={
            "kind": "ended",
            "at": calm_since,
            "text": "back to typical",
            "trigger_key": f"ended:{calm_since:%Y%m%dT%H%M%S}",
            "to_thread": True,
        },
    )
    return True


def view_of(
    session: Session, incident: Incident, tz: ZoneInfo, timeline: bool = True
) -> IncidentView:
    """The incident (with its timeline unless `timeline` is off), as the blocks show it."""
    assert incident.id is not None
    events = repo.events(session=session, incident_id=incident.id) if timeline else []
    entries = tuple(TimelineEntry(e.kind, e.user_id, e.at, e.text) for e in events)
    return IncidentView(
        incident_id=incident.id,
        kind=incident.kind,
        brand=incident.brand,
        subject=incident.subject,
        state=incident.state,
        severity=incident.severity,
        owner=incident.owner,
        started_at=incident.started_at,
        last_seen_at=incident.last_seen_at,
        ended_at=incident.ended_at,
        resolved_at=incident.resolved_at,
        resolved_by=incident.resolved_by,
        summary=incident.summary,
        figures=Figures.from_json(incident.figures),
        timeline=entries,
        tz=tz,
    )


def views(
    session: Session, incidents: list[Incident], tz: ZoneInfo, timeline: bool = True
) -> list[IncidentView]:
    """Several incidents as views."""
    return [view_of(session, i, tz, timeline) for i in incidents]
