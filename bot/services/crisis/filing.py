"""Turning judged buckets into signals of incidents, explained when new or grown.

Each signal is filed in its own unit of work, so an anomaly of one brand is stored even if
explaining another fails; the Slack side runs after, from what is stored.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.db import session_scope
from bot.deps import Deps
from bot.domain.crisis.incidents import ACTIVE_STATES, KIND_TITLES, Kind
from bot.domain.crisis.signals import BrandSignals, Signal, Step, headline
from bot.services.crisis.explain import explain_for
from bot.services.crisis.incidents import Sighting, file_sighting, store_explained
from models.crisis import incidents as repo
from models.crisis import signals as signal_repo
from models.crisis.tables import Incident, IncidentSignal

log = logging.getLogger(__name__)


def file_steps(
    deps: Deps, live: list[tuple[str, Step]], signals: dict[str, BrandSignals]
) -> list[int]:
    """File every live signal and close the episodes that calmed down; returns incident ids."""
    touched: list[int] = []
    for brand, step in live:
        for signal in step.signals:
            incident_id = _file(deps, brand, step, signal, signals[brand])
            if incident_id is not None:
                touched.append(incident_id)
        brand_signals = signals[brand]
        calm_since = step.judged.start - (brand_signals.calm_buckets - 1) * brand_signals.bucket
        for kind in step.ended:
            touched += _end(deps, brand, kind, calm_since)
    return touched


def _file(
    deps: Deps, brand: str, step: Step, signal: Signal, brand_signals: BrandSignals
) -> int | None:
    bucket = brand_signals.bucket
    recent = [j for j in brand_signals.recent if j.start <= step.judged.start]
    head = headline(signal.kind, recent, deps.config.tz, signal)
    seen_at = step.judged.start + bucket
    sighting = Sighting(
        kind=signal.kind,
        brand=brand,
        subject="",
        window_start=signal.episode_start,
        seen_at=seen_at,
        severity=head.severity,
        peak=head.peak,
        figures=head.figures,
    )
    cooldown = timedelta(minutes=deps.config.crisis.cooldown_minutes)
    with session_scope(deps.sessions) as session:
        filed = file_sighting(session, deps.team_id, sighting, cooldown)
        if filed is None:
            return None
        if filed.explain:
            span = (signal.episode_start, seen_at)
            figures = explain_for(
                session, deps.config, (deps.team_id, brand), span, signal.kind, head.figures
            )
            store_explained(session, filed, figures)
    if filed.created:
        log.info("incident opened", extra={"brand": brand, "kind": signal.kind})
    return filed.incident_id


def _end(deps: Deps, brand: str, kind: str, calm_since: datetime) -> list[int]:
    """The anomaly is over: say "back to typical" once on its signal of an active incident."""
    with session_scope(deps.sessions) as session:
        found = signal_repo.latest(session=session, team_id=deps.team_id, brand=brand, kind=kind)
        if found is None:
            return []
        signal, incident = found
        if signal.ended_at is not None or incident.state not in ACTIVE_STATES:
            return []
        assert incident.id is not None
        return [incident.id] if end_if_calm(session, incident, signal, calm_since) else []


def end_if_calm(
    session: Session, incident: Incident, signal: IncidentSignal, calm_since: datetime
) -> bool:
    """Mark a signal as back to typical once, with a thread reply; the incident when all are."""
    assert incident.id is not None and signal.id is not None
    if not signal_repo.mark_ended(session=session, signal_id=signal.id, at=calm_since):
        return False
    if signal_repo.all_ended(session=session, incident_id=incident.id):
        repo.mark_ended(session=session, incident_id=incident.id, at=calm_since)
    else:
        repo.bump(session=session, incident_id=incident.id)
    title = KIND_TITLES[Kind(signal.kind)].lower()
    repo.add_event(
        session=session,
        incident=incident,
        values={
            "kind": "ended",
            "at": calm_since,
            "text": f"{title} back to typical",
            "trigger_key": f"ended:{signal.kind}:{calm_since:%Y%m%dT%H%M%S}",
            "signal": signal.kind,
            "to_thread": True,
        },
    )
    return True
