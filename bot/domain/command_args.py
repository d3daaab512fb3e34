"""Parsing of slash-command arguments into typed requests, with usage text for people."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.domain.checklists.periods import Cadence
from bot.escape import escape_mrkdwn
from bot.i18n import ENGLISH, N_, Translator


class UsageError(ValueError):
    """A bad argument: `problem` says what was wrong, `usage` gives the right form.

    Both are English message ids (marked with `N_`) with `{name}` fields filled from `params`;
    `str()` is the English problem, `reply(t)` the whole answer in the team's language.
    """

    def __init__(
        self, problem: str, usage: str, usage_values: Mapping[str, str] | None = None, **params: str
    ) -> None:
        super().__init__(problem.format(**params))
        self.problem = problem
        self.usage_id = usage
        self.usage_values = dict(usage_values or {})
        self.usage = usage_text(usage, ENGLISH, self.usage_values)
        self.params = params

    def text(self, t: Translator = ENGLISH) -> str:
        """The problem alone, translated."""
        return t.gettext(self.problem).format(**self.params)

    def reply(self, t: Translator = ENGLISH) -> str:
        return f"{self.text(t)}\n{usage_text(self.usage_id, t, self.usage_values)}"


def usage_text(usage: str, t: Translator = ENGLISH, values: Mapping[str, str] | None = None) -> str:
    """A command's usage text, translated; `values` fill its fields (command words, which are
    typed the same in every language)."""
    text = t.gettext(usage)
    return text.format(**values) if values else text


CHECKLIST_USAGE = N_(
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
    shown = escape_mrkdwn(" ".join(text.split())[:40])
    raise UsageError(N_("I don't know `{shown}`."), CHECKLIST_USAGE, shown=shown)
