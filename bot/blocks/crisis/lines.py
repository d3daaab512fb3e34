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
from bot.blocks.crisis.alert import severity_title, source_line, state_title
from bot.blocks.crisis.signals import kind_title, kinds_title, title
from bot.domain.crisis.figures import IncidentView, SignalView
from bot.domain.crisis.incidents import Kind, Severity, State
from bot.escape import escape_mrkdwn, escape_plain, link, truncate
from bot.i18n import ENGLISH, Translator

POST_CHARS = 160


@dataclass(frozen=True)
class NegativePost:
    """A negative mention for the daily crisis check."""

    author: str
    text: str
    url: str | None
    source: str
    reach: int


def open_line(v: IncidentView, t: Translator = ENGLISH) -> str:
    """One open incident: what, how bad, who has it, since when."""
    what = f"{kinds_title(v, t)} · {v.brand}"
    return "🚨 " + t.gettext("*{what}* — {severity}, {state}, owner {user}, since {when}").format(
        what=escape_mrkdwn(what),
        severity=severity_title(v.severity, t),
        state=state_title(v.state, t).lower(),
        user=user_ref(v.owner),
        when=t.date(v.started_at.astimezone(v.tz), "weekday_time"),
    )


def negative_line(p: NegativePost, t: Translator = ENGLISH) -> str:
    """A negative post, escaped and linked."""
    text = truncate(escape_plain(" ".join(p.text.split())), POST_CHARS)
    opened = p.url and p.url.startswith(("http://", "https://"))
    where = f" {link(p.url, t.pgettext('link', 'open'))}" if opened and p.url else ""
    who = escape_plain("@" + p.author.lstrip("@")) if p.author else t.gettext("someone")
    meta = t.gettext("{network}, reach {reach}").format(
        network=escape_plain(p.source), reach=t.num(p.reach)
    )
    return f"😠 *{who}* ({meta}){where}: {text}"


def crisis_check_lines(
    open_views: Sequence[IncidentView], negative: Sequence[NegativePost], t: Translator = ENGLISH
) -> list[str]:
    """The daily crisis check: open incidents, then the most negative posts since yesterday."""
    _ = t.gettext
    lines = [open_line(v, t) for v in open_views[:5]] or ["✅ " + _("No open incidents.")]
    if len(open_views) > 5:
        lines.append(_("…and {n} more: `/crisis status`").format(n=len(open_views) - 5))
    if negative:
        lines.append(_("Most negative since yesterday:"))
        lines += [negative_line(p, t) for p in negative]
    return lines


@dataclass(frozen=True)
class BrandToday:
    """One brand's mentions today so far and on a typical day by the same time."""

    brand: str
    so_far: int
    typical: float | None


def volume_lines(
    rows: Sequence[BrandToday],
    at: datetime,
    tz: ZoneInfo,
    today: Sequence[IncidentView],
    t: Translator = ENGLISH,
) -> list[str]:
    """Today so far against typical by this hour, with the rises and falls detected today."""
    _ = t.gettext
    clock = t.date(at.astimezone(tz), "time")
    lines = []
    for r in rows:
        brand = escape_mrkdwn(r.brand)
        if r.typical is None:
            lines.append(
                _("*{brand}*: {n} so far (no typical day learnt yet)").format(
                    brand=brand, n=t.num(r.so_far)
                )
            )
            continue
        ratio = (r.so_far + 1) / (r.typical + 1)
        lines.append(
            _("*{brand}*: {n} so far; a typical day has {typical} by {time} ({ratio})").format(
                brand=brand,
                n=t.num(r.so_far),
                typical=t.num(r.typical),
                time=clock,
                ratio=t.times(ratio),
            )
        )
    moving = (Kind.VOLUME_SPIKE, Kind.VOLUME_DROP, Kind.NEGATIVE_SHIFT)
    moves = [(v, s) for v in today for s in _signals(v) if s.kind in moving]
    if moves:
        found = ", ".join(
            f"{kind_title(s.kind, t).lower()} {escape_mrkdwn(v.brand)} "
            f"{t.date(s.started_at.astimezone(tz), 'time')} ({state_title(v.state, t).lower()})"
            for v, s in moves
        )
        lines.append(_("Rises and falls today: {found}").format(found=found))
    else:
        lines.append(_("No unusual rises or falls today."))
    return lines


def _signals(v: IncidentView) -> tuple[SignalView, ...]:
    """The incident's signals (or its headline alone, for a view built without them)."""
    if v.signals:
        return v.signals
    head = SignalView(v.kind, v.subject, v.severity, v.started_at, v.last_seen_at, None, v.figures)
    return (head,)


def jump_lines(
    views: Sequence[IncidentView], week: str | None = None, t: Translator = ENGLISH
) -> list[str]:
    """Each jump of the week with the share of its rise from its largest single source."""
    _ = t.gettext
    spikes = [(v, s) for v in views for s in _signals(v) if s.kind == Kind.VOLUME_SPIKE]
    if not spikes:
        if week is None:
            return [_("No jumps in volume this week.")]
        return [_("No jumps in volume in {week}.").format(week=week)]
    lines = [f"{week or _('this week')}:"]
    for v, spike in spikes:
        when = t.date(spike.started_at.astimezone(v.tz), "weekday_time")
        head = _("*{brand}* {when}, {ratio} typical").format(
            brand=escape_mrkdwn(v.brand), when=when, ratio=t.times(spike.figures.ratio)
        )
        main = max(spike.figures.sources, key=lambda s: s.share, default=None)
        if main is None or main.share < 0.2:
            lines.append(head + ": " + _("no single source; the rise was broad."))
        else:
            lines.append(f"{head}: {source_line(main, t=t)}")
    return lines


def year_lines(views: Sequence[IncidentView], t: Translator = ENGLISH) -> list[str]:
    """The year's incidents by kind and outcome, then the serious ones with their summaries.

    Incidents are counted, not their signals: a crisis term that came with a spike and a
    negative shift is one incident, under the kind of its headline.
    """
    _ = t.gettext
    if not views:
        return [_("No incidents this year.")]
    by_kind: dict[str, Counter[str]] = {}
    for v in views:
        by_kind.setdefault(v.kind, Counter())[v.state] += 1
    lines = [t.ngettext("{n} incident:", "{n} incidents:", len(views)).format(n=len(views))]
    for kind, states in sorted(by_kind.items(), key=lambda kv: -sum(kv[1].values())):
        parts = ", ".join(f"{n} {state_title(s, t).lower()}" for s, n in states.most_common())
        lines.append(f"*{kind_title(kind, t)}*: {sum(states.values())} ({parts})")
    closed = [v for v in views if v.state in (State.RESOLVED, State.FALSE_ALARM)]
    if closed:
        false = sum(v.state == State.FALSE_ALARM for v in closed)
        lines.append(
            _("False alarms: {n} of {closed} closed ({share}).").format(
                n=false, closed=len(closed), share=t.pct(false / len(closed))
            )
        )
    serious = [v for v in views if v.severity == Severity.CRISIS][:10]
    for v in serious:
        outcome = f": {escape_plain(truncate(v.summary, 200))}" if v.summary else ""
        lines.append(
            f"• {t.date(v.started_at.astimezone(v.tz), 'date_padded')} "
            f"{escape_mrkdwn(title(v, t))} — {state_title(v.state, t).lower()}{outcome}"
        )
    return lines
