"""KPI figures from the hourly roll-ups and manual logs: so far, typical by now, against target.

Definitions (also in the README's KPI section):
- Values come from `totals` (the brand's mentions as `bot.domain.mentions.roles` defines them,
  manual logs replacing a day's roll-up figure).
- *Typical by this point*: the median, over reference periods that have data, of each metric's
  value from the reference period's start up to the same local time (the current hour counted
  pro rata). Days use the same weekday over the last 8 weeks, or every day of the last 28 when
  fewer than 3 of those weekdays have data; weeks the last 8 weeks; months the last 6 months.
- *Expected by now*: counts pro-rate the period's target by the share of a typical period's
  total reached by this point when at least 3 reference periods have data (one or two are too
  few to trust), else by the share of the period's time gone; shares compare with the target
  as is; manual metrics with the targets of the days that were logged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from statistics import median

from bot.domain.kpi.metrics import (
    METRICS,
    Kind,
    KpiPeriod,
    Metric,
    Status,
    judge,
)
from bot.domain.kpi.totals import KpiData, days_between, unmatched, window_values
from bot.domain.time import add_months, local_midnight
from bot.i18n import N_


@dataclass(frozen=True)
class Reference:
    """A past period like the reported one, cut at the same point."""

    start: date
    cut: datetime
    end: datetime


def _end_day(period: KpiPeriod, start: date) -> date:
    return add_months(start, 1) if period.kind == "month" else start + (period.end - period.start)


def _reference(period: KpiPeriod, start: date, offset: timedelta) -> Reference:
    end = local_midnight(_end_day(period, start), period.tz)
    if not period.partial:
        return Reference(start, end, end)
    local = period.as_of.astimezone(period.tz)
    cut = datetime.combine(start + offset, local.time(), tzinfo=period.tz).astimezone(UTC)
    return Reference(start, min(cut, end), end)


MIN_SAME_WEEKDAYS = 3  # fewer same weekdays with data than this: use every recent day instead


def _starts(period: KpiPeriod, every_day: bool) -> tuple[list[date], str]:
    if period.kind == "month":
        return [add_months(period.start, -k) for k in range(1, 7)], N_("the last 6 months")
    if every_day and period.kind == "day":
        return [period.start - timedelta(days=k) for k in range(1, 29)], N_(
            "every day of the last 28 days"
        )
    weeks = [period.start - timedelta(days=7 * k) for k in range(1, 9)]
    return (
        weeks,
        N_("the same weekday of the last 8 weeks")
        if period.kind == "day"
        else N_("the last 8 weeks"),
    )


def reference_spans(period: KpiPeriod, every_day: bool = False) -> list[tuple[date, date]]:
    """The local days [start, end) a report reads: the period and its reference periods."""
    starts, _ = _starts(period, every_day)
    return [(period.start, period.end)] + [(s, _end_day(period, s)) for s in starts]


def _with_data(data: KpiData, period: KpiPeriod, every_day: bool) -> tuple[list[Reference], str]:
    offset = timedelta(days=(period.as_of.astimezone(period.tz).date() - period.start).days)
    starts, basis = _starts(period, every_day)
    return [r for s in starts if _has_data(data, r := _reference(period, s, offset))], basis


def needs_every_day(data: KpiData, period: KpiPeriod) -> bool:
    """Whether a day report falls back to every recent day (too few same weekdays with data)."""
    return period.kind == "day" and len(_with_data(data, period, False)[0]) < MIN_SAME_WEEKDAYS


def references(data: KpiData, period: KpiPeriod) -> tuple[list[Reference], str]:
    """The reference periods with data, and a phrase saying which they are."""
    return _with_data(data, period, needs_every_day(data, period))


def _has_data(data: KpiData, ref: Reference) -> bool:
    if data.totals.total("all", local_midnight(ref.start, data.tz), ref.end) > 0:
        return True
    days = days_between(ref.start, ref.end, data.tz)
    return any((m, d) in data.logs for m in METRICS for d in days)


def typical(data: KpiData, refs: list[Reference], full: bool = False) -> dict[Metric, float | None]:
    """The median of each metric over the references (by the cut, or over whole periods)."""
    rows = [window_values(data, r.start, r.end if full else r.cut, prorate=not full) for r in refs]
    result: dict[Metric, float | None] = {}
    for metric in Metric:
        seen = [v for row in rows if (v := row[metric]) is not None]
        result[metric] = float(median(seen)) if seen else None
    return result


def daily_targets(data: KpiData, metric: Metric, days: list[date]) -> list[float] | None:
    """Each day's target in force; days before the first target borrow it (None: no target)."""
    found = [data.targets.on(metric, d, data.tz) for d in days]
    if all(v is None for v in found):
        return None
    return _filled(found)


def _filled(values: list[float | None]) -> list[float]:
    """Gaps (None or NaN) take the last value before them, leading gaps the first value."""
    out: list[float | None] = []
    last: float | None = None
    for v in values:
        if v is not None and not math.isnan(v):
            last = float(v)
        out.append(last)
    first = next((v for v in out if v is not None), math.nan)
    return [first if v is None else v for v in out]


@dataclass(frozen=True)
class MetricReport:
    metric: Metric
    value: float | None
    target: float | None  # for the whole period: daily targets summed (shares: their mean)
    expected: float | None  # what the target asks for by now; the target itself once complete
    typical: float | None  # a typical period's value by this point
    status: Status
    gap: float | None  # value − expected


@dataclass(frozen=True)
class KpiSummary:
    period: KpiPeriod
    metrics: tuple[MetricReport, ...]
    basis: str  # which reference periods "typical" comes from
    references: int  # how many of them had data
    unmatched: int = 0  # posts in the period naming no brand (nobody's mentions)
    has_data: bool = True  # False: nothing yet in the period, so no target is judged
    days_of_data: int | None = None  # local days since the team's data began (cold start)


def _expected(
    data: KpiData, period: KpiPeriod, metric: Metric, pace: float
) -> tuple[float | None, float | None]:
    targets = daily_targets(data, metric, period.all_days())
    if targets is None:
        return None, None
    kind = METRICS[metric].kind
    if kind is Kind.RATIO:
        return sum(targets) / len(targets), sum(targets) / len(targets)
    if kind is Kind.MANUAL:
        logged = [
            t for d, t in zip(period.all_days(), targets, strict=True) if (metric, d) in data.logs
        ]
        return sum(targets), sum(logged) if logged else None
    return sum(targets), sum(targets) * pace


MIN_REFERENCES_FOR_PACE = 3


def _pace(period: KpiPeriod, by_now: float | None, whole: float | None, refs: int) -> float:
    """The share of the period's target due by now: a typical period's pace, or elapsed time."""
    if not period.partial:
        return 1.0
    if refs >= MIN_REFERENCES_FOR_PACE and by_now is not None and whole:
        return min(by_now / whole, 1.0)
    return period.elapsed()


def days_of_data(data: KpiData, period: KpiPeriod) -> int | None:
    """Local days from the team's first data to the end of the period measured (None: no data)."""
    if data.first_data is None:
        return None
    first = data.first_data.astimezone(data.tz).date()
    return max(0, (period.as_of.astimezone(data.tz).date() - first).days + 1)


def compute(data: KpiData, period: KpiPeriod, with_typical: bool = True) -> KpiSummary:
    """Every metric's value so far, target, typical figure and mark for `period`.

    A period with no data yet (no mention, no log: a month not begun, 01:40 on a quiet night) is
    not judged against its target: no history is not zero.
    """
    values = window_values(data, period.start, period.as_of)
    has_data = _has_data(data, Reference(period.start, period.as_of, period.as_of))
    refs, basis = references(data, period) if with_typical else ([], "")
    by_now = typical(data, refs)
    whole = typical(data, refs, full=True) if period.partial else by_now
    reports = []
    for metric, spec in METRICS.items():
        now_t, full_t = by_now[metric], whole[metric]
        pace = _pace(period, now_t, full_t, len(refs))
        target, expected = _expected(data, period, metric, pace)
        status, gap = judge(values[metric], expected, spec.lower_is_better)
        if not has_data:
            status, gap = Status.NO_DATA, None
        reports.append(MetricReport(metric, values[metric], target, expected, now_t, status, gap))
    return KpiSummary(
        period,
        tuple(reports),
        basis,
        len(refs),
        unmatched(data, period.start, period.as_of),
        has_data,
        days_of_data(data, period),
    )
