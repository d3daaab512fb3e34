"""`vahti export alerts`: each incident that started in the range, with its signals and timeline.

One row per incident, so the yearly look-back and other departments can sort and count them in
a spreadsheet: what happened, how bad, who owned it, how long it took and how it ended.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlmodel import col

from bot.services.exports import ExportRequest, Row, iso, safe_text
from models.crisis.tables import Incident, IncidentEvent, IncidentSignal

ALERT_HEADER = [
    "id",
    "brand",
    "kind",
    "signals",
    "subject",
    "severity",
    "state",
    "owner",
    "started_at",
    "acknowledged_at",
    "resolved_at",
    "minutes_to_acknowledge",
    "summary",
    "timeline",
]


ACK_KINDS = ("acknowledged", "owned", "assigned")


def _event(event: IncidentEvent) -> str:
    return f"{iso(event.at)} {event.user_id or 'Vahti'} {event.kind}: {event.text}"


def export_alerts(req: ExportRequest) -> Iterator[Row]:
    """Incidents whose start falls in the range, oldest first."""
    yield ALERT_HEADER
    incidents = req.session.scalars(
        select(Incident)
        .where(
            col(Incident.team_id) == req.team_id,
            col(Incident.started_at) >= req.start_utc,
            col(Incident.started_at) < req.end_utc,
        )
        .order_by(col(Incident.started_at))
    ).all()
    ids = [i.id for i in incidents]
    events: dict[int, list[IncidentEvent]] = {}
    for event in req.session.scalars(
        select(IncidentEvent)
        .where(col(IncidentEvent.incident_id).in_(ids))
        .order_by(col(IncidentEvent.at))
    ):
        events.setdefault(event.incident_id, []).append(event)
    signals: dict[int, list[str]] = {}
    for signal in req.session.scalars(
        select(IncidentSignal).where(col(IncidentSignal.incident_id).in_(ids))
    ):
        if signal.incident_id is not None:
            signals.setdefault(signal.incident_id, []).append(signal.kind)
    for incident in incidents:
        assert incident.id is not None
        timeline = events.get(incident.id, [])
        acked = next((e.at for e in timeline if e.kind in ACK_KINDS), None)
        minutes = round((acked - incident.started_at).total_seconds() / 60) if acked else ""
        yield [
            incident.id,
            safe_text(incident.brand),
            incident.kind,
            " ".join(sorted(set(signals.get(incident.id, [incident.kind])))),
            safe_text(incident.subject),
            incident.severity,
            incident.state,
            incident.owner or "",
            iso(incident.started_at),
            iso(acked),
            iso(incident.resolved_at),
            minutes,
            safe_text(incident.summary),
            safe_text(" | ".join(_event(e) for e in timeline)),
        ]
