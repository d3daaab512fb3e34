"""Checklist live-data lines of the crisis watch: open incidents, negative posts, jumps, year.

Pure: values in, escaped mrkdwn lines out (the providers in `bot.live.crisis` query).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.blocks.common import user_ref
from bot.blocks.crisis.alert import SEVERITY_TITLES, source_line
from bot.blocks.crisis.signals import kinds_title, title
from bot.domain.crisis.figures import IncidentView, SignalView
from bot.domain.crisis.incidents import KIND_TITLES, STATE_TITLES, Kind, Severity, State
from bot.escape import escape_mrkdwn, escape_plain, link, truncate

POST_CHARS = 160


@dataclass(frozen=True)
class NegativePost:
    """A negative mention for the daily crisis check."""

    author: str
    text: str
    url: str | None
    source: str
    reach: int


def open_line(v: IncidentView) -> str:
    """One open incident: what, how bad, who has it, since when."""
    state = STATE_TITLES[State(v.state)].lower()
    what = f"{kinds_title(v)} · {v.brand}"
    return (
        f"🚨 *{escape_mrkdwn(what)}* — {SEVERITY_TITLES[Severity(v.severity)]}, {state}, "
        f"owner {user_ref(v.owner)}, since {v.started_at.astimezone(v.tz):%a %H:%M}"
    )


def negative_line(p: NegativePost) -> str:
    """A negative post, escaped and linked."""
    text = truncate(escape_plain(" ".join(p.text.split())), POST_CHARS)
    where = f" {link(p.url, 'open')}" if p.url and p.url.startswith(("http://", "https://")) else ""
    who = escape_plain("@" + p.author.lstrip("@")) if p.author else "someone"
    return f"😠 *{who}* ({escape_plain(p.source)}, reach {p.reach:,}){where}: {text}"


def crisis_check_lines(
    open_views: Sequence[IncidentView], negative: Sequence[NegativePost]
) -> list[str]:
    """The daily crisis check: open incidents, then the most negative posts since yesterday."""
    lines = [open_line(v) for v in open_views[:5]] or ["✅ No open incidents."]
    if len(open_views) > 5:
        lines.append(f"…and {len(open_views) - 5} more: `/crisis status`")
    if negative:
        lines.append("Most negative since yesterday:")
        lines += [negative_line(p) for p in negative]
    return lines


@dataclass(frozen=True)
class BrandToday:
    """One brand's mentions today so far and on a typical day by the same time."""

    brand: str
    so_far: int
    typical: float | None


def volume_lines(
    rows: Sequence[BrandToday], at: datetime, tz: ZoneInfo, today: Sequence[IncidentView]
) -> list[str]:
    """Today so far against typical by this hour, with the rises and falls detected today."""
    clock = f"{at.astimezone(tz):%H:%M}"
    lines = []
    for r in rows:
        if r.typical is None:
            lines.append(
                f"*{escape_mrkdwn(r.brand)}*: {r.so_far:,} so far (no typical day learnt yet)"
            )
            continue
        ratio = (r.so_far + 1) / (r.typical + 1)
        lines.append(
            f"*{escape_mrkdwn(r.brand)}*: {r.so_far:,} so far; a typical day has "
            f"{r.typical:,.0f} by {clock} ({ratio:.1f}×)"
        )
    moving = (Kind.VOLUME_SPIKE, Kind.VOLUME_DROP, Kind.NEGATIVE_SHIFT)
    moves = [(v, s) for v in today for s in _signals(v) if s.kind in moving]
    if moves:
        found = ", ".join(
            f"{KIND_TITLES[Kind(s.kind)].lower()} {escape_mrkdwn(v.brand)} "
            f"{s.started_at.astimezone(tz):%H:%M} ({STATE_TITLES[State(v.state)].lower()})"
            for v, s in moves
        )
        lines.append(f"Rises and falls today: {found}")
    else:
        lines.append("No unusual rises or falls today.")
    return lines


def _signals(v: IncidentView) -> tuple[SignalView, ...]:
    """The incident's signals (or its headline alone, for a view built without them)."""
    if v.signals:
        return v.signals
    head = SignalView(v.kind, v.subject, v.severity, v.started_at, v.last_seen_at, None, v.figures)
    return (head,)


def jump_lines(views: Sequence[IncidentView], week: str = "this week") -> list[str]:
    """Each jump of the week with the share of its rise from its largest single source."""
    spikes = [(v, s) for v in views for s in _signals(v) if s.kind == Kind.VOLUME_SPIKE]
    if not spikes:
        return [f"No jumps in volume in {week}."]
    lines = [f"{week}:"]
    for v, spike in spikes:
        when = f"{spike.started_at.astimezone(v.tz):%a %H:%M}"
        head = f"*{escape_mrkdwn(v.brand)}* {when}, {spike.figures.ratio:.1f}× typical"
        main = max(spike.figures.sources, key=lambda s: s.share, default=None)
        if main is None or main.share < 0.2:
            lines.append(f"{head}: no single source; the rise was broad.")
        else:
            lines.append(f"{head}: {source_line(main)}")
    return lines


def year_lines(views: Sequence[IncidentView]) -> list[str]:
    """The year's incidents by kind and outcome, then the serious ones with their summaries.

    Incidents are counted, not their signals: a crisis term that came with a spike and a
    negative shift is one incident, under the kind of its headline.
    """
    if not views:
        return ["No incidents this year."]
    by_kind: dict[str, Counter[str]] = {}
    for v in views:
        by_kind.setdefault(v.kind, Counter())[v.state] += 1
    lines = [f"{len(views)} incident{'s' if len(views) != 1 else ''}:"]
    for kind, states in sorted(by_kind.items(), key=lambda kv: -sum(kv[1].values())):
        parts = ", ".join(f"{n} {STATE_TITLES[State(s)].lower()}" for s, n in states.most_common())
        lines.append(f"*{KIND_TITLES[Kind(kind)]}*: {sum(states.values())} ({parts})")
    closed = [v for v in views if v.state in (State.RESOLVED, State.FALSE_ALARM)]
    if closed:
        false = sum(v.state == State.FALSE_ALARM for v in closed)
        lines.append(f"False alarms: {false} of {len(closed)} closed ({false / len(closed):.0%}).")
    serious = [v for v in views if v.severity == Severity.CRISIS][:10]
    for v in serious:
        outcome = f": {escape_plain(truncate(v.summary, 200))}" if v.summary else ""
        lines.append(
            f"• {v.started_at.astimezone(v.tz):%d %b} {escape_mrkdwn(title(v))} — "
            f"{STATE_TITLES[State(v.state)].lower()}{outcome}"
        )
    return lines
