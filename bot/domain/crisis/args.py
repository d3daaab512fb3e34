"""`/crisis` arguments: `status`, `list [DAYS]`, `help`; anything else is a usage error."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.command_args import UsageError
from bot.escape import escape_mrkdwn
from bot.i18n import N_

CRISIS_USAGE = N_(
    "*Usage:* `/crisis status` open incidents · `/crisis list [DAYS]` recent incidents with "
    "their outcome and the share marked false alarm (default 30 days) · `/crisis help`"
)
DEFAULT_DAYS = 30
MAX_DAYS = 366


@dataclass(frozen=True)
class CrisisRequest:
    """What `/crisis` was asked."""

    action: str  # "status", "list" or "help"
    days: int = DEFAULT_DAYS


def parse_crisis(text: str) -> CrisisRequest:
    """Parse `/crisis` arguments; no arguments means status."""
    words = text.strip().lower().split()
    if not words:
        return CrisisRequest("status")
    if words in (["help"], ["status"]):
        return CrisisRequest(words[0])
    if words[0] == "list" and len(words) <= 2:
        if len(words) == 1:
            return CrisisRequest("list")
        if words[1].isdigit() and 1 <= int(words[1]) <= MAX_DAYS:
            return CrisisRequest("list", int(words[1]))
        raise UsageError(
            N_("`list` takes a number of days from 1 to {max}."), CRISIS_USAGE, max=str(MAX_DAYS)
        )
    shown = escape_mrkdwn(" ".join(text.split())[:40])
    raise UsageError(N_("I don't know `{shown}`."), CRISIS_USAGE, shown=shown)
