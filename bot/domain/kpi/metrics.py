"""KPI vocabulary: metrics, report periods, targets in force, and the ahead/on-track/behind mark.

Pure: values in, frozen dataclasses out. Periods are local dates in the team's time zone, so a
day spans 23, 24 or 25 UTC hours around DST changes; the UTC bounds come from `KpiPeriod`.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Literal
from zoneinfo import ZoneInfo

from bot.domain.command_args import UsageError
from bot.domain.time import add_months, local_midnight
from bot.escape import escape_mrkdwn
from bot.i18n import N_


class Metric(StrEnum):
    MENTIONS = "mentions"
    POSITIVE_SHARE = "positive_share"
    NEGATIVE_SHARE = "negative_share"
    REACH = "reach"
    ENGAGEMENT = "engagement"
    SHARES = "shares"
    NEW_FOLLOWERS = "new_followers"
    PURCHASE_OPPORTUNITIES = "purchase_opportunities"
    SHARE_OF_VOICE = "share_of_voice"


class Kind(StrEnum):
    """COUNT comes from the roll-ups (a manual log may replace a day), RATIO is derived from
    counts, MANUAL exists only as logged daily values."""

    COUNT = "count"
    RATIO = "ratio"
    MANUAL = "manual"


@dataclass(frozen=True)
class MetricSpec:
    label: str
    kind: Kind
    loggable: bool
    lower_is_better: bool = False
    maximum: float = 1e12  # a day's figure above this is a typo or an attack, never a measurement


METRICS: dict[Metric, MetricSpec] = {
    Metric.MENTIONS: MetricSpec(N_("Mentions"), Kind.COUNT, loggable=False),
    Metric.POSITIVE_SHARE: MetricSpec(N_("Positive share"), Kind.RATIO, loggable=False),
    Metric.NEGATIVE_SHARE: MetricSpec(
        N_("Negative share"), Kind.RATIO, loggable=False, lower_is_better=True
    ),
    Metric.REACH: MetricSpec(N_("Reach"), Kind.COUNT, loggable=True),
    Metric.ENGAGEMENT: MetricSpec(N_("Engagement"), Kind.COUNT, loggable=True),
    Metric.SHARES: MetricSpec(N_("Shares"), Kind.COUNT, loggable=True),
    Metric.NEW_FOLLOWERS: MetricSpec(N_("New followers"), Kind.MANUAL, loggable=True, maximum=1e9),
    Metric.PURCHASE_OPPORTUNITIES: MetricSpec(
        N_("Purchase opportunities"), Kind.COUNT, loggable=True, maximum=1e9
    ),
    Metric.SHARE_OF_VOICE: MetricSpec(N_("Share of voice"), Kind.RATIO, loggable=False),
}
ALIASES = {
    "sov": Metric.SHARE_OF_VOICE,
    "followers": Metric.NEW_FOLLOWERS,
    "positive": Metric.POSITIVE_SHARE,
    "negative": Metric.NEGATIVE_SHARE,
    "purchases": Metric.PURCHASE_OPPORTUNITIES,
}
LOGGABLE = tuple(m for m, s in METRICS.items() if s.loggable)

KPI_USAGE = N_(
    "*Usage:* `/kpi today|week|month|YYYY-MM-DD` report · "
    "`/kpi set METRIC VALUE` target from now on · "
    "`/kpi log METRIC VALUE [YYYY-MM-DD]` a day's measured value · `/kpi help`\n"
    "*Metrics:* {metrics}. Shares take `0.6` or `60%`.\n"
    "*Loggable:* {loggable}."
)
KPI_USAGE_VALUES = {
    "metrics": ", ".join(f"`{m.value}`" for m in Metric),
    "loggable": ", ".join(f"`{m.value}`" for m in LOGGABLE),
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EARLIEST_DAY = date(2000, 1, 1)  # as for mentions: nothing older is a social media figure


def _bad(word: str) -> str:
    return f"`{escape_mrkdwn(word[:40])}`"


def _usage(problem: str, word: str) -> UsageError:
    return UsageError(problem, KPI_USAGE, KPI_USAGE_VALUES, bad=_bad(word))


def parse_metric(word: str) -> Metric:
    """A metric by name or alias (`sov`, `followers`, …); UsageError lists the right names."""
    key = word.strip().lower().replace("-", "_")
    if key in ALIASES:
        return ALIASES[key]
    try:
        return Metric(key)
    except ValueError:
        raise _usage(N_("I don't know the metric {bad}."), word) from None


def parse_value(metric: Metric, word: str) -> float:
    """A non-negative number; shares as a fraction (`0.6`) or percent (`60%`, `60`)."""
    text = word.strip().replace(",", ".")
    percent = text.endswith("%")
    try:
        value = float(text.rstrip("%"))
    except ValueError:
        raise _usage(N_("{bad} is not a number."), word) from None
    if not math.isfinite(value) or value < 0:
        raise _usage(N_("{bad} must be a number of zero or more."), word)
    if METRICS[metric].kind is Kind.RATIO:
        value = value / 100 if percent or value > 1 else value
        if value > 1:
            raise _usage(N_("{bad} is over 100%."), word)
    elif value > METRICS[metric].maximum:
        raise UsageError(
            N_("{bad} is over {maximum}."),
            KPI_USAGE,
            KPI_USAGE_VALUES,
            bad=_bad(word),
            maximum=f"{METRICS[metric].maximum:,.0f}",
        )
    return value


def normalise_target(metric: Metric, value: float) -> float:
    """A vahti.yml target on the stored scale (shares given as 60 mean 60%)."""
    return value / 100 if METRICS[metric].kind is Kind.RATIO and value > 1 else value


PeriodKind = Literal["day", "week", "month"]


@dataclass(frozen=True)
class KpiPeriod:
    """A report period [start, end) of local dates, measured up to `as_of` (UTC)."""

    kind: PeriodKind
    start: date
    end: date
    as_of: datetime
    tz: ZoneInfo

    @property
    def start_utc(self) -> datetime:
        return local_midnight(self.start, self.tz)

    @property
    def end_utc(self) -> datetime:
        return local_midnight(self.end, self.tz)

    @property
    def partial(self) -> bool:
        return self.as_of < self.end_utc

    def all_days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days)]

    def days_begun(self) -> list[date]:
        """The days of the period that had begun by `as_of`."""
        return [d for d in self.all_days() if local_midnight(d, self.tz) < self.as_of]

    def elapsed(self) -> float:
        """The share of the period's hours gone by `as_of`."""
        return (self.as_of - self.start_utc) / (self.end_utc - self.start_utc)

    def label(self) -> str:
        until = f", until {self.as_of.astimezone(self.tz):%H:%M}" if self.partial else ""
        if self.kind == "day":
            return f"{self.start:%a %-d %b %Y}{until}"
        if self.kind == "week":
            last, week = self.end - timedelta(days=1), self.start.isocalendar().week
            return f"week {week} ({self.start:%-d %b}–{last:%-d %b %Y}){until}"
        return f"{self.start:%B %Y}{until}"


def period_of(kind: PeriodKind, day: date, now: datetime, tz: ZoneInfo) -> KpiPeriod:
    """The day, week (Monday on) or month containing local date `day`, measured up to `now`."""
    if kind == "week":
        start = day - timedelta(days=day.weekday())
        end = start + timedelta(days=7)
    elif kind == "month":
        start = day.replace(day=1)
        end = add_months(start, 1)
    else:
        start, end = day, day + timedelta(days=1)
    return KpiPeriod(kind, start, end, min(now.astimezone(UTC), local_midnight(end, tz)), tz)


def parse_day(word: str, today: date) -> date:
    """A YYYY-MM-DD date that is not in the future."""
    try:
        if not _DATE.match(word):
            raise ValueError(word)
        day = date.fromisoformat(word)
    except ValueError:
        raise _usage(N_("{bad} is not a date: write it as YYYY-MM-DD."), word) from None
    if day > today:
        raise _usage(N_("{bad} is in the future."), word)
    if day < EARLIEST_DAY:
        raise UsageError(
            N_("{bad} is before {earliest}."),
            KPI_USAGE,
            KPI_USAGE_VALUES,
            bad=_bad(word),
            earliest=str(EARLIEST_DAY),
        )
    return day


def parse_period(arg: str, now: datetime, tz: ZoneInfo) -> KpiPeriod:
    """`today` (default), `yesterday`, `week`, `month` or a YYYY-MM-DD date."""
    word, today = arg.strip().lower(), now.astimezone(tz).date()
    if word in ("", "today", "yesterday"):
        return period_of("day", today - timedelta(days=word == "yesterday"), now, tz)
    if word == "week":
        return period_of("week", today, now, tz)
    if word == "month":
        return period_of("month", today, now, tz)
    if _DATE.match(word) or word[:1].isdigit():
        return period_of("day", parse_day(word, today), now, tz)
    raise _usage(N_("I don't know {bad}."), arg)


@dataclass(frozen=True)
class TargetChange:
    metric: Metric
    value: float
    valid_from: datetime


@dataclass(frozen=True)
class Targets:
    """Target history plus vahti.yml defaults; a `/kpi set` row in force wins over the default."""

    changes: tuple[TargetChange, ...] = ()
    defaults: tuple[tuple[Metric, float], ...] = ()

    def on(self, metric: Metric, day: date, tz: ZoneInfo) -> float | None:
        """The target in force on a local day: the last one set before the day ended."""
        day_end = local_midnight(day + timedelta(days=1), tz)
        own = [c for c in self.changes if c.metric is metric]  # sorted by valid_from
        index = bisect_left([c.valid_from for c in own], day_end)
        return own[index - 1].value if index else dict(self.defaults).get(metric)


class Status(StrEnum):
    AHEAD = "ahead"
    ON_TRACK = "on track"
    BEHIND = "behind"
    NO_TARGET = "no target"
    NO_DATA = "no data"


TOLERANCE = 0.10  # within ±10% of the expected value counts as on track


def judge(
    value: float | None, expected: float | None, lower_is_better: bool
) -> tuple[Status, float | None]:
    """The mark and the gap (value − expected); ±10% of expected is on track."""
    if value is None:
        return Status.NO_DATA, None
    if expected is None:
        return Status.NO_TARGET, None
    gap = value - expected
    if abs(gap) <= TOLERANCE * expected:
        return Status.ON_TRACK, gap
    better = gap < 0 if lower_is_better else gap > 0
    return (Status.AHEAD if better else Status.BEHIND), gap
