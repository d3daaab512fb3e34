"""Immediate alerts: crisis terms and watched accounts, from candidates to incidents.

The after-store step (`bot.services.crisis.after_store`) only writes candidate rows inside the
ingest transaction. The crisis job claims each candidate once and files it like an anomaly: matches
of a brand's crisis terms within the cooldown are one signal whose message grows, not a stream of
posts, and join the brand's active incident if a spike or shift opened one; each watched account's
negative posts are an incident of their own.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from sqlmodel import Session

from bot.config import VahtiConfig
from bot.db import session_scope
from bot.deps import Deps
from bot.domain.crisis.attribution import Baseline, explain
from bot.domain.crisis.figures import Figures, with_explanation
from bot.domain.crisis.incidents import Kind, Severity, auto_severity
from bot.services.crisis.explain import brand_tags, brand_words
from bot.services.crisis.incidents import (
    Sighting,
    file_sighting,
    raise_severity,
    store_explained,
)
from models.crisis import candidates as repo
from models.crisis.tables import CrisisCandidate


def incident_subject(kind: str, subject: str) -> str:
    """Every crisis term of a brand goes to one incident; each watched account to its own."""
    return "" if kind == Kind.CRISIS_TERM else subject


def file_candidates(deps: Deps) -> list[int]:
    """Claim pending candidates and file them, grouped by brand, kind and incident subject."""
    now = deps.clock.now()
    groups: dict[tuple[str, str, str], list[CrisisCandidate]] = defaultdict(list)
    with session_scope(deps.sessions) as session:
        waiting = repo.any_pending(session=session, team_id=deps.team_id)
        for c in repo.pending(session=session, team_id=deps.team_id) if waiting else []:
            assert c.id is not None
            if repo.claim(session=session, candidate_id=c.id, now=now):
                groups[(c.brand, c.kind, incident_subject(c.kind, c.subject))].append(c)
    touched = []
    for what, found in groups.items():
        with session_scope(deps.sessions) as session:
            incident_id = _file_group(deps, session, what, found)
        if incident_id is not None:
            touched.append(incident_id)
    return touched


def _file_group(
    deps: Deps, session: Session, what: tuple[str, str, str], found: list[CrisisCandidate]
) -> int | None:
    brand, kind, subject = what
    new_mentions = {c.mention_id for c in found}
    sighting = Sighting(
        kind=kind,
        brand=brand,
        subject=subject,
        window_start=min(c.created_at for c in found),
        seen_at=max(c.created_at for c in found),
        severity=Severity.WATCH,  # set from the full figures below
        peak=float(len(new_mentions)),  # added to the posts filed before when it continues
        figures=Figures(observed=len(new_mentions)),
    )
    cooldown = timedelta(minutes=deps.config.crisis.cooldown_minutes)
    filed = file_sighting(session, deps.team_id, sighting, cooldown)
    if filed is None:
        return None
    repo.link(
        session=session, candidate_ids=[c.id for c in found if c.id], incident_id=filed.incident_id
    )
    figures = _figures(session, filed.incident_id, deps.config, (brand, kind))
    store_explained(session, filed, figures)
    reach_factor = figures.reach / max(1, deps.config.crisis.term_min_reach)
    raise_severity(session, filed, auto_severity(kind, 1.0, 1.0, reach_factor))
    return filed.incident_id


def _figures(
    session: Session, incident_id: int, config: VahtiConfig, what: tuple[str, str]
) -> Figures:
    """The signal's figures from every mention of its kind filed into the incident."""
    brand, kind = what
    matched = repo.matched_subjects(session=session, incident_id=incident_id, kind=kind)
    mention_ids = repo.incident_mentions(session=session, incident_id=incident_id, kind=kind)
    posts = repo.posts_by_id(session=session, ids=mention_ids)
    own = (brand_words(config, brand), brand_tags(config, brand))
    explanation = explain(posts, Baseline(expected_total=0.0), *own)
    base = Figures(
        observed=len(mention_ids),
        matches=len(mention_ids),
        reach=max((p.reach for p in posts), default=0),
        matched=tuple(matched),
    )
    return with_explanation(base, explanation)
