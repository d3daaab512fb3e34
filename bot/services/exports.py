"""What every CSV export shares: the request, the exporter type and spreadsheet-safe text.

Each feature's exporters live in its own `export` module; `bot.features` lists them.

Rows are streamed from the database (mentions in batches), so a large export runs in bounded
memory. Text from outside (mention texts, author names, notes) that a spreadsheet would read as
a formula (`=`, `+`, `-`, `@` first) gets a leading apostrophe.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session

from bot.config import VahtiConfig
from bot.domain.time import local_midnight

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


def iso(at: datetime | None) -> str:
    """A UTC time as exports write it (`Z`), empty when unknown."""
    return at.isoformat().replace("+00:00", "Z") if at else ""
