"""Every action_id, callback_id and block_id, and the typed payloads carried by buttons and modals.

Payloads carry only ids, never user text, so they stay far below Slack's 2,000-character limit
and can be trusted only after the ids are checked against the workspace.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Self


class ActionId(StrEnum):
    CHECKLIST_DONE = "checklist_done"
    CHECKLIST_UNDO = "checklist_undo"
    CHECKLIST_NOTE = "checklist_note"
    CRISIS_ACK = "crisis_ack"
    CRISIS_OWN = "crisis_own"
    CRISIS_ASSIGN = "crisis_assign"
    CRISIS_SEVERITY = "crisis_severity"
    CRISIS_NOTE = "crisis_note"
    CRISIS_RESOLVE = "crisis_resolve"
    CRISIS_FALSE_ALARM = "crisis_false_alarm"
    KPI_LOG_OPEN = "kpi_log_open"


class CallbackId(StrEnum):
    CHECKLIST_NOTE = "checklist_note_modal"
    CRISIS_NOTE = "crisis_note_modal"
    CRISIS_RESOLVE = "crisis_resolve_modal"
    KPI_LOG = "kpi_log_modal"


class BlockId(StrEnum):
    NOTE_INPUT = "note_input"
    NOTE_TEXT = "note_text"
    CRISIS_TEXT_INPUT = "crisis_text_input"
    CRISIS_TEXT = "crisis_text"
    KPI_METRIC = "kpi_metric"
    KPI_VALUE = "kpi_value"
    KPI_DATE = "kpi_date"


class PayloadError(ValueError):
    """A button value or private_metadata that is not one of ours."""


@dataclass(frozen=True)
class Payload:
    """Base of the typed payloads: `kind:field:field` with ints and short strings only."""

    KIND = ""

    def encode(self) -> str:
        parts = [str(getattr(self, f.name)) for f in fields(self)]
        if any(":" in p for p in parts):
            raise PayloadError("payload fields cannot contain ':'")
        return ":".join([self.KIND, *parts])

    @classmethod
    def decode(cls, value: str) -> Self:
        kind, *parts = value.split(":")
        specs = fields(cls)
        if kind != cls.KIND or len(parts) != len(specs):
            raise PayloadError(f"not a {cls.__name__} payload")
        try:
            args = [
                int(p) if f.type in ("int", int) else p for f, p in zip(specs, parts, strict=True)
            ]
        except ValueError as exc:
            raise PayloadError(f"bad {cls.__name__} payload") from exc
        return cls(*args)


@dataclass(frozen=True)
class ItemRef(Payload):
    """One item of one checklist run."""

    KIND = "ci"
    run_id: int
    item_id: str


@dataclass(frozen=True)
class IncidentRef(Payload):
    """One crisis incident (buttons, the actions block's id, modal metadata)."""

    KIND = "inc"
    incident_id: int


@dataclass(frozen=True)
class SeverityChoice(Payload):
    """A severity picked for an incident in the Severity menu."""

    KIND = "isev"
    incident_id: int
    severity: str
