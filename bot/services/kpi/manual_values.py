"""Manual KPI values in bulk: a CSV of `date,metric,value` (`vahti ingest --kind kpis`) or the
`POST /kpis` webhook's JSON items.

Each row is a day's value of a loggable metric; a later row for the same (metric, day) replaces
the earlier one, and a row repeating the stored value counts as a duplicate, so re-importing a
file changes nothing. Bad rows are reported by line and skipped; the rest are stored.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.db import SessionFactory, session_scope
from bot.domain.command_args import UsageError
from bot.domain.import_summary import summary_line
from bot.domain.kpi.metrics import LOGGABLE, parse_day, parse_metric, parse_value
from bot.i18n import ENGLISH, N_, Problem, Translator
from bot.services.kpi.reports import ManualValue
from models.kpi import targets as kpi_target_repo

BATCH = 500
DATE_COLUMNS = ("date", "day")


@dataclass(frozen=True)
class KpiImportReport:
    read: int
    stored: int
    duplicates: int
    rejections: list[tuple[int, str]] = field(default_factory=list)

    def summary(self, t: Translator = ENGLISH) -> str:
        """The line scripts parse, as for mentions."""
        return summary_line(self.read, self.stored, self.duplicates, len(self.rejections), t)

    def as_dict(self, where: str = "line") -> dict[str, object]:
        """Counts and rejections; `where` names the position (line of a file, index of an item)."""
        return {
            "read": self.read,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "rejected": len(self.rejections),
            "errors": [{where: line, "reason": reason} for line, reason in self.rejections],
        }


@dataclass(frozen=True)
class ImportContext:
    """Where and as whom rows are stored."""

    sessions: SessionFactory
    team_id: str
    now: datetime
    tz: ZoneInfo
    source: str
    by: str | None = None


def parse_entry(item: Mapping[str, object], today: date, ctx: ImportContext) -> ManualValue:
    """One row or item as a manual value; ValueError says what is wrong with it (a `Problem`,
    which the command line says in the team's language)."""
    fields = {str(k).strip().lower(): v for k, v in item.items()}
    raw_day = next((fields[c] for c in DATE_COLUMNS if fields.get(c) not in (None, "")), None)
    if raw_day is None or fields.get("metric") in (None, "") or fields.get("value") in (None, ""):
        raise Problem(N_("needs date, metric and value"))
    try:
        metric = parse_metric(str(fields["metric"]))
        if metric not in LOGGABLE:
            raise Problem(
                N_("{metric} is counted from mentions and cannot be imported"), metric=metric.value
            )
        value = parse_value(metric, str(fields["value"]))
        day = parse_day(str(raw_day).strip(), today)
    except UsageError as exc:
        # The Slack reply's `code` quotes mean nothing in a terminal or a JSON error.
        unquoted = {name: value.replace("`", "") for name, value in exc.params.items()}
        raise Problem(exc.problem, **unquoted) from None
    return ManualValue(metric, value, day, ctx.source, ctx.by)


def import_items(
    items: Iterable[tuple[int, Mapping[str, object]]], ctx: ImportContext
) -> KpiImportReport:
    """Validate numbered items and store them; within one import the last row of a day wins.

    Earlier rows for the same (metric, day) count as duplicates, so re-importing a file that
    corrects itself stores nothing the second time.
    """
    today = ctx.now.astimezone(ctx.tz).date()
    latest: dict[tuple[str, date], ManualValue] = {}
    read = superseded = 0
    rejections: list[tuple[int, str]] = []
    for line, item in items:
        read += 1
        try:
            entry = parse_entry(item, today, ctx)
        except ValueError as exc:
            rejections.append((line, exc.phrase if isinstance(exc, Problem) else str(exc)))
            continue
        superseded += latest.pop((entry.metric.value, entry.day), None) is not None
        latest[(entry.metric.value, entry.day)] = entry
    stored, duplicates = 0, superseded
    entries = iter(latest.values())
    while batch := [e.row(ctx.team_id, ctx.now) for e in islice(entries, BATCH)]:
        with session_scope(ctx.sessions) as session:
            new, same = kpi_target_repo.log_many(session=session, entries=batch)
        stored, duplicates = stored + new, duplicates + same
    return KpiImportReport(read, stored, duplicates, rejections)


def csv_items(stream: TextIO) -> Iterator[tuple[int, Mapping[str, object]]]:
    """Rows of a `date,metric,value` CSV numbered by their line in the file."""
    reader = csv.DictReader(stream)
    names = {n.strip().lower() for n in reader.fieldnames or []}
    if "metric" not in names or "value" not in names or not names & set(DATE_COLUMNS):
        raise Problem(N_("the CSV needs a header row with the columns date, metric and value"))
    for row in reader:
        yield reader.line_num, {k: v for k, v in row.items() if k is not None}
