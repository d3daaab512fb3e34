"""The figures an alert shows, stored with its incident as JSON so any process can re-render it.

Built from the detector's numbers and the window's explanation when the incident opens or grows;
the blocks read only these figures (plus the incident's state), never the mention tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.crisis.attribution import Explanation
from bot.domain.crisis.incidents import SEVERITY_RANK, Severity

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TEXT_LIMIT = 280  # characters of a sample post kept with the incident


@dataclass(frozen=True)
class Sample:
    """A sample post as stored (raw text; the blocks escape it)."""

    author: str
    text: str
    url: str | None
    source: str
    reach: int
    engagement: int


@dataclass(frozen=True)
class Share:
    """A single source and its share of the rise."""

    kind: str
    value: str
    count: int
    share: float


@dataclass(frozen=True)
class Figures:
    """Everything the alert message says; JSON-friendly."""

    observed: int = 0  # mentions (or negative mentions) in the headline window
    window_minutes: int = 60
    typical: float = 0.0
    typical_label: str = "a typical hour"
    ratio: float = 1.0
    peak_ratio: float = 1.0
    negative: int = 0
    negative_share: float = 0.0
    typical_negative_share: float | None = None
    reason: str = ""
    cause: str = ""
    reach: int = 0  # the largest reach among matching posts (immediate alerts)
    matches: int = 0  # matching posts (immediate alerts)
    matched: tuple[tuple[str, int], ...] = ()  # each matched term (or account) and its posts
    sentiment: tuple[int, int, int] = (0, 0, 0)
    terms: tuple[tuple[str, int], ...] = ()
    hashtags: tuple[tuple[str, int], ...] = ()
    networks: tuple[tuple[str, int], ...] = ()
    samples: tuple[Sample, ...] = ()
    sources: tuple[Share, ...] = field(default_factory=tuple)

    def merged_with(self, newer: Figures, newer_is_peak: bool = True) -> Figures:
        """The peak's headline numbers, the newer explanation if it has one (samples).

        An alert keeps saying how big the anomaly got; the status line says when it calmed.
        """
        explained = newer if newer.samples else self
        headline = newer if newer_is_peak else self
        return replace(
            headline,
            peak_ratio=max(self.peak_ratio, newer.ratio),
            reach=max(self.reach, newer.reach),
            cause=newer.cause or self.cause,
            matched=newer.matched or self.matched,
            reason=newer.reason or self.reason,
            sentiment=explained.sentiment,
            terms=explained.terms,
            hashtags=explained.hashtags,
            networks=explained.networks,
            samples=explained.samples,
            sources=explained.sources,
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Figures:
        """Read stored figures; unknown keys (from a newer release) are ignored."""
        known = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__}
        pairs = ("terms", "hashtags", "networks", "matched")
        for key in pairs:
            if key in known:
                known[key] = tuple((str(a), int(b)) for a, b in known[key])
        if "sentiment" in known:
            known["sentiment"] = tuple(int(x) for x in known["sentiment"])
        if "samples" in known:
            known["samples"] = tuple(Sample(**s) for s in known["samples"])
        if "sources" in known:
            known["sources"] = tuple(Share(**s) for s in known["sources"])
        return cls(**known)


def typical_label(source: str, at: datetime, tz: ZoneInfo) -> str:
    """How the baseline is described: "a typical Tuesday 14:00", "a typical day at 14:00"...

    `source` is the detector's baseline source: learnt per hour of the week, per hour of the
    day (history too short for weekdays) or as one global level.
    """
    local = at.astimezone(tz)
    hour = f"{local.hour:02d}:00"
    if source in ("hour_of_week", "week"):
        return f"a typical {WEEKDAYS[local.weekday()]} {hour}"
    if source in ("hour_of_day", "day"):
        return f"a typical day at {hour}"
    return "a typical hour"


def with_explanation(base: Figures, explanation: Explanation) -> Figures:
    """The detector's figures completed with what the window's posts say."""
    samples = tuple(
        Sample(p.author, p.text[:TEXT_LIMIT], p.url, p.source, p.reach, p.engagement)
        for p in explanation.samples
    )
    sources = tuple(Share(s.kind, s.value, s.count, round(s.share, 3)) for s in explanation.sources)
    return replace(
        base,
        sentiment=explanation.sentiment,
        terms=explanation.top_terms,
        hashtags=explanation.top_hashtags,
        networks=explanation.networks,
        samples=samples,
        sources=sources,
    )


@dataclass(frozen=True)
class TimelineEntry:
    """One event of an incident's timeline as shown."""

    kind: str
    user_id: str | None
    at: datetime
    text: str


@dataclass(frozen=True)
class SignalView:
    """One signal of an incident as shown: what fired, its figures, whether it calmed down."""

    kind: str
    subject: str
    severity: str
    started_at: datetime
    last_seen_at: datetime
    ended_at: datetime | None
    figures: Figures


def headline_first(signals: Sequence[SignalView]) -> tuple[SignalView, ...]:
    """The signals (in the order they were filed) with the headline first: the most severe.

    Of equally severe signals the first filed wins, so the message keeps its headline when a
    signal joins it at the same severity; the others follow in the order they were filed.
    """
    if not signals:
        return ()
    top = max(SEVERITY_RANK[Severity(s.severity)] for s in signals)
    head = next(s for s in signals if SEVERITY_RANK[Severity(s.severity)] == top)
    return (head, *(s for s in signals if s is not head))


@dataclass(frozen=True)
class IncidentView:
    """An incident as its message shows it.

    `kind`, `subject` and `figures` are the headline signal's; `signals` holds every signal,
    the headline first (empty when the incident is shown from its figures alone).
    """

    incident_id: int
    kind: str
    brand: str
    subject: str
    state: str
    severity: str
    owner: str | None
    started_at: datetime
    last_seen_at: datetime
    ended_at: datetime | None
    resolved_at: datetime | None
    resolved_by: str | None
    summary: str | None
    figures: Figures
    timeline: tuple[TimelineEntry, ...]
    tz: ZoneInfo
    signals: tuple[SignalView, ...] = ()

    def signal(self, kind: str) -> SignalView | None:
        """The incident's signal of `kind`, if it has one."""
        return next((s for s in self.signals if s.kind == kind), None)
