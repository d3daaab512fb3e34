"""`/kpi` arguments: a report period, `set METRIC VALUE`, `log METRIC VALUE [DATE]` or help."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain.command_args import UsageError
from bot.domain.kpi.metrics import (
    KPI_USAGE,
    KPI_USAGE_VALUES,
    LOGGABLE,
    KpiPeriod,
    Metric,
    parse_day,
    parse_metric,
    parse_period,
    parse_value,
)
from bot.escape import escape_mrkdwn
from bot.i18n import N_


@dataclass(frozen=True)
class KpiRequest:
    """What `/kpi` was asked."""

    action: str  # "report", "set", "log" or "help"
    period: KpiPeriod | None = None
    metric: Metric | None = None
    value: float | None = None
    day: date | None = None


def parse_log(words: list[str], now: datetime, tz: ZoneInfo) -> KpiRequest:
    """`METRIC VALUE [YYYY-MM-DD]` of a manual value (the date defaults to today)."""
    if len(words) not in (2, 3):
        raise UsageError(
            N_("`/kpi log` takes a metric, a value and optionally a date."),
            KPI_USAGE,
            KPI_USAGE_VALUES,
        )
    metric = parse_metric(words[0])
    if metric not in LOGGABLE:
        raise UsageError(
            N_("`{metric}` is worked out from mentions; log one of: {loggable}."),
            KPI_USAGE,
            KPI_USAGE_VALUES,
            metric=metric.value,
            loggable=", ".join(m.value for m in LOGGABLE),
        )
    today = now.astimezone(tz).date()
    day = parse_day(words[2], today) if len(words) == 3 else today
    return KpiRequest("log", metric=metric, value=parse_value(metric, words[1]), day=day)


def parse_kpi(text: str, now: datetime, tz: ZoneInfo) -> KpiRequest:
    """Parse `/kpi` arguments; raises UsageError with the right forms."""
    words = text.split()
    head = words[0].lower() if words else "today"
    if head == "help":
        return KpiRequest("help")
    if head == "set":
        if len(words) != 3:
            raise UsageError(
                N_("`/kpi set` takes a metric and a value, e.g. `/kpi set mentions 120`."),
                KPI_USAGE,
                KPI_USAGE_VALUES,
            )
        metric = parse_metric(words[1])
        return KpiRequest("set", metric=metric, value=parse_value(metric, words[2]))
    if head == "log":
        return parse_log(words[1:], now, tz)
    if len(words) > 1:
        shown = escape_mrkdwn(" ".join(words)[:40])
        raise UsageError(N_("I don't know `{shown}`."), KPI_USAGE, KPI_USAGE_VALUES, shown=shown)
    return KpiRequest("report", period=parse_period(head, now, tz))
