"""Incident rules: keys, routing signals and cooldown, severity, states and buttons per state.

Pure: values in, values out. The repository applies these decisions with conditional UPDATEs, so
the same rule holds when two processes or a retried click apply it at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.i18n import N_


class Kind(StrEnum):
    VOLUME_SPIKE = "volume_spike"
    VOLUME_DROP = "volume_drop"
    NEGATIVE_SHIFT = "negative_shift"
    CRISIS_TERM = "crisis_term"
    WATCHED_ACCOUNT = "watched_account"


class State(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"
    FALSE_ALARM = "false_alarm"


class Severity(StrEnum):
    WATCH = "watch"
    ELEVATED = "elevated"
    CRISIS = "crisis"


ACTIVE_STATES = (State.OPEN.value, State.ACKNOWLEDGED.value)
SEVERITY_RANK = {Severity.WATCH: 0, Severity.ELEVATED: 1, Severity.CRISIS: 2}

KIND_TITLES = {
    Kind.VOLUME_SPIKE: N_("Mention spike"),
    Kind.VOLUME_DROP: N_("Mentions dropped"),
    Kind.NEGATIVE_SHIFT: N_("Negative shift"),
    Kind.CRISIS_TERM: N_("Crisis term"),
    Kind.WATCHED_ACCOUNT: N_("Watched account posted negatively"),
}
STATE_TITLES = {
    State.OPEN: N_("Open"),
    State.ACKNOWLEDGED: N_("Acknowledged"),
    State.RESOLVED: N_("Resolved"),
    State.FALSE_ALARM: N_("False alarm"),
}
# Growth worth a thread reply and an updated message: the volume ratio (or negative share)
# half again over the last one announced; for immediate alerts, twice the matching posts.
GROWTH_STEP = 1.5
IMMEDIATE_GROWTH_STEP = 2.0
IMMEDIATE_GROWTH_MIN = 10.0  # ...and at least this many more (1 -> 2 posts is not news)
IMMEDIATE_KINDS = ("crisis_term", "watched_account")


def incident_key(kind: str, brand: str, subject: str, window_start: datetime) -> str:
    """A signal's idempotency key: the same anomaly gives the same key in every process."""
    middle = f"{brand}:{kind}" + (f":{subject}" if subject else "")
    return f"spike:{middle}:{window_start:%Y%m%dT%H%M}"


# Signals that are one problem when they fire together for a brand: people talking more, more
# negatively, about a crisis term. A drop (often a feed outage) and a watched account's post
# (one person's problem, with its own owner) stay incidents of their own.
RISE_KINDS = (Kind.VOLUME_SPIKE.value, Kind.NEGATIVE_SHIFT.value, Kind.CRISIS_TERM.value)


def incident_slot(brand: str, kind: str, subject: str) -> str:
    """The name of the brand's incident a signal may join: one per brand for rises."""
    if kind in RISE_KINDS:
        return f"rise:{brand}"
    if kind == Kind.WATCHED_ACCOUNT:
        return f"watched:{brand}:{subject}"
    return f"{kind}:{brand}"


@dataclass(frozen=True)
class Prior:
    """An earlier incident, or signal within one: its incident's state, when last seen."""

    incident_id: int
    state: str
    last_seen_at: datetime
    resolved_at: datetime | None


class Placement(StrEnum):
    NEW = "new"  # open a new incident
    MERGE = "merge"  # the anomaly continues (or returned within the cooldown): same incident
    SUPPRESS = "suppress"  # the team closed the last one moments ago: cooldown, stay quiet


def place(prior: Prior | None, at: datetime, cooldown: timedelta) -> Placement:
    """Where an anomalous bucket starting at `at` goes.

    An active incident seen within the cooldown absorbs it (consecutive buckets, and a relapse
    shortly after calming down, are one incident). Right after the team resolved or dismissed
    one, the cooldown keeps the same alert from coming straight back.
    """
    if prior is None:
        return Placement.NEW
    if prior.state in ACTIVE_STATES:
        return Placement.MERGE if at - prior.last_seen_at <= cooldown else Placement.NEW
    closed_at = max(prior.resolved_at or prior.last_seen_at, prior.last_seen_at)
    return Placement.SUPPRESS if at - closed_at < cooldown else Placement.NEW


class Route(StrEnum):
    MERGE = "merge"  # the same signal continues: update it
    ATTACH = "attach"  # a new signal of the brand's active incident: add it there
    SUPPRESS = "suppress"  # cooldown after the team closed this signal's incident
    NEW = "new"  # a new incident


def route(own: Prior | None, host: Prior | None, at: datetime, cooldown: timedelta) -> Route:
    """Where a signal starting at `at` goes.

    `own` is the latest signal of the same kind (and subject) of the brand, `host` the brand's
    incident that takes new signals. The same signal continuing (or back within the cooldown)
    merges; otherwise an active incident seen within the cooldown takes it, so one problem is
    one message; otherwise the cooldown after a close keeps the same alert from coming back.
    """
    own_place = place(own, at, cooldown)
    if own is not None and own_place == Placement.MERGE:
        return Route.MERGE
    if host is not None and host.state in ACTIVE_STATES and at - host.last_seen_at <= cooldown:
        return Route.ATTACH
    return Route.SUPPRESS if own_place == Placement.SUPPRESS else Route.NEW


def auto_severity(kind: str, ratio: float, negative_share: float, reach_factor: float) -> Severity:
    """A first severity from the figures; people can change it with the Severity menu.

    `ratio` is observed/typical volume, `negative_share` the window's share of negative mentions,
    `reach_factor` the largest matching reach over the configured threshold (immediate alerts).
    """
    if kind == Kind.VOLUME_SPIKE:
        if ratio >= 10 and negative_share >= 0.4:
            return Severity.CRISIS
        return Severity.ELEVATED if ratio >= 5 or negative_share >= 0.4 else Severity.WATCH
    if kind == Kind.NEGATIVE_SHIFT:
        return Severity.CRISIS if negative_share >= 0.6 and ratio >= 3 else Severity.ELEVATED
    if kind == Kind.CRISIS_TERM:
        return Severity.CRISIS if reach_factor >= 10 else Severity.ELEVATED
    if kind == Kind.WATCHED_ACCOUNT:
        return Severity.ELEVATED
    return Severity.WATCH  # a drop is usually a feed problem: worth a look, not a page


def higher(a: str, b: str) -> str:
    """The more severe of two severities."""
    return a if SEVERITY_RANK[Severity(a)] >= SEVERITY_RANK[Severity(b)] else b


def below(severity: str) -> tuple[str, ...]:
    """The severities lower than `severity` (those an automatic raise may replace)."""
    rank = SEVERITY_RANK[Severity(severity)]
    return tuple(s.value for s, r in SEVERITY_RANK.items() if r < rank)


def grew(kind: str, reported_peak: float, peak: float) -> bool:
    """Whether the anomaly grew enough since the message last said so to be worth telling."""
    if kind in IMMEDIATE_KINDS:
        step, least = IMMEDIATE_GROWTH_STEP, IMMEDIATE_GROWTH_MIN
    else:
        step, least = GROWTH_STEP, 0.0
    return reported_peak > 0 and peak >= reported_peak * step and peak - reported_peak >= least


@dataclass(frozen=True)
class Buttons:
    """Which controls a message in a given state shows."""

    acknowledge: bool
    own: bool
    assign: bool
    severity: bool
    note: bool
    resolve: bool
    false_alarm: bool


def buttons_for(state: str, owner: str | None) -> Buttons:
    """The controls change with the state: closed incidents only take notes."""
    active = state in ACTIVE_STATES
    return Buttons(
        acknowledge=state == State.OPEN,
        own=active and owner is None,
        assign=active,
        severity=active,
        note=True,
        resolve=active,
        false_alarm=active,
    )


@dataclass(frozen=True)
class NudgeDue:
    """What the reminder check should send now."""

    reminder: bool
    escalation: bool


def nudges_due(
    posted_at: datetime | None,
    state: str,
    severity: str,
    sent: tuple[bool, bool],
    now: datetime,
    reminder_after: timedelta,
) -> NudgeDue:
    """One reminder after `reminder_after` unacknowledged; one escalation DM at twice that.

    Escalation waits for twice the reminder time (the group had its chance first) and skips the
    `watch` severity, so the comms lead is paged only for what the team itself rated higher.
    """
    reminded, escalated = sent
    if posted_at is None or state != State.OPEN:
        return NudgeDue(False, False)
    waited = now - posted_at
    return NudgeDue(
        reminder=not reminded and waited >= reminder_after,
        escalation=not escalated and severity != Severity.WATCH and waited >= 2 * reminder_after,
    )
