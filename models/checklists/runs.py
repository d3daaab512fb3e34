"""Queries on checklist runs, completions and notes; every write is guarded by a unique key."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from models.checklists.tables import ChecklistCompletion, ChecklistNote, ChecklistRun
from models.sql.core import rows_changed
from models.sql.upsert import insert_ignore

# A claim older than this with no message posted is taken to be a dead process's.
CLAIM_LEASE = timedelta(minutes=2)


@dataclass(frozen=True)
class Claim:
    """The right to post one run; `retry` means an earlier attempt may have posted already."""

    run: ChecklistRun
    token: str
    retry: bool


def claim_run(*, session: Session, run: ChecklistRun, now: datetime) -> Claim | None:
    """Claim a period's run by its key; None when it is posted or another process is posting."""
    token = uuid.uuid4().hex
    values = run.model_dump(exclude={"id"}) | {"claim_token": token, "claimed_at": now}
    if insert_ignore(session, ChecklistRun, values):
        return Claim(_by_key(session, run.run_key), token, retry=False)
    stale = update(ChecklistRun).where(
        col(ChecklistRun.run_key) == run.run_key,
        col(ChecklistRun.ts).is_(None),
        col(ChecklistRun.claimed_at) < now - CLAIM_LEASE,
    )
    if rows_changed(session.execute(stale.values(claim_token=token, claimed_at=now))) == 1:
        return Claim(_by_key(session, run.run_key), token, retry=True)
    return None


def _by_key(session: Session, run_key: str) -> ChecklistRun:
    session.flush()
    found = session.exec(select(ChecklistRun).where(ChecklistRun.run_key == run_key)).one()
    session.refresh(found)
    return found


def mark_posted(*, session: Session, claim: Claim, channel: str, ts: str, now: datetime) -> None:
    """Store where the run was posted; only the holder of the claim may."""
    stmt = update(ChecklistRun).where(
        col(ChecklistRun.id) == claim.run.id, col(ChecklistRun.claim_token) == claim.token
    )
    session.execute(stmt.values(channel=channel, ts=ts, posted_at=now))


def run_by_key(*, session: Session, run_key: str) -> ChecklistRun | None:
    """The run with this key, posted or not."""
    return session.exec(select(ChecklistRun).where(ChecklistRun.run_key == run_key)).first()


def get_run(*, session: Session, run_id: int, team_id: str) -> ChecklistRun | None:
    """A run of this workspace (ids from Slack payloads are checked against the team)."""
    run = session.get(ChecklistRun, run_id)
    return run if run is not None and run.team_id == team_id else None


def set_done(
    *, session: Session, run: ChecklistRun, item_id: str, user_id: str, done: bool, now: datetime
) -> bool:
    """Mark an item done or not; False when it already was (double clicks and retries)."""
    assert run.id is not None
    key = {"team_id": run.team_id, "run_id": run.id, "item_id": item_id}
    if insert_ignore(
        session, ChecklistCompletion, key | {"done": done, "user_id": user_id, "changed_at": now}
    ):
        return done
    stmt = update(ChecklistCompletion).where(
        col(ChecklistCompletion.run_id) == run.id,
        col(ChecklistCompletion.item_id) == item_id,
        col(ChecklistCompletion.done) == (not done),
    )
    result = session.execute(stmt.values(done=done, user_id=user_id, changed_at=now))
    return bool(rows_changed(result) == 1)


def add_note(
    *,
    session: Session,
    run: ChecklistRun,
    item_id: str,
    user_id: str,
    text: str,
    view_id: str,
    now: datetime,
) -> bool:
    """Store a note once per modal submission (`view_id`)."""
    values = {
        "team_id": run.team_id,
        "run_id": run.id,
        "item_id": item_id,
        "user_id": user_id,
        "text": text,
        "view_id": view_id,
        "created_at": now,
    }
    return insert_ignore(session, ChecklistNote, values)


def completions(*, session: Session, run_id: int) -> list[ChecklistCompletion]:
    """Every completion row of a run (done or undone)."""
    stmt = select(ChecklistCompletion).where(ChecklistCompletion.run_id == run_id)
    return list(session.exec(stmt))


def notes(*, session: Session, run_id: int) -> list[ChecklistNote]:
    """A run's notes, oldest first."""
    stmt = (
        select(ChecklistNote).where(ChecklistNote.run_id == run_id).order_by(col(ChecklistNote.id))
    )
    return list(session.exec(stmt))


def claim_nudge(*, session: Session, run_id: int, now: datetime) -> bool:
    """Claim the single end-of-day nudge of a run."""
    stmt = update(ChecklistRun).where(
        col(ChecklistRun.id) == run_id, col(ChecklistRun.nudged_at).is_(None)
    )
    return bool(rows_changed(session.execute(stmt.values(nudged_at=now))) == 1)


def run_for_period(
    *, session: Session, team_id: str, cadence: str, start: date
) -> ChecklistRun | None:
    """The run of one period, posted or not."""
    stmt = select(ChecklistRun).where(
        ChecklistRun.team_id == team_id,
        ChecklistRun.cadence == cadence,
        ChecklistRun.period_start == start,
    )
    return session.exec(stmt).first()


def recent_runs(*, session: Session, team_id: str, cadence: str, limit: int) -> list[ChecklistRun]:
    """The latest posted runs of a cadence, newest first."""
    stmt = (
        select(ChecklistRun)
        .where(
            ChecklistRun.team_id == team_id,
            ChecklistRun.cadence == cadence,
            col(ChecklistRun.ts).is_not(None),
        )
        .order_by(col(ChecklistRun.period_start).desc())
        .limit(limit)
    )
    return list(session.exec(stmt))


def done_item_ids(*, session: Session, run_ids: list[int]) -> dict[int, set[str]]:
    """For each run, the ids of its items that are done."""
    stmt = select(ChecklistCompletion.run_id, ChecklistCompletion.item_id).where(
        col(ChecklistCompletion.run_id).in_(run_ids), col(ChecklistCompletion.done)
    )
    out: dict[int, set[str]] = {r: set() for r in run_ids}
    for run_id, item_id in session.exec(stmt):
        out[run_id].add(item_id)
    return out
