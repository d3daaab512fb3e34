"""The simulated team of the demo: who ticks which item when, notes, and handling a crisis.

Seeded, so every run of the demo tells the same story; some days an item stays open so the
end-of-day nudge shows. Everything goes through the same services the Slack buttons and modals
call, so the demo shows the messages those clicks update.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from bot.deps import Deps
from bot.ids import ItemRef
from bot.services.checklists.runs import NoteInput, save_note, set_done
from bot.services.crisis import actions as crisis_actions
from models.checklists.tables import ChecklistRun
from models.crisis.tables import Incident

PEOPLE = ("U0AINO", "U0MAIJA", "U0SAM")
NOTES = (
    "Asked the product team about the cold brew rumour; statement coming <b>today</b> & "
    "we'll share it.",
    "Two advocates on Instagram are ready to join the autumn campaign.",
    "Numbers look normal, nothing to escalate.",
)
# What the simulated Finnish team writes (a team writes its notes in its own language).
NOTES_FI = (
    "Kysyin tuotetiimiltä kylmäuuttohuhusta; tiedote tulee <b>tänään</b> & jaamme sen.",
    "Kaksi Instagramin puolestapuhujaa lähtee mukaan syyskampanjaan.",
    "Luvut näyttävät tavallisilta, ei eskaloitavaa.",
)
INCIDENT_TEXTS = {
    "en": (
        "Product team pulled the batch for a lab test; holding statement posted.",
        "Lab test clean; the statement and a reply thread calmed it down.",
    ),
    "fi": (
        "Tuotetiimi veti erän laboratoriotestiin; alustava tiedote julkaistu.",
        "Laboratoriotesti puhdas; tiedote ja vastausketju rauhoittivat tilanteen.",
    ),
}


@dataclass(frozen=True)
class Action:
    """Something a person does at a given time."""

    at: datetime
    do: Callable[[Deps], object]


def office_hours(at: datetime, tz: ZoneInfo) -> datetime:
    """`at`, or the next 09:00 local time when `at` falls outside 08:00-17:00."""
    local = at.astimezone(tz)
    if 8 <= local.hour < 17:
        return at
    day = local.date() if local.hour < 8 else local.date() + timedelta(days=1)
    return datetime.combine(day, time(9, 0), tzinfo=tz).astimezone(UTC)


def plan_checklist(run: ChecklistRun, rng: random.Random, tz: ZoneInfo) -> list[Action]:
    """The team's clicks on a freshly posted run, spread over the next hours."""
    assert run.id is not None and run.posted_at is not None
    actions: list[Action] = []
    skip_last = run.cadence == "daily" and rng.random() < 0.3
    at = office_hours(run.posted_at, tz)
    for item in run.items[:-1] if skip_last else run.items:
        at += timedelta(minutes=rng.randint(10, 70))
        ref, user = ItemRef(run.id, item["id"]), rng.choice(PEOPLE)
        if rng.random() < 0.15:
            note = NoteInput(
                ref,
                run.team_id,
                user,
                rng.choice(NOTES_FI if run.locale == "fi" else NOTES),
                f"VDEMO{run.id}{item['id']}",
            )
            actions.append(Action(at - timedelta(minutes=5), partial(save_note, note=note)))
        tick = partial(set_done, ref=ref, team_id=run.team_id, user_id=user, done=True)
        actions.append(Action(at, tick))
    return actions


def plan_incident(incident: Incident, locale: str = "en") -> list[Action]:
    """How the comms team handles an alert: acknowledge, own, assess, note, resolve."""
    assert incident.id is not None and incident.posted_at is not None
    start, team = incident.posted_at, incident.team_id

    def click(user: str, n: int) -> crisis_actions.Click:
        return crisis_actions.Click(incident.id or 0, team, user, f"demo-{incident.id}-{n}")

    note, summary = INCIDENT_TEXTS.get(locale, INCIDENT_TEXTS["en"])
    return [
        Action(
            start + timedelta(minutes=7),
            partial(crisis_actions.acknowledge, click=click("U0AINO", 1)),
        ),
        Action(
            start + timedelta(minutes=9),
            partial(crisis_actions.assign, click=click("U0MAIJA", 2), owner="U0MAIJA"),
        ),
        Action(
            start + timedelta(minutes=25),
            partial(crisis_actions.add_note, click=click("U0MAIJA", 3), note=note),
        ),
        Action(
            start + timedelta(hours=7),
            partial(
                crisis_actions.close, click=click("U0MAIJA", 4), false_alarm=False, summary=summary
            ),
        ),
    ]
