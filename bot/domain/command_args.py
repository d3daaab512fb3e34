"""Parsing of slash-command arguments into typed requests, with usage text for people."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.checklists.periods import Cadence
from bot.escape import escape_mrkdwn


class UsageError(ValueError):
    """A bad argument; the message says what was wrong, `usage` gives the right form."""

    def __init__(self, problem: str, usage: str) -> None:
        super().__init__(problem)
        self.usage = usage

    def reply(self) -> str:
        return f"{self}\n{self.usage}"


CHECKLIST_USAGE = (
    "*Usage:* `/checklist daily|weekly|monthly|yearly` shows this period's checklist "
    "(posting it if it is not out yet) · `/checklist history` completion over the last periods · "
    "`/checklist help`"
)


@dataclass(frozen=True)
class ChecklistRequest:
    """What `/checklist` was asked: a cadence, the history, or help."""

    action: str  # "show", "history" or "help"
    cadence: Cadence | None = None


def parse_checklist(text: str) -> ChecklistRequest:
    """Parse `/checklist` arguments; raises UsageError with the right form."""
    words = text.strip().lower().split()
    if not words or words == ["help"]:
        return ChecklistRequest("help")
    if len(words) == 1 and words[0] == "history":
        return ChecklistRequest("history")
    if len(words) == 1 and words[0] in {c.value for c in Cadence}:
        return ChecklistRequest("show", Cadence(words[0]))
    raise UsageError(
        f"I don't know `{escape_mrkdwn(' '.join(text.split())[:40])}`.", CHECKLIST_USAGE
    )
