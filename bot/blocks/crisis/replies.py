"""The crisis alert's modals, thread replies, reminders and the `/crisis` answers.

Pure builders like `bot.blocks.crisis.alert`; outside text is escaped before it reaches mrkdwn.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.blocks.common import Block, context, header, section, user_ref
from bot.blocks.crisis.alert import SEVERITY_TITLES, plain_headline
from bot.blocks.crisis.signals import added_text, plain_signal, title
from bot.domain.crisis.figures import IncidentView
from bot.domain.crisis.incidents import KIND_TITLES, STATE_TITLES, Kind, Severity, State
from bot.escape import escape_mrkdwn, escape_plain, link, truncate
from bot.ids import BlockId, CallbackId, IncidentRef

NOTE_MAX = 2000
SUMMARY_MAX = 300
_GROUP_ID = re.compile(r"^S[A-Z0-9]{2,20}$")


def text_modal(ref: IncidentRef, resolve: bool, incident_title: str) -> dict[str, Any]:
    """The Add note modal, or the Resolve modal that asks for a one-line summary."""
    label, hint, limit = (
        ("Summary (one line)", "What happened and what was done?", SUMMARY_MAX)
        if resolve
        else ("Note", "What did you find or decide?", NOTE_MAX)
    )
    return {
        "type": "modal",
        "callback_id": CallbackId.CRISIS_RESOLVE if resolve else CallbackId.CRISIS_NOTE,
        "private_metadata": ref.encode(),
        "title": {"type": "plain_text", "text": "Resolve incident" if resolve else "Add a note"},
        "submit": {"type": "plain_text", "text": "Resolve" if resolve else "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            section(f"*{escape_mrkdwn(truncate(incident_title, 200))}*"),
            {
                "type": "input",
                "block_id": BlockId.CRISIS_TEXT_INPUT,
                "label": {"type": "plain_text", "text": label},
                "element": {
                    "type": "plain_text_input",
                    "action_id": BlockId.CRISIS_TEXT,
                    "multiline": not resolve,
                    "max_length": limit,
                    "placeholder": {"type": "plain_text", "text": hint},
                },
            },
        ],
    }


def group_ref(group_id: str | None) -> str:
    """A user-group mention (`<!subteam^S123>`), or nothing when the id is not one."""
    return f"<!subteam^{group_id}>" if group_id and _GROUP_ID.match(group_id) else ""


def reminder_text(group_id: str | None, waited: timedelta) -> str:
    minutes = int(waited.total_seconds() // 60)
    who = group_ref(group_id) or "Team"
    return (
        f"{who}: nobody has acknowledged this alert for {minutes} minutes. "
        "Press *Acknowledge* or *I own this* so everyone knows it is being handled."
    )


def escalation_text(v: IncidentView, permalink: str | None, waited: timedelta) -> str:
    minutes = int(waited.total_seconds() // 60)
    where = link(permalink, "the alert") if permalink else "the alert channel"
    return (
        f"*{escape_mrkdwn(title(v))}* ({SEVERITY_TITLES[Severity(v.severity)]}) has not been "
        f"acknowledged for {minutes} minutes: {plain_headline(v)} See {where}."
    )


def thread_text(v: IncidentView, event: str, kind: str) -> str:
    """The thread reply of a watch event about one signal: added, grew, back to typical."""
    signal = v.signal(kind) or (v.signals[0] if v.signals else None)
    if signal is None:
        return f"Still growing: {plain_headline(v)}"
    if event == "signal":
        return added_text(signal)
    if event == "ended" and signal.ended_at is not None:
        since = f"{signal.ended_at.astimezone(v.tz):%H:%M}"
        what = "Back" if len(v.signals) == 1 else f"{KIND_TITLES[Kind(signal.kind)]} back"
        return f"{what} to typical since {since}. At its peak: {plain_signal(signal)}"
    return f"Still growing: {plain_signal(signal)}"


def _when(at: datetime, tz: ZoneInfo) -> str:
    return f"{at.astimezone(tz):%a %d %b %H:%M}"


def status_line(v: IncidentView) -> str:
    """One incident in a list: title, state, severity, owner, headline."""
    state = STATE_TITLES[State(v.state)]
    outcome = f" — {escape_plain(truncate(v.summary, 120))}" if v.summary else ""
    return (
        f"*{escape_mrkdwn(title(v))}* · {state} · {SEVERITY_TITLES[Severity(v.severity)]} · "
        f"owner {user_ref(v.owner)} · {_when(v.started_at, v.tz)}\n"
        f"{plain_headline(v)}{outcome}"
    )


def status_reply(views: Sequence[IncidentView]) -> tuple[list[Block], str]:
    """`/crisis status`: every open incident."""
    if not views:
        text = "No open incidents. The watch is running."
        return [section(text)], text
    blocks: list[Block] = [header(f"Open incidents ({len(views)})")]
    blocks += [section(status_line(v)) for v in views[:40]]
    return blocks, f"{len(views)} open incident(s)"


def list_reply(views: Sequence[IncidentView], days: int) -> tuple[list[Block], str]:
    """`/crisis list`: recent incidents with their outcome and the share that were false alarms."""
    if not views:
        text = f"No incidents in the last {days} days."
        return [section(text)], text
    closed = [v for v in views if v.state in (State.RESOLVED, State.FALSE_ALARM)]
    false = sum(v.state == State.FALSE_ALARM for v in closed)
    share = f"{false / len(closed):.0%}" if closed else "—"
    summary = (
        f"{len(views)} incident(s) in the last {days} days; {len(closed)} closed, "
        f"{false} marked false alarm ({share} of closed)."
    )
    blocks: list[Block] = [header("Recent incidents"), context([summary])]
    blocks += [section(status_line(v)) for v in views[:40]]
    return blocks, summary
