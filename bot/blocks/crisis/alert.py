"""The crisis alert message: what moved, by how much against typical, why, and what to do.

Pure: an `IncidentView` in, `(blocks, fallback_text)` out. Every piece of outside text (mention
text, author names, hashtags, terms, links) is escaped here, so a post saying `<!channel>` is
shown as written and never pings anyone.
"""

from __future__ import annotations

import re

from bot.blocks.common import Block, actions, button, context, divider, header, section, user_ref
from bot.blocks.crisis.signals import KIND_BY_TITLE, headline, kind_title, signal_line, title
from bot.domain.crisis.figures import Figures, IncidentView, Sample, Share
from bot.domain.crisis.incidents import IMMEDIATE_KINDS, STATE_TITLES, Severity, State, buttons_for
from bot.escape import escape_mrkdwn, escape_plain, link, truncate
from bot.i18n import ENGLISH, N_, Translator
from bot.ids import ActionId, IncidentRef, SeverityChoice

SEVERITY_TITLES = {
    Severity.WATCH: N_("Watch"),
    Severity.ELEVATED: N_("Elevated"),
    Severity.CRISIS: N_("Crisis"),
}
# (said of the rise, said of these posts); `{share}` is e.g. "71%", `{value}` the source
SOURCE_PHRASES = {
    "link": (
        N_("*{share} of the rise* is reposts of one post: {value}"),
        N_("*{share} of these posts* are reposts of one post: {value}"),
    ),
    "author": (
        N_("*{share} of the rise* comes from {value} (posts and reposts)"),
        N_("*{share} of these posts* come from {value} (posts and reposts)"),
    ),
    "hashtag": (
        N_("*{share} of the rise* carries {value}"),
        N_("*{share} of these posts* carry {value}"),
    ),
}
# The detector's reason for an alert: "rise to 3.2x the typical 12 (by hour of week)".
_REASON = re.compile(r"^(rise|fall) to ([\d.]+)x the typical (\d+) \(by ([\w ]+)\)$")
BASELINES = {
    "hour of week": N_("hour of the week"),
    "hour of day": N_("hour of the day"),
    "global": N_("overall level"),
}
SAMPLE_CHARS = 280
TIMELINE_SHOWN = 8  # a context block holds ten elements


def severity_title(severity: str, t: Translator = ENGLISH) -> str:
    return t.gettext(SEVERITY_TITLES[Severity(severity)])


def state_title(state: str, t: Translator = ENGLISH) -> str:
    return t.gettext(STATE_TITLES[State(state)])


def source_line(share: Share, these_posts: bool = False, t: Translator = ENGLISH) -> str:
    """ "71% of the rise is reposts of one post: <link>"."""
    if share.kind == "link":
        value = link("https://" + share.value, truncate(share.value, 80))
    elif share.kind == "hashtag":
        value = "#" + escape_plain(share.value)
    else:
        value = "@" + escape_plain(share.value)
    phrase = SOURCE_PHRASES[share.kind][1 if these_posts else 0]
    posts = t.ngettext("({n} post)", "({n} posts)", share.count).format(n=t.num(share.count))
    return t.gettext(phrase).format(share=t.pct(share.share), value=value) + " " + posts


def attribution_lines(
    f: Figures, these_posts: bool = False, floor: float = 0.1, t: Translator = ENGLISH
) -> list[str]:
    """The single-source lines, largest share first; says so when no source stands out."""
    shares = sorted((s for s in f.sources if s.share >= floor), key=lambda s: -s.share)
    if shares:
        return [source_line(s, these_posts, t) for s in shares]
    broad = (
        t.gettext("No single author, link or hashtag explains these posts: it is broad.")
        if these_posts
        else t.gettext("No single author, link or hashtag explains the rise: it is broad.")
    )
    return [broad] if f.sources else []


def _mix(f: Figures, t: Translator) -> list[str]:
    _ = t.gettext
    pos, neu, neg = f.sentiment
    n = pos + neu + neg
    lines = []
    if n:
        lines.append(
            _("Sentiment: {pos} positive · {neu} neutral · {neg} negative").format(
                pos=t.pct(pos / n), neu=t.pct(neu / n), neg=t.pct(neg / n)
            )
        )
    if f.networks:
        found = ", ".join(f"{escape_plain(s)} {t.num(c)}" for s, c in f.networks)
        lines.append(_("Networks: {networks}").format(networks=found))
    if f.terms:
        found = ", ".join(f"{escape_plain(w)} ({t.num(c)})" for w, c in f.terms)
        lines.append(_("Terms: {terms}").format(terms=found))
    if f.hashtags:
        found = ", ".join(f"#{escape_plain(w)} ({t.num(c)})" for w, c in f.hashtags)
        lines.append(_("Hashtags: {hashtags}").format(hashtags=found))
    return lines


def sample_line(s: Sample, t: Translator = ENGLISH) -> str:
    """A sample post, escaped and linked."""
    author = escape_plain("@" + s.author.lstrip("@")) if s.author else t.gettext("someone")
    text = truncate(escape_plain(" ".join(s.text.split())), SAMPLE_CHARS)
    opened = s.url and s.url.startswith(("http://", "https://"))
    where = link(s.url, t.pgettext("link", "open")) if opened and s.url else ""
    meta = t.gettext("{network}, reach {reach}, engagement {engagement}").format(
        network=escape_plain(s.source), reach=t.num(s.reach), engagement=t.num(s.engagement)
    )
    return f"*{author}* ({meta}) {where}\n> {text}"


def reason_text(reason: str, t: Translator = ENGLISH) -> str:
    """The detector's stored reason in the locale (other reasons are shown as stored)."""
    m = _REASON.match(reason)
    if m is None or t.locale == "en":
        return reason
    direction, ratio, count, basis = m.groups()
    text = (
        t.gettext("rise to {ratio} the typical {n} (by {basis})")
        if direction == "rise"
        else t.gettext("fall to {ratio} the typical {n} (by {basis})")
    )
    by = t.gettext(BASELINES[basis]) if basis in BASELINES else basis
    return text.format(ratio=t.times(float(ratio)), n=t.num(int(count)), basis=by)


def _status(v: IncidentView, t: Translator) -> str:
    _ = t.gettext
    since = _("started {when}").format(when=t.date(v.started_at.astimezone(v.tz), "weekday_time"))
    if v.ended_at is not None and v.state in (State.OPEN, State.ACKNOWLEDGED):
        calm = t.date(v.ended_at.astimezone(v.tz), "time")
        since += ", " + _("back to typical since {time}").format(time=calm)
    parts = [
        f"*{state_title(v.state, t)}*",
        _("severity *{severity}*").format(severity=severity_title(v.severity, t)),
        _("owner {user}").format(user=user_ref(v.owner)),
        since,
    ]
    return " · ".join(parts)


def _kind_of(text: str) -> str | None:
    """The signal kind named in a stored event text ("added: negative shift")."""
    for title_lower, kind in KIND_BY_TITLE.items():
        if title_lower in text:
            return kind
    return None


def event_text(kind: str, text: str, t: Translator = ENGLISH) -> str:
    """A timeline event as a sentence, from its kind (its stored text is English)."""
    _ = t.gettext
    if kind == "assigned":  # the text is the assignee's user id
        return _("assigned it to {user}").format(user=user_ref(text))
    if kind == "note":
        return _("noted: {text}").format(text=escape_plain(truncate(text, 300)))
    fixed = {
        "opened": N_("alert raised"),
        "acknowledged": N_("acknowledged"),
        "owned": N_("took ownership"),
        "false_alarm": N_("marked it a false alarm"),
        "reminder": N_("reminded the team"),
        "escalated": N_("escalated to the comms lead"),
        "grew": N_("the anomaly grew"),
    }
    if kind in fixed:
        return _(fixed[kind])
    signal = _kind_of(text)
    if kind == "signal" and signal is not None:
        return _("added: {kind}").format(kind=kind_title(signal, t).lower())
    if kind == "ended" and signal is not None:
        return _("{kind} back to typical").format(kind=kind_title(signal, t).lower())
    if kind == "severity" and text.rsplit(" ", 1)[-1] in {s.value for s in Severity}:
        level = severity_title(text.rsplit(" ", 1)[-1], t).lower()
        return _("set severity to {severity}").format(severity=level)
    if kind == "resolved":
        summary = text.removeprefix("resolved it").lstrip(":").strip()
        done = _("resolved it: {summary}") if summary else _("resolved it")
        return done.format(summary=escape_plain(truncate(summary, 300)))
    return escape_plain(truncate(text, 300))


def _timeline(v: IncidentView, t: Translator) -> list[str]:
    """The people's events and the watch's milestones; growth details live in the thread."""
    shown = [e for e in v.timeline if e.kind != "grew"][-TIMELINE_SHOWN:]
    return [
        f"{t.date(e.at.astimezone(v.tz), 'time')} "
        f"{user_ref(e.user_id) if e.user_id else 'Vahti'} {event_text(e.kind, e.text, t)}"
        for e in shown
    ]


def severity_menu(v: IncidentView, t: Translator = ENGLISH) -> Block:
    options = [
        {
            "text": {"type": "plain_text", "text": severity_title(s, t)},
            "value": SeverityChoice(v.incident_id, s.value).encode(),
        }
        for s in Severity
    ]
    current = next(o for o, s in zip(options, Severity, strict=True) if s == v.severity)
    return {
        "type": "static_select",
        "action_id": ActionId.CRISIS_SEVERITY.value,
        "placeholder": {"type": "plain_text", "text": t.gettext("Severity")},
        "options": options,
        "initial_option": current,
    }


def controls(v: IncidentView, t: Translator = ENGLISH) -> Block:
    """The buttons this state offers; the block id carries the incident for the selects."""
    _ = t.gettext
    ref = IncidentRef(v.incident_id).encode()
    shown = buttons_for(v.state, v.owner)
    elements: list[Block] = []
    if shown.acknowledge:
        elements.append(button(_("Acknowledge"), ActionId.CRISIS_ACK, ref, style="primary"))
    if shown.own:
        elements.append(button(_("I own this"), ActionId.CRISIS_OWN, ref))
    if shown.assign:
        elements.append(
            {
                "type": "users_select",
                "action_id": ActionId.CRISIS_ASSIGN.value,
                "placeholder": {"type": "plain_text", "text": _("Assign to…")},
            }
        )
    if shown.severity:
        elements.append(severity_menu(v, t))
    if shown.note:
        elements.append(button(_("Add note"), ActionId.CRISIS_NOTE, ref))
    if shown.resolve:
        elements.append(button(_("Resolve"), ActionId.CRISIS_RESOLVE, ref))
    if shown.false_alarm:
        elements.append(button(_("False alarm"), ActionId.CRISIS_FALSE_ALARM, ref, style="danger"))
    return actions(elements, block_id=ref)


def message(v: IncidentView, t: Translator = ENGLISH) -> tuple[list[Block], str]:
    """The alert message and its notification text."""
    f = v.figures
    lines = [headline(v.kind, v.subject, f, t)]
    if f.reason:
        lines.append(escape_mrkdwn(reason_text(f.reason, t)))
    if f.cause:
        lines.append(f"_{escape_mrkdwn(f.cause)}_")  # worded in the team's language when stored
    blocks: list[Block] = [header(title(v, t)), section("\n".join(lines))]
    if len(v.signals) > 1:
        blocks.append(section("\n".join(signal_line(s, v.tz, t) for s in v.signals[1:])))
    if attribution := attribution_lines(f, v.kind in IMMEDIATE_KINDS, t=t):
        blocks.append(section("\n".join(attribution)))
    if mix := _mix(f, t):
        blocks.append(context(mix))
    blocks += [section(sample_line(s, t)) for s in f.samples[:3]]
    blocks.append(divider())
    if v.state in (State.RESOLVED, State.FALSE_ALARM):
        note = f": {escape_plain(v.summary)}" if v.summary else ""
        closed = t.gettext("*{state}* by {user}").format(
            state=state_title(v.state, t), user=user_ref(v.resolved_by)
        )
        blocks.append(section(closed + note))
    blocks.append(context([_status(v, t)]))
    if timeline := _timeline(v, t):
        blocks.append(context(timeline))
    blocks.append(controls(v, t))
    text = f"{escape_mrkdwn(title(v, t))}: {plain_headline(v, t)}"
    return blocks, truncate(text, 300)


def plain_headline(v: IncidentView, t: Translator = ENGLISH) -> str:
    """The headline signal's sentence without bold marks, for notifications and lists."""
    return headline(v.kind, v.subject, v.figures, t).replace("*", "")
