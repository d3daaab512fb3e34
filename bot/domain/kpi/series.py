"""Day-by-day KPI series of a week or month, for the chart: value, target and typical so far."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from bot.domain.kpi.figures import Reference, daily_targets
from bot.domain.kpi.metrics import METRICS, Kind, KpiPeriod, Metric
from bot.domain.kpi.totals import KpiData, window_values
from bot.domain.time import local_midnight


@dataclass(frozen=True)
class MetricSeries:
    """Cumulative values at the end of each day (shares: the share up to that day)."""

    metric: Metric
    days: tuple[date, ...]
    values: tuple[float | None, ...]
    targets: tuple[float | None, ...]
    typical: tuple[float | None, ...]


def _target_line(metric: Metric, targets: list[float] | None, count: int) -> list[float | None]:
    if targets is None:
        return [None] * count
    if METRICS[metric].kind is Kind.RATIO:
        return list(targets[:count])
    running, line = 0.0, []
    for value in targets[:count]:
        running += value
        line.append(running)
    return list(line)


def series(data: KpiData, period: KpiPeriod, refs: list[Reference]) -> list[MetricSeries]:
    """Each metric's running value, target and typical at the end of each day begun so far."""
    days = period.days_begun()
    values: list[dict[Metric, float | None]] = []
    typicals: list[dict[Metric, float | None]] = []
    for i, day in enumerate(days):
        cut = min(local_midnight(day + timedelta(days=1), period.tz), period.as_of)
        values.append(window_values(data, period.start, cut))
        last = i == len(days) - 1 and period.partial
        ref_rows = [
            window_values(
                data,
                r.start,
                r.cut
                if last
                else min(local_midnight(r.start + timedelta(days=i + 1), period.tz), r.end),
                prorate=last,
            )
            for r in refs
        ]
        typicals.append({m: _median([row[m] for row in ref_rows]) for m in Metric})
    result = []
    for metric in Metric:
        targets = _target_line(metric, daily_targets(data, metric, period.all_days()), len(days))
        result.append(
            MetricSeries(
                metric,
                tuple(days),
                tuple(v[metric] for v in values),
                tuple(targets),
                tuple(t[metric] for t in typicals),
            )
        )
    return result


def _median(found: list[float | None]) -> float | None:
    seen = [v for v in found if v is not None]
    return float(median(seen)) if seen else None
