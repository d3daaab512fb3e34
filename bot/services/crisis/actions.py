"""What the alert's buttons and modals do: each click changes the incident at most once.

A change is a conditional UPDATE (only from the states it is allowed from, only to a different
value), and its timeline event is keyed by the click (`action_ts`) or the modal (`view_id`), so
a double click, Slack's retry or a resubmitted modal record one event and one `chat.update`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.db import session_scope
from bot.deps import Deps
from bot.domain.crisis.figures import IncidentView
from bot.domain.crisis.incidents import ACTIVE_STATES, Severity, State
from bot.services.crisis.publish import refresh
from bot.services.crisis.summaries import view_of
from models.crisis import incidents as repo


class UnknownIncident(LookupError):
    """A button or modal named an incident this workspace does not have."""


@dataclass(frozen=True)
class Click:
    """Who did what to which incident, and the click's own id (for once-only recording)."""

    incident_id: int
    team_id: str
    user_id: str
    trigger: str  # action_ts of a click, view_id of a modal


def _apply(deps: Deps, click: Click, change: dict[str, Any], event: tuple[str, str]) -> bool:
    """Run one change and record its event if it happened; re-render the message if so."""
    kind, text = event
    with session_scope(deps.sessions) as session:
        incident = repo.get(session=session, team_id=click.team_id, incident_id=click.incident_id)
        if incident is None:
            raise UnknownIncident(str(click.incident_id))
        if "column" in change:
            changed = repo.change_if_different(
                session=session,
                incident_id=click.incident_id,
                column=change["column"],
                value=change["value"],
                extra=change.get("extra", {}),
            )
        else:
            changed = repo.transition(
                session=session,
                incident_id=click.incident_id,
                allowed=change["allowed"],
                values=change["values"],
            )
        if changed:
            values = {
                "kind": kind,
                "user_id": click.user_id,
                "at": deps.clock.now(),
                "text": text,
                "trigger_key": f"{kind}:{click.trigger}"[:128],
            }
            repo.add_event(session=session, incident=incident, values=values)
    if changed:
        refresh(deps, click.incident_id)
    return changed


def acknowledge(deps: Deps, click: Click) -> bool:
    """Open → acknowledged."""
    change = {"allowed": (State.OPEN.value,), "values": {"state": State.ACKNOWLEDGED.value}}
    return _apply(deps, click, change, ("acknowledged", "acknowledged"))


def assign(deps: Deps, click: Click, owner: str) -> bool:
    """Make `owner` the owner (the clicker for "I own this"); an open incident is acknowledged."""
    event = ("owned", "took ownership") if owner == click.user_id else ("assigned", owner)
    change = {"column": "owner", "value": owner, "extra": {"state": State.ACKNOWLEDGED.value}}
    return _apply(deps, click, change, event)


def set_severity(deps: Deps, click: Click, severity: str) -> bool:
    """Set the severity by hand (automatic raises stop overriding it)."""
    level = Severity(severity)
    change = {
        "column": "severity",
        "value": level.value,
        "extra": {"severity_set_by": click.user_id},
    }
    return _apply(deps, click, change, ("severity", f"set severity to {level.value}"))


def close(deps: Deps, click: Click, false_alarm: bool, summary: str | None = None) -> bool:
    """Resolve (with a one-line summary) or mark as a false alarm; only from an active state."""
    state = State.FALSE_ALARM if false_alarm else State.RESOLVED
    values = {
        "state": state.value,
        "resolved_at": deps.clock.now(),
        "resolved_by": click.user_id,
        "summary": summary,
    }
    change = {"allowed": ACTIVE_STATES, "values": values}
    text = "marked it a false alarm" if false_alarm else f"resolved it: {summary or ''}".strip()
    return _apply(deps, click, change, (state.value, text))


def add_note(deps: Deps, click: Click, note: str) -> bool:
    """A note on the timeline, once per modal submission; the message shows it."""
    with session_scope(deps.sessions) as session:
        incident = repo.get(session=session, team_id=click.team_id, incident_id=click.incident_id)
        if incident is None:
            raise UnknownIncident(str(click.incident_id))
        values = {
            "kind": "note",
            "user_id": click.user_id,
            "at": deps.clock.now(),
            "text": note,
            "trigger_key": f"note:{click.trigger}"[:128],
        }
        stored = repo.add_event(session=session, incident=incident, values=values)
        if stored:
            repo.bump(session=session, incident_id=click.incident_id)
    if stored:
        refresh(deps, click.incident_id)
    return stored


def incident_view(deps: Deps, incident_id: int, team_id: str) -> IncidentView:
    """The incident as the note and resolve modals name it."""
    with session_scope(deps.sessions) as session:
        incident = repo.get(session=session, team_id=team_id, incident_id=incident_id)
        if incident is None:
            raise UnknownIncident(str(incident_id))
        return view_of(session, incident, deps.config.tz)
