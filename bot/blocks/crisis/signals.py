"""The signals of an alert as text: each signal's headline sentence, a title naming them all.

Pure, like `bot.blocks.crisis.alert`: an incident's view in, escaped mrkdwn out. One incident may
hold several signals of a brand (a crisis term, then a negative shift, then a spike); the headline
is the most severe, and every other one gets a line of its own.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.domain.crisis.figures import Figures, IncidentView, SignalView
from bot.domain.crisis.incidents import KIND_TITLES, Kind
from bot.escape import escape_plain

ICONS = {
    Kind.VOLUME_SPIKE: "📈",
    Kind.VOLUME_DROP: "📉",
    Kind.NEGATIVE_SHIFT: "😠",
    Kind.CRISIS_TERM: "🚨",
    Kind.WATCHED_ACCOUNT: "👤",
}


def _window(f: Figures) -> str:
    return "in the last hour" if f.window_minutes >= 60 else f"in the last {f.window_minutes} min"


def headline(kind: str, subject: str, f: Figures) -> str:
    """One sentence: what moved and by how much against typical."""
    span = "" if f.window_minutes >= 60 else " in that time"
    typical = f"{f.typical_label} has {f.typical:,.0f}{span}"
    if kind == Kind.VOLUME_SPIKE:
        return f"*{f.observed:,} mentions {_window(f)}*; {typical}, {f.ratio:.1f}×."
    if kind == Kind.VOLUME_DROP:
        return f"*Only {f.observed:,} mentions {_window(f)}*; {typical}."
    if kind == Kind.NEGATIVE_SHIFT:
        usual = (
            f"; usually {f.typical_negative_share:.0%}"
            if f.typical_negative_share is not None
            else ""
        )
        return (
            f"*{f.negative_share:.0%} negative {_window(f)}* "
            f"({f.negative:,} of {f.observed:,} mentions){usual}."
        )
    if kind == Kind.CRISIS_TERM:
        posts = "post" if f.matches == 1 else "posts"
        terms = [t for t, _ in f.matched] or [subject]
        quoted = ", ".join(f"“{escape_plain(t)}”" for t in terms)
        return f"*{quoted}* in {f.matches:,} {posts}; the widest reach is {f.reach:,}."
    who = escape_plain(subject)
    return f"*{who}* (a watched account) posted something negative (reach {f.reach:,})."


def plain_signal(s: SignalView) -> str:
    """A signal's headline without bold marks."""
    return headline(s.kind, s.subject, s.figures).replace("*", "")


def signal_line(s: SignalView, tz: ZoneInfo) -> str:
    """One signal of a several-signal alert: what fired, its figures, whether it calmed down."""
    line = f"{ICONS[Kind(s.kind)]} {KIND_TITLES[Kind(s.kind)]}: {plain_signal(s)}"
    if s.ended_at is not None:
        line += f" _(back to typical since {s.ended_at.astimezone(tz):%H:%M})_"
    return line


def kinds_title(v: IncidentView) -> str:
    """ "Crisis term + negative shift + mention spike": the headline's kind, then the others."""
    kinds = [s.kind for s in v.signals] or [v.kind]
    first, *others = (KIND_TITLES[Kind(k)] for k in kinds)
    return " + ".join([first, *(o.lower() for o in others)])


def title(v: IncidentView) -> str:
    return f"{ICONS.get(Kind(v.kind), '')} {kinds_title(v)} · {v.brand}".strip()


def added_text(s: SignalView) -> str:
    """The thread reply when a signal joins an incident."""
    return f"Also: {ICONS[Kind(s.kind)]} {KIND_TITLES[Kind(s.kind)].lower()}: {plain_signal(s)}"
