"""Checklist templates: parsed and validated from plain data (the YAML files)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from bot.domain.checklists.periods import Cadence

_ITEM_ID = re.compile(r"^[a-z0-9_]{1,48}$")


class TemplateError(ValueError):
    """A template cannot be used; the message says which entry and why."""


@dataclass(frozen=True)
class Item:
    """One thing to do; `data` names the live-data provider shown beside it."""

    id: str
    title: str
    help: str = ""
    data: str | None = None

    def snapshot(self) -> dict[str, str]:
        """The form stored with a run so later template edits do not rewrite history."""
        snap = {"id": self.id, "title": self.title, "help": self.help}
        if self.data:
            snap["data"] = self.data
        return snap

    @classmethod
    def from_snapshot(cls, snap: Mapping[str, str]) -> Item:
        return cls(snap["id"], snap["title"], snap.get("help", ""), snap.get("data"))


@dataclass(frozen=True)
class Template:
    """A cadence's checklist in one locale."""

    cadence: Cadence
    locale: str
    title: str
    items: tuple[Item, ...]


def _parse_item(raw: object, where: str) -> Item:
    if not isinstance(raw, Mapping):
        raise TemplateError(f"{where}: each item needs id and title")
    item_id, title = str(raw.get("id", "")), str(raw.get("title", "")).strip()
    if not _ITEM_ID.match(item_id):
        raise TemplateError(f"{where}: id {item_id!r} must be 1-48 of a-z, 0-9 and _")
    if not title or len(title) > 140:
        raise TemplateError(f"{where}: title must be 1-140 characters")
    data = raw.get("data")
    return Item(item_id, title, str(raw.get("help", "")).strip(), str(data) if data else None)


def parse_templates(raw: object, locale: str) -> dict[Cadence, Template]:
    """Templates from a mapping of cadence -> {title, items}; raises TemplateError for people."""
    if not isinstance(raw, Mapping):
        raise TemplateError("a template file maps daily/weekly/monthly/yearly to a checklist")
    out: dict[Cadence, Template] = {}
    for key, body in raw.items():
        try:
            cadence = Cadence(str(key))
        except ValueError:
            raise TemplateError(
                f"unknown cadence {key!r} (daily, weekly, monthly, yearly)"
            ) from None
        if not isinstance(body, Mapping) or not isinstance(body.get("items"), list):
            raise TemplateError(f"{cadence}: needs a title and a list of items")
        items = tuple(_parse_item(r, f"{cadence} item {n}") for n, r in enumerate(body["items"], 1))
        if not items or len(items) > 12:
            raise TemplateError(f"{cadence}: between 1 and 12 items fit in one Slack message")
        if len({i.id for i in items}) != len(items):
            raise TemplateError(f"{cadence}: item ids must be unique")
        out[cadence] = Template(
            cadence, locale, str(body.get("title", cadence.value.title())), items
        )
    return out
