"""The end-of-day log nudge's idempotency key: one claim per (workspace, local day)."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from models.kpi.tables import KpiLogNudge
from models.sql.upsert import insert_ignore


def claim_log_nudge(*, session: Session, team_id: str, day: date, now: datetime) -> bool:
    """Claim the day's log nudge; False when this or another process already has."""
    values = {"team_id": team_id, "day": day, "claimed_at": now}
    return insert_ignore(session, KpiLogNudge, values)
