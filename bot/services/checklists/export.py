"""`vahti export checklist`: each item of each posted run, who ticked it and when, its notes."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlmodel import col

from bot.services.exports import ExportRequest, Row, iso, safe_text
from models.checklists.tables import ChecklistCompletion, ChecklistNote, ChecklistRun

CHECKLIST_HEADER = [
    "cadence",
    "period_start",
    "title",
    "item",
    "item_title",
    "done",
    "by",
    "at",
    "notes",
]


def export_checklist(req: ExportRequest) -> Iterator[Row]:
    """Checklist history: each item of each run whose period starts in the range."""
    yield CHECKLIST_HEADER
    runs = req.session.scalars(
        select(ChecklistRun)
        .where(
            col(ChecklistRun.team_id) == req.team_id,
            col(ChecklistRun.ts).is_not(None),
            col(ChecklistRun.period_start) >= req.since,
            col(ChecklistRun.period_start) <= req.until,
        )
        .order_by(col(ChecklistRun.period_start), col(ChecklistRun.cadence))
    ).all()
    ids = [r.id for r in runs]
    done = {
        (c.run_id, c.item_id): c
        for c in req.session.scalars(
            select(ChecklistCompletion).where(col(ChecklistCompletion.run_id).in_(ids))
        )
    }
    notes: dict[tuple[int, str], list[str]] = {}
    for n in req.session.scalars(
        select(ChecklistNote)
        .where(col(ChecklistNote.run_id).in_(ids))
        .order_by(col(ChecklistNote.id))
    ):
        notes.setdefault((n.run_id, n.item_id), []).append(f"{n.user_id}: {n.text}")
    for run in runs:
        assert run.id is not None
        for item in run.items:
            c = done.get((run.id, item["id"]))
            finished = c is not None and c.done
            yield [
                run.cadence,
                run.period_start.isoformat(),
                safe_text(run.title),
                item["id"],
                safe_text(item.get("title")),
                "yes" if finished else "no",
                c.user_id if c and finished else "",
                iso(c.changed_at) if c and finished else "",
                safe_text(" | ".join(notes.get((run.id, item["id"]), []))),
            ]
