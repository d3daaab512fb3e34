"""Filing signals into incidents: one incident per problem of a brand, its signals within it.

A signal continuing merges into itself (new figures, a thread reply when it grew); a new signal
of a brand whose incident is active joins that incident (one thread reply says what was added);
otherwise it opens a new incident, unless the team closed the same signal moments ago.
Database only: Slack is reached later by `crisis_publish`, after the unit of work commits.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.domain.crisis.figures import Figures
from bot.domain.crisis.incidents import (
    IMMEDIATE_KINDS,
    KIND_TITLES,
    Kind,
    Prior,
    Route,
    grew,
    incident_key,
    incident_slot,
    route,
)
from models.crisis import incidents as repo
from models.crisis import signals as signal_repo
from models.crisis.tables import Incident, IncidentSignal

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sighting:
    """An anomalous bucket, or new matching mentions, to file as a signal."""

    kind: str
    brand: str
    subject: str
    window_start: datetime  # where this anomaly started
    seen_at: datetime  # the end of its latest bucket (or the matching mention's time)
    severity: str  # the automatic severity for these figures
    peak: float  # the growth measure: volume ratio; for immediate alerts the new matching posts
    figures: Figures


@dataclass(frozen=True)
class Filed:
    """What filing did; a new incident, a new signal or growth needs a full explanation."""

    incident_id: int
    signal_id: int
    created: bool  # a new incident
    added: bool  # a new signal joined an existing incident
    grew: bool

    @property
    def explain(self) -> bool:
        return self.created or self.added or self.grew


def _prior(incident: Incident | None, seen_at: datetime | None = None) -> Prior | None:
    if incident is None or incident.id is None:
        return None
    seen = seen_at or incident.last_seen_at
    return Prior(incident.id, incident.state, seen, incident.resolved_at)


def file_sighting(
    session: Session, team_id: str, sighting: Sighting, cooldown: timedelta
) -> Filed | None:
    """Merge, join the brand's active incident, open a new one, or stay quiet in the cooldown."""
    s = sighting
    own = signal_repo.latest(
        session=session, team_id=team_id, brand=s.brand, kind=s.kind, subject=s.subject
    )
    host = repo.by_slot(
        session=session, team_id=team_id, slot=incident_slot(s.brand, s.kind, s.subject)
    )
    own_prior = _prior(own[1], own[0].last_seen_at) if own else None
    where = route(own_prior, _prior(host), s.window_start, cooldown)
    if where == Route.SUPPRESS:
        log.info("alert in cooldown", extra={"brand": s.brand, "kind": s.kind})
        return None
    if where == Route.MERGE and own is not None:
        return _merge(session, own[1], own[0], s)
    if where == Route.ATTACH and host is not None:
        return _attach(session, host, s)
    return _open(session, team_id, s, host)


def _signal_values(team_id: str, s: Sighting) -> dict[str, object]:
    return {
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


def _claim(session: Session, team_id: str, s: Sighting) -> IncidentSignal | None:
    """Claim the signal's key; None when another process (or an earlier run) holds it."""
    values = _signal_values(team_id, s)
    claimed = signal_repo.claim(session=session, values=values)
    found = signal_repo.by_key(session=session, team_id=team_id, key=str(values["key"]))
    assert found is not None
    return found if claimed else None


def _merge_claimed(session: Session, team_id: str, s: Sighting) -> Filed:
    """Someone filed this very signal first: continue it in its incident."""
    key = incident_key(s.kind, s.brand, s.subject, s.window_start)
    signal = signal_repo.by_key(session=session, team_id=team_id, key=key)
    assert signal is not None and signal.incident_id is not None
    incident = repo.get(session=session, team_id=team_id, incident_id=signal.incident_id)
    assert incident is not None
    return _merge(session, incident, signal, s)


def _open(session: Session, team_id: str, s: Sighting, stale: Incident | None) -> Filed:
    """A new incident for a new signal; a closed or stale holder of the slot gives it up."""
    signal = _claim(session, team_id, s)
    if signal is None:
        return _merge_claimed(session, team_id, s)
    if stale is not None and stale.id is not None:
        repo.release_slot(session=session, incident_id=stale.id)
    values = {
        **_signal_values(team_id, s),
        "slot": incident_slot(s.brand, s.kind, s.subject),
    }
    for signal_only in ("figures", "reported_peak"):
        values.pop(signal_only)
    incident, created = repo.open_incident(session=session, values=values)
    assert incident.id is not None and signal.id is not None
    if not created:  # another process opened the brand's incident a moment ago: join it
        return _join(session, incident, signal, s)
    signal_repo.route_to(session=session, signal_id=signal.id, incident_id=incident.id)
    repo.add_event(
        session=session,
        incident=incident,
        values={
            "kind": "opened",
            "at": s.seen_at,
            "text": "alert raised",
            "trigger_key": "opened",
            "signal": s.kind,
        },
    )
    return Filed(incident.id, signal.id, created=True, added=False, grew=False)


def _attach(session: Session, incident: Incident, s: Sighting) -> Filed:
    """Add a signal to the brand's active incident (or continue it there if it has one)."""
    assert incident.id is not None
    existing = signal_repo.of_incident(
        session=session, incident_id=incident.id, kind=s.kind, subject=s.subject
    )
    if existing is not None:  # the same signal came back while the incident went on
        return _merge(session, incident, existing, s)
    signal = _claim(session, incident.team_id, s)
    if signal is None:
        return _merge_claimed(session, incident.team_id, s)
    return _join(session, incident, signal, s)


def _join(session: Session, incident: Incident, signal: IncidentSignal, s: Sighting) -> Filed:
    """File a claimed signal into an existing incident, with one thread reply saying so."""
    assert incident.id is not None and signal.id is not None
    signal_repo.route_to(session=session, signal_id=signal.id, incident_id=incident.id)
    seen = max(incident.last_seen_at, s.seen_at)
    repo.extend(session=session, incident_id=incident.id, seen_at=seen, bump=True)
    repo.raise_severity(session=session, incident_id=incident.id, severity=s.severity)
    repo.add_event(
        session=session,
        incident=incident,
        values={
            "kind": "signal",
            "at": s.seen_at,
            "text": f"added: {KIND_TITLES[Kind(s.kind)].lower()}",
            "trigger_key": f"signal:{s.kind}:{s.subject}"[:128],
            "signal": s.kind,
            "to_thread": True,
        },
    )
    log.info("signal added", extra={"brand": s.brand, "kind": s.kind, "incident": incident.id})
    return Filed(incident.id, signal.id, created=False, added=True, grew=False)


def at_peak(kind: str, newer: Figures, older: Figures) -> bool:
    """Whether the newer figures are the anomaly's strongest so far (the headline keeps those)."""
    if kind == Kind.VOLUME_DROP:
        return newer.ratio <= older.ratio
    if kind == Kind.NEGATIVE_SHIFT:
        return newer.negative_share >= older.negative_share
    if kind == Kind.VOLUME_SPIKE:
        return newer.ratio >= older.ratio
    return True  # immediate alerts count up


def _merge(session: Session, incident: Incident, signal: IncidentSignal, s: Sighting) -> Filed:
    assert incident.id is not None and signal.id is not None
    old = Figures.from_json(signal.figures)
    peak = s.peak + old.matches if s.kind in IMMEDIATE_KINDS else s.peak
    bigger = grew(s.kind, signal.reported_peak, peak)
    newest = at_peak(s.kind, s.figures, old)
    merged = old.merged_with(s.figures, newest)
    # A new peak re-renders the message in place; only real growth also gets a thread reply.
    bump = bigger or (newest and merged != old)
    changes: dict[str, object] = {"figures": merged.to_json()}
    if bigger:
        changes["reported_peak"] = peak
    seen = max(signal.last_seen_at, s.seen_at)
    signal_repo.extend(session=session, signal_id=signal.id, seen_at=seen, changes=changes)
    signal_repo.raise_severity(session=session, signal_id=signal.id, severity=s.severity)
    incident_seen = max(incident.last_seen_at, seen)
    repo.extend(session=session, incident_id=incident.id, seen_at=incident_seen, bump=bump)
    repo.raise_severity(session=session, incident_id=incident.id, severity=s.severity)
    if bigger:
        repo.add_event(
            session=session,
            incident=incident,
            values={
                "kind": "grew",
                "at": s.seen_at,
                "text": "the anomaly grew",
                "trigger_key": f"grew:{s.kind}:{s.seen_at:%Y%m%dT%H%M%S}",
                "signal": s.kind,
                "to_thread": True,
            },
        )
    return Filed(incident.id, signal.id, created=False, added=False, grew=bigger)


def store_explained(session: Session, filed: Filed, figures: Figures) -> None:
    """Store a signal's fully explained figures (same version: the filing bumped it)."""
    signal = session.get(IncidentSignal, filed.signal_id)
    if signal is not None:
        session.refresh(signal)  # extend() changed the row behind the identity map
        signal.figures = Figures.from_json(signal.figures).merged_with(figures).to_json()
        session.add(signal)


def raise_severity(session: Session, filed: Filed, severity: str) -> None:
    """Raise the signal's and the incident's automatic severity (a person's choice stays)."""
    signal_repo.raise_severity(session=session, signal_id=filed.signal_id, severity=severity)
    repo.raise_severity(session=session, incident_id=filed.incident_id, severity=severity)
