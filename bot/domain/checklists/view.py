"""What a posted checklist shows, assembled from its run, completions, notes and live data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.checklists.templates import Item


@dataclass(frozen=True)
class NoteView:
    user_id: str
    text: str
    at: datetime


@dataclass(frozen=True)
class ItemView:
    item: Item
    done: bool
    by: str | None
    at: datetime | None
    notes: tuple[NoteView, ...]
    live: tuple[str, ...]


@dataclass(frozen=True)
class ChecklistView:
    """A run as the team sees it; times are shown in `tz_name`."""

    run_id: int
    cadence: str
    title: str
    period_label: str
    locale: str
    tz_name: str
    items: tuple[ItemView, ...]

    @property
    def done_count(self) -> int:
        return sum(1 for i in self.items if i.done)

    @property
    def ratio(self) -> float:
        return self.done_count / len(self.items) if self.items else 0.0

    def open_items(self) -> list[ItemView]:
        return [i for i in self.items if not i.done]
