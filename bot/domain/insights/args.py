"""Parsing of `/pulse` arguments into a typed request, with usage text for people."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.command_args import UsageError
from bot.escape import escape_mrkdwn
from bot.i18n import N_

PULSE_USAGE = N_(
    "*Usage:* `/pulse advocates [day|week|month]` who praises the brand, where and when · "
    "`/pulse detractors [day|week|month]` who criticises it · "
    "`/pulse sov [week|month]` share of voice against competitors · "
    "`/pulse campaigns` each campaign's curve, shape and sentiment · "
    "`/pulse activation` hashtags, links and videos this week vs usual · "
    "`/pulse top [day|week|month]` the posts that did best · "
    "`/pulse year` the fiscal year so far · `/pulse help`"
)

TAKES = (
    N_("`/pulse {topic}` does not take `{shown}`. It takes `{a}`."),
    N_("`/pulse {topic}` does not take `{shown}`. It takes `{a}` or `{b}`."),
    N_("`/pulse {topic}` does not take `{shown}`. It takes `{a}`, `{b}` or `{c}`."),
)
SPAN_DAYS = {"day": 1, "week": 7, "month": 30}

# topic -> (allowed spans, default span); an empty tuple takes no argument.
TOPICS: dict[str, tuple[tuple[str, ...], str]] = {
    "advocates": (("day", "week", "month"), "week"),
    "detractors": (("day", "week", "month"), "week"),
    "sov": (("week", "month"), "month"),
    "campaigns": ((), ""),
    "activation": (("week",), "week"),
    "top": (("day", "week", "month"), "week"),
    "year": ((), ""),
    "help": ((), ""),
}
ALIASES = {
    "advocate": "advocates",
    "detractor": "detractors",
    "share": "sov",
    "campaign": "campaigns",
}


@dataclass(frozen=True)
class PulseRequest:
    """What `/pulse` was asked: a topic and, for some, a span (`day`, `week`, `month`)."""

    topic: str
    span: str = ""

    @property
    def days(self) -> int:
        return SPAN_DAYS.get(self.span, 0)


def _shown(text: str) -> str:
    return escape_mrkdwn(" ".join(text.split())[:40])


def parse_pulse(text: str) -> PulseRequest:
    """Parse `/pulse` arguments; raises UsageError naming the right forms."""
    words = text.strip().lower().split()
    if not words:
        return PulseRequest("help")
    topic = ALIASES.get(words[0], words[0])
    if topic not in TOPICS:
        raise UsageError(N_("I don't know `{shown}`."), PULSE_USAGE, shown=_shown(text))
    spans, default = TOPICS[topic]
    if len(words) == 1:
        return PulseRequest(topic, default)
    if len(words) == 2 and words[1] in spans:
        return PulseRequest(topic, words[1])
    shown = _shown(" ".join(words[1:]))
    if not spans:
        raise UsageError(
            N_("`/pulse {topic}` does not take `{shown}`."), PULSE_USAGE, topic=topic, shown=shown
        )
    problem = TAKES[min(len(spans), len(TAKES)) - 1]
    named = dict(zip(("a", "b", "c"), spans, strict=False), topic=topic, shown=shown)
    raise UsageError(problem, PULSE_USAGE, None, **named)
