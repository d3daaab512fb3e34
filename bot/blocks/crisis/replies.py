"""The crisis alert's modals, thread replies, reminders and the `/crisis` answers.

Pure builders like `bot.blocks.crisis.alert`; outside text is escaped before it reaches mrkdwn.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from bot.blocks.common import Block, context, header, section, user_ref
from bot.blocks.crisis.alert import plain_headline, severity_title, state_title
from bot.blocks.crisis.signals import added_text, kind_title, plain_signal, title
from bot.domain.crisis.figures import IncidentView
from bot.domain.crisis.incidents import State
from bot.escape import escape_mrkdwn, escape_plain, link, truncate
from bot.i18n import ENGLISH, Translator
from bot.ids import BlockId, CallbackId, IncidentRef

NOTE_MAX = 2000
SUMMARY_MAX = 300
_GROUP_ID = re.compile(r"^S[A-Z0-9]{2,20}$")


def text_modal(
    ref: IncidentRef, resolve: bool, incident_title: str, t: Translator = ENGLISH
) -> dict[str, Any]:
    """The Add note modal, or the Resolve modal that asks for a one-line summary."""
    _ = t.gettext
    label, hint, limit = (
        (_("Summary (one line)"), _("What happened and what was done?"), SUMMARY_MAX)
        if resolve
        else (_("Note"), _("What did you find or decide?"), NOTE_MAX)
    )
    return {
        "type": "modal",
        "callback_id": CallbackId.CRISIS_RESOLVE if resolve else CallbackId.CRISIS_NOTE,
        "private_metadata": ref.encode(),
        "title": {
            "type": "plain_text",
            "text": _("Resolve incident") if resolve else _("Add a note"),
        },
        "submit": {"type": "plain_text", "text": _("Resolve") if resolve else _("Save")},
        "close": {"type": "plain_text", "text": _("Cancel")},
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


def reminder_text(group_id: str | None, waited: timedelta, t: Translator = ENGLISH) -> str:
    minutes = int(waited.total_seconds() // 60)
    who = group_ref(group_id) or t.gettext("Team")
    return t.gettext(
        "{who}: nobody has acknowledged this alert for {minutes} minutes. "
        "Press *Acknowledge* or *I own this* so everyone knows it is being handled."
    ).format(who=who, minutes=minutes)


def escalation_text(
    v: IncidentView, permalink: str | None, waited: timedelta, t: Translator = ENGLISH
) -> str:
    _ = t.gettext
    minutes = int(waited.total_seconds() // 60)
    where = link(permalink, _("the alert")) if permalink else _("the alert channel")
    return _(
        "*{title}* ({severity}) has not been acknowledged for {minutes} minutes: {headline} "
        "See {where}."
    ).format(
        title=escape_mrkdwn(title(v, t)),
        severity=severity_title(v.severity, t),
        minutes=minutes,
        headline=plain_headline(v, t),
        where=where,
    )


def thread_text(v: IncidentView, event: str, kind: str, t: Translator = ENGLISH) -> str:
    """The thread reply of a watch event about one signal: added, grew, back to typical."""
    _ = t.gettext
    signal = v.signal(kind) or (v.signals[0] if v.signals else None)
    if signal is None:
        return _("Still growing: {headline}").format(headline=plain_headline(v, t))
    if event == "signal":
        return added_text(signal, t)
    if event == "ended" and signal.ended_at is not None:
        since = t.date(signal.ended_at.astimezone(v.tz), "time")
        text = (
            _("Back to typical since {time}. At its peak: {signal}")
            if len(v.signals) == 1
            else _("{kind} back to typical since {time}. At its peak: {signal}")
        )
        return text.format(
            kind=kind_title(signal.kind, t), time=since, signal=plain_signal(signal, t)
        )
    return _("Still growing: {headline}").format(headline=plain_signal(signal, t))


def status_line(v: IncidentView, t: Translator = ENGLISH) -> str:
    """One incident in a list: title, state, severity, owner, headline."""
    outcome = f" — {escape_plain(truncate(v.summary, 120))}" if v.summary else ""
    owner = t.gettext("owner {user}").format(user=user_ref(v.owner))
    when = t.date(v.started_at.astimezone(v.tz), "weekday_date_time")
    return (
        f"*{escape_mrkdwn(title(v, t))}* · {state_title(v.state, t)} · "
        f"{severity_title(v.severity, t)} · {owner} · {when}\n"
        f"{plain_headline(v, t)}{outcome}"
    )


def status_reply(views: Sequence[IncidentView], t: Translator = ENGLISH) -> tuple[list[Block], str]:
    """`/crisis status`: every open incident."""
    _ = t.gettext
    if not views:
        text = _("No open incidents. The watch is running.")
        return [section(text)], text
    blocks: list[Block] = [header(_("Open incidents ({n})").format(n=len(views)))]
    blocks += [section(status_line(v, t)) for v in views[:40]]
    count = t.ngettext("{n} open incident", "{n} open incidents", len(views))
    return blocks, count.format(n=len(views))


def list_reply(
    views: Sequence[IncidentView], days: int, t: Translator = ENGLISH
) -> tuple[list[Block], str]:
    """`/crisis list`: recent incidents with their outcome and the share that were false alarms."""
    _ = t.gettext
    if not views:
        text = _("No incidents in the last {days} days.").format(days=days)
        return [section(text)], text
    closed = [v for v in views if v.state in (State.RESOLVED, State.FALSE_ALARM)]
    false = sum(v.state == State.FALSE_ALARM for v in closed)
    share = t.pct(false / len(closed)) if closed else "—"
    summary = t.ngettext(
        "{n} incident in the last {days} days; {closed} closed, "
        "{false} marked false alarm ({share} of closed).",
        "{n} incidents in the last {days} days; {closed} closed, "
        "{false} marked false alarm ({share} of closed).",
        len(views),
    ).format(n=len(views), days=days, closed=len(closed), false=false, share=share)
    blocks: list[Block] = [header(_("Recent incidents")), context([summary])]
    blocks += [section(status_line(v, t)) for v in views[:40]]
    return blocks, summary
