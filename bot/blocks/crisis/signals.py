"""The signals of an alert as text: each signal's headline sentence, a title naming them all.

Pure, like `bot.blocks.crisis.alert`: an incident's view in, escaped mrkdwn out. One incident may
hold several signals of a brand (a crisis term, then a negative shift, then a spike); the headline
is the most severe, and every other one gets a line of its own.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from bot.domain.crisis.figures import WEEKDAYS, Figures, IncidentView, SignalView
from bot.domain.crisis.incidents import KIND_TITLES, Kind
from bot.escape import escape_plain
from bot.i18n import ENGLISH, Translator

ICONS = {
    Kind.VOLUME_SPIKE: "📈",
    Kind.VOLUME_DROP: "📉",
    Kind.NEGATIVE_SHIFT: "😠",
    Kind.CRISIS_TERM: "🚨",
    Kind.WATCHED_ACCOUNT: "👤",
}
# The stored baseline names ("a typical Tuesday 14:00", "a typical day at 14:00"), read back so
# an alert stored in English is shown in the team's language.
_TYPICAL_WEEKDAY = re.compile(r"^a typical (\w+) (\d{1,2}):00$")
_TYPICAL_DAY = re.compile(r"^a typical day at (\d{1,2}):00$")
KIND_BY_TITLE = {title.lower(): kind.value for kind, title in KIND_TITLES.items()}


def kind_title(kind: str, t: Translator = ENGLISH) -> str:
    """ "Mention spike", "Negative shift"… in the locale."""
    return t.gettext(KIND_TITLES[Kind(kind)])


def typical(label: str, t: Translator = ENGLISH) -> str:
    """The baseline's name in the locale ("a typical Tuesday 14:00", "a typical hour")."""
    if (m := _TYPICAL_WEEKDAY.match(label)) and m.group(1) in WEEKDAYS:
        day = t.weekday(WEEKDAYS.index(m.group(1)))
        return t.gettext("a typical {weekday} {time}").format(
            weekday=day, time=t.clock(int(m.group(2)))
        )
    if m := _TYPICAL_DAY.match(label):
        return t.gettext("a typical day at {time}").format(time=t.clock(int(m.group(1))))
    if label == "a typical hour":
        return t.gettext("a typical hour")
    return label


def _window(f: Figures, t: Translator) -> str:
    if f.window_minutes >= 60:
        return t.gettext("in the last hour")
    return t.gettext("in the last {n} min").format(n=f.window_minutes)


def headline(kind: str, subject: str, f: Figures, t: Translator = ENGLISH) -> str:
    """One sentence: what moved and by how much against typical."""
    _ = t.gettext
    base = typical(f.typical_label, t)
    typical_text = (
        _("{typical} has {n}") if f.window_minutes >= 60 else _("{typical} has {n} in that time")
    ).format(typical=base, n=t.num(f.typical))
    if kind == Kind.VOLUME_SPIKE:
        return _("*{n} mentions {window}*; {typical}, {ratio}.").format(
            n=t.num(f.observed), window=_window(f, t), typical=typical_text, ratio=t.times(f.ratio)
        )
    if kind == Kind.VOLUME_DROP:
        return _("*Only {n} mentions {window}*; {typical}.").format(
            n=t.num(f.observed), window=_window(f, t), typical=typical_text
        )
    if kind == Kind.NEGATIVE_SHIFT:
        usual = (
            _("; usually {share}").format(share=t.pct(f.typical_negative_share))
            if f.typical_negative_share is not None
            else ""
        )
        return _("*{share} negative {window}* ({negative} of {n} mentions){usual}.").format(
            share=t.pct(f.negative_share),
            window=_window(f, t),
            negative=t.num(f.negative),
            n=t.num(f.observed),
            usual=usual,
        )
    if kind == Kind.CRISIS_TERM:
        terms = [term for term, _n in f.matched] or [subject]
        quoted = ", ".join(f"“{escape_plain(term)}”" for term in terms)
        text = t.ngettext(
            "*{terms}* in {n} post; the widest reach is {reach}.",
            "*{terms}* in {n} posts; the widest reach is {reach}.",
            f.matches,
        )
        return text.format(terms=quoted, n=t.num(f.matches), reach=t.num(f.reach))
    return _("*{who}* (a watched account) posted something negative (reach {reach}).").format(
        who=escape_plain(subject), reach=t.num(f.reach)
    )


def plain_signal(s: SignalView, t: Translator = ENGLISH) -> str:
    """A signal's headline without bold marks."""
    return headline(s.kind, s.subject, s.figures, t).replace("*", "")


def signal_line(s: SignalView, tz: ZoneInfo, t: Translator = ENGLISH) -> str:
    """One signal of a several-signal alert: what fired, its figures, whether it calmed down."""
    line = f"{ICONS[Kind(s.kind)]} {kind_title(s.kind, t)}: {plain_signal(s, t)}"
    if s.ended_at is not None:
        since = t.date(s.ended_at.astimezone(tz), "time")
        line += " _(" + t.gettext("back to typical since {time}").format(time=since) + ")_"
    return line


def kinds_title(v: IncidentView, t: Translator = ENGLISH) -> str:
    """ "Crisis term + negative shift + mention spike": the headline's kind, then the others."""
    kinds = [s.kind for s in v.signals] or [v.kind]
    first, *others = (kind_title(k, t) for k in kinds)
    return " + ".join([first, *(o.lower() for o in others)])


def title(v: IncidentView, t: Translator = ENGLISH) -> str:
    return f"{ICONS.get(Kind(v.kind), '')} {kinds_title(v, t)} · {v.brand}".strip()


def added_text(s: SignalView, t: Translator = ENGLISH) -> str:
    """The thread reply when a signal joins an incident."""
    kind = kind_title(s.kind, t).lower()
    return t.gettext("Also: {icon} {kind}: {signal}").format(
        icon=ICONS[Kind(s.kind)], kind=kind, signal=plain_signal(s, t)
    )
