"""CSV exports for other departments and CRMs: each exporter yields a header row, then rows.

Rows are streamed from the database (mentions in batches), so a large export runs in bounded
memory. Text from outside (mention texts, author names, notes) that a spreadsheet would read as
a formula (`=`, `+`, `-`, `@` first) gets a leading apostrophe.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlmodel import Session, col

from bot.config import VahtiConfig
from bot.domain.kpi.metrics import local_midnight
from models.checklists.tables import ChecklistCompletion, ChecklistNote, ChecklistRun
from models.mentions.tables import Mention

Row = Sequence[object]


@dataclass(frozen=True)
class ExportRequest:
    """What to export: the workspace and the local days [since, until], both included."""

    session: Session
    team_id: str
    config: VahtiConfig
    since: date
    until: date
    now: datetime

    @property
    def start_utc(self) -> datetime:
        return local_midnight(self.since, self.config.tz)

    @property
    def end_utc(self) -> datetime:
        return local_midnight(self.until + timedelta(days=1), self.config.tz)


Exporter = Callable[[ExportRequest], Iterator[Row]]


def safe_text(value: str | None) -> str:
    """Outside text that a spreadsheet will not run as a formula."""
    text = value or ""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _iso(at: datetime | None) -> str:
    return at.isoformat().replace("+00:00", "Z") if at else ""


MENTION_HEADER = [
    "id", "source", "created_at", "author", "text", "url", "reach", "engagement", "shares",
    "media", "lang", "brand", "polarity", "subjectivity", "label",
]  # fmt: skip


def export_mentions(req: ExportRequest) -> Iterator[Row]:
    """Every mention created in the period, oldest first."""
    yield MENTION_HEADER
    query = (
        select(Mention)
        .where(col(Mention.team_id) == req.team_id, col(Mention.created_at) >= req.start_utc,
               col(Mention.created_at) < req.end_utc)
        .order_by(col(Mention.created_at), col(Mention.id))
        .execution_options(yield_per=1000)
    )  # fmt: skip
    for m in req.session.scalars(query):
        yield [
            m.external_id, m.source, _iso(m.created_at), safe_text(m.author), safe_text(m.text),
            safe_text(m.url), m.reach, m.engagement, m.shares, m.media, m.lang or "",
            safe_text(m.brand), round(m.polarity, 4), round(m.subjectivity, 4), m.label,
        ]  # fmt: skip


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
        .where(col(ChecklistRun.team_id) == req.team_id, col(ChecklistRun.ts).is_not(None),
               col(ChecklistRun.period_start) >= req.since,
               col(ChecklistRun.period_start) <= req.until)
        .order_by(col(ChecklistRun.period_start), col(ChecklistRun.cadence))
    ).all()  # fmt: skip
    ids = [r.id for r in runs]
    done = {(c.run_id, c.item_id): c for c in req.session.scalars(
        select(ChecklistCompletion).where(col(ChecklistCompletion.run_id).in_(ids)))}  # fmt: skip
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
                run.cadence, run.period_start.isoformat(), safe_text(run.title), item["id"],
                safe_text(item.get("title")), "yes" if finished else "no",
                c.user_id if c and finished else "", _iso(c.changed_at) if c and finished else "",
                safe_text(" | ".join(notes.get((run.id, item["id"]), []))),
            ]  # fmt: skip
