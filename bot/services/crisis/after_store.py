"""The after-store hook of the crisis watch: note which new mentions need an immediate alert.

It runs inside the ingest transaction (any process that ingests: an import, the webhook, the
feeds), so it only writes candidate rows; the crisis job posts them. The rules are the ingesting
process's own `vahti.yml`, passed down by the ingest plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session

from bot.domain.crisis.rules import ImmediateRules, is_fresh
from models.crisis import candidates as repo
from models.mentions.store import StoredMention

NO_BRAND = "(no brand)"


def candidate_rows(
    mentions: Sequence[StoredMention], rules: dict[str, ImmediateRules]
) -> list[dict[str, Any]]:
    """Candidate rows for the fresh mentions that match their workspace's rules."""
    rows = []
    for stored in mentions:
        m = stored.row
        found = rules.get(m.team_id)
        if found is None or not is_fresh(m.created_at, m.ingested_at):
            continue
        for kind, subject in found.matches(m.text, m.author, m.label, m.reach):
            rows.append(
                {
                    "team_id": m.team_id,
                    "mention_id": stored.id,
                    "brand": m.brand or NO_BRAND,
                    "kind": kind,
                    "subject": subject[:256],
                    "created_at": m.created_at,
                }
            )
    return rows


def record_candidates(
    session: Session, stored: Sequence[StoredMention], rules: ImmediateRules
) -> None:
    """After-store step: note which new mentions need an immediate alert."""
    if rules.terms.patterns or rules.watched:
        by_team = dict.fromkeys({m.row.team_id for m in stored}, rules)
        repo.add_candidates(session=session, rows=candidate_rows(stored, by_team))
