"""The simulated team of the demo: who ticks which item when, and the odd note.

Seeded, so every run of the demo tells the same story; some days an item stays open so the
end-of-day nudge shows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.deps import Deps
from bot.ids import ItemRef
from bot.services.checklists import NoteInput, save_note, set_done
from models.checklists import ChecklistRun

PEOPLE = ("U0AINO", "U0MAIJA", "U0SAM")
NOTES = (
    "Asked the product team about the cold brew rumour; statement coming <b>today</b> & "
    "we'll share it.",
    "Two advocates on Instagram are ready to join the autumn campaign.",
    "Numbers look normal, nothing to escalate.",
)


@dataclass(frozen=True)
class Action:
    """Something a person does to a posted checklist at a given time."""

    at: datetime
    ref: ItemRef
    user_id: str
    note: str | None = None


def plan_actions(run: ChecklistRun, rng: random.Random) -> list[Action]:
    """The team's clicks on a freshly posted run, spread over the next hours."""
    assert run.id is not None and run.posted_at is not None
    actions: list[Action] = []
    skip_last = run.cadence == "daily" and rng.random() < 0.3
    items = run.items[:-1] if skip_last else run.items
    at = run.posted_at
    for item in items:
        at += timedelta(minutes=rng.randint(10, 70))
        ref = ItemRef(run.id, item["id"])
        if rng.random() < 0.15:
            actions.append(
                Action(at - timedelta(minutes=5), ref, rng.choice(PEOPLE), rng.choice(NOTES))
            )
        actions.append(Action(at, ref, rng.choice(PEOPLE)))
    return actions


def perform(deps: Deps, action: Action, team_id: str, seq: int) -> None:
    """Do one action through the same services the Slack buttons and modal use."""
    if action.note is not None:
        save_note(deps, NoteInput(action.ref, team_id, action.user_id, action.note, f"VDEMO{seq}"))
    else:
        set_done(deps, action.ref, team_id, action.user_id, done=True)
