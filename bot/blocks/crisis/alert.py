"""The crisis alert message: what moved, by how much against typical, why, and what to do.

Pure: an `IncidentView` in, `(blocks, fallback_text)` out. Every piece of outside text (mention
text, author names, hashtags, terms, links) is escaped here, so a post saying `<!channel>` is
shown as written and never pings anyone.
"""

from __future__ import annotations

from bot.blocks.common import Block, actions, button, context, divider, header, section, user_ref
from bot.blocks.crisis.signals import headline, signal_line, title
from bot.domain.crisis.figures import Figures, IncidentView, Sample, Share
from bot.domain.crisis.incidents import IMMEDIATE_KINDS, STATE_TITLES, Severity, State, buttons_for
from bot.escape import escape_mrkdwn, escape_plain, link, truncate
from bot.ids import ActionId, IncidentRef, SeverityChoice

SEVERITY_TITLES = {
    Severity.WATCH: "Watch",
    Severity.ELEVATED: "Elevated",
    Severity.CRISIS: "Crisis",
}
SOURCE_PHRASES = {  # (said of "the rise", said of "these posts")
    "link": ("is reposts of one post: {value}", "are reposts of one post: {value}"),
    "author": ("comes from {value} (posts and reposts)", "come from {value} (posts and reposts)"),
    "hashtag": ("carries {value}", "carry {value}"),
}
SAMPLE_CHARS = 280
TIMELINE_SHOWN = 8  # a context block holds ten elements


def source_line(share: Share, of: str = "the rise") -> str:
    """ "71% of the rise is reposts of one post: <link>"."""
    if share.kind == "link":
        value = link("https://" + share.value, truncate(share.value, 80))
    elif share.kind == "hashtag":
        value = "#" + escape_plain(share.value)
    else:
        value = "@" + escape_plain(share.value)
    rise_form, posts_form = SOURCE_PHRASES[share.kind]
    phrase = (rise_form if of == "the rise" else posts_form).format(value=value)
    posts = "post" if share.count == 1 else "posts"
    return f"*{share.share:.0%} of {of}* {phrase} ({share.count:,} {posts})"


def attribution_lines(f: Figures, of: str = "the rise", floor: float = 0.1) -> list[str]:
    """The single-source lines, largest share first; says so when no source stands out."""
    shares = sorted((s for s in f.sources if s.share >= floor), key=lambda s: -s.share)
    if shares:
        return [source_line(s, of) for s in shares]
    broad = f"No single author, link or hashtag explains {of}: it is broad."
    return [broad] if f.sources else []


def _mix(f: Figures) -> list[str]:
    pos, neu, neg = f.sentiment
    n = pos + neu + neg
    lines = []
    if n:
        lines.append(
            f"Sentiment: {pos / n:.0%} positive · {neu / n:.0%} neutral · {neg / n:.0%} negative"
        )
    if f.networks:
        lines.append("Networks: " + ", ".join(f"{escape_plain(s)} {c:,}" for s, c in f.networks))
    if f.terms:
        lines.append("Terms: " + ", ".join(f"{escape_plain(t)} ({c})" for t, c in f.terms))
    if f.hashtags:
        lines.append("Hashtags: " + ", ".join(f"#{escape_plain(t)} ({c})" for t, c in f.hashtags))
    return lines


def sample_line(s: Sample) -> str:
    """A sample post, escaped and linked."""
    author = escape_plain("@" + s.author.lstrip("@")) if s.author else "someone"
    text = truncate(escape_plain(" ".join(s.text.split())), SAMPLE_CHARS)
    where = link(s.url, "open") if s.url and s.url.startswith(("http://", "https://")) else ""
    meta = f"{escape_plain(s.source)}, reach {s.reach:,}, engagement {s.engagement:,}"
    return f"*{author}* ({meta}) {where}\n> {text}"


def _status(v: IncidentView) -> str:
    local = v.started_at.astimezone(v.tz)
    since = f"started {local:%a %H:%M}"
    if v.ended_at is not None and v.state in (State.OPEN, State.ACKNOWLEDGED):
        since += f", back to typical since {v.ended_at.astimezone(v.tz):%H:%M}"
    parts = [
        f"*{STATE_TITLES[State(v.state)]}*",
        f"severity *{SEVERITY_TITLES[Severity(v.severity)]}*",
        f"owner {user_ref(v.owner)}",
        since,
    ]
    return " · ".join(parts)


def _event_text(kind: str, text: str) -> str:
    if kind == "assigned":  # the text is the assignee's user id
        return f"assigned it to {user_ref(text)}"
    if kind == "note":
        return f"noted: {escape_plain(truncate(text, 300))}"
    return escape_plain(truncate(text, 300))


def _timeline(v: IncidentView) -> list[str]:
    """The people's events and the watch's milestones; growth details live in the thread."""
    shown = [e for e in v.timeline if e.kind != "grew"][-TIMELINE_SHOWN:]
    return [
        f"{e.at.astimezone(v.tz):%H:%M} {user_ref(e.user_id) if e.user_id else 'Vahti'} "
        f"{_event_text(e.kind, e.text)}"
        for e in shown
    ]


def severity_menu(v: IncidentView) -> Block:
    options = [
        {
            "text": {"type": "plain_text", "text": SEVERITY_TITLES[s]},
            "value": SeverityChoice(v.incident_id, s.value).encode(),
        }
        for s in Severity
    ]
    current = next(o for o, s in zip(options, Severity, strict=True) if s == v.severity)
    return {
        "type": "static_select",
        "action_id": ActionId.CRISIS_SEVERITY.value,
        "placeholder": {"type": "plain_text", "text": "Severity"},
        "options": options,
        "initial_option": current,
    }


def controls(v: IncidentView) -> Block:
    """The buttons this state offers; the block id carries the incident for the selects."""
    ref = IncidentRef(v.incident_id).encode()
    shown = buttons_for(v.state, v.owner)
    elements: list[Block] = []
    if shown.acknowledge:
        elements.append(button("Acknowledge", ActionId.CRISIS_ACK, ref, style="primary"))
    if shown.own:
        elements.append(button("I own this", ActionId.CRISIS_OWN, ref))
    if shown.assign:
        elements.append(
            {
                "type": "users_select",
                "action_id": ActionId.CRISIS_ASSIGN.value,
                "placeholder": {"type": "plain_text", "text": "Assign to…"},
            }
        )
    if shown.severity:
        elements.append(severity_menu(v))
    if shown.note:
        elements.append(button("Add note", ActionId.CRISIS_NOTE, ref))
    if shown.resolve:
        elements.append(button("Resolve", ActionId.CRISIS_RESOLVE, ref))
    if shown.false_alarm:
        elements.append(button("False alarm", ActionId.CRISIS_FALSE_ALARM, ref, style="danger"))
    return actions(elements, block_id=ref)


def message(v: IncidentView) -> tuple[list[Block], str]:
    """The alert message and its notification text."""
    f = v.figures
    lines = [headline(v.kind, v.subject, f)]
    if f.reason:
        lines.append(escape_mrkdwn(f.reason))
    if f.cause:
        lines.append(f"_{escape_mrkdwn(f.cause)}_")
    blocks: list[Block] = [header(title(v)), section("\n".join(lines))]
    if len(v.signals) > 1:
        blocks.append(section("\n".join(signal_line(s, v.tz) for s in v.signals[1:])))
    of = "these posts" if v.kind in IMMEDIATE_KINDS else "the rise"
    if attribution := attribution_lines(f, of):
        blocks.append(section("\n".join(attribution)))
    if mix := _mix(f):
        blocks.append(context(mix))
    blocks += [section(sample_line(s)) for s in f.samples[:3]]
    blocks.append(divider())
    if v.state in (State.RESOLVED, State.FALSE_ALARM):
        closed = STATE_TITLES[State(v.state)]
        note = f": {escape_plain(v.summary)}" if v.summary else ""
        blocks.append(section(f"*{closed}* by {user_ref(v.resolved_by)}{note}"))
    blocks.append(context([_status(v)]))
    if timeline := _timeline(v):
        blocks.append(context(timeline))
    blocks.append(controls(v))
    text = f"{escape_mrkdwn(title(v))}: {plain_headline(v)}"
    return blocks, truncate(text, 300)


def plain_headline(v: IncidentView) -> str:
    """The headline signal's sentence without bold marks, for notifications and lists."""
    return headline(v.kind, v.subject, v.figures).replace("*", "")
