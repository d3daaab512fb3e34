"""`vahti export kpis`: each day's value of every metric with its target in force and the mark."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from bot.domain.kpi.figures import compute
from bot.domain.kpi.metrics import METRICS, Kind, period_of
from bot.services.exports import ExportRequest, Row
from bot.services.kpi.reports import load_data

KPI_HEADER = ["date", "metric", "value", "target", "expected", "status", "gap"]


def _number(value: float | None, ratio: bool) -> object:
    if value is None:
        return ""
    return round(value, 4) if ratio else round(value, 2)


def export_kpis(req: ExportRequest) -> Iterator[Row]:
    """One row per (day, metric); today's rows measure the day so far against its pace."""
    yield KPI_HEADER
    tz = req.config.tz
    span = (req.since, req.until + timedelta(days=1))
    data = load_data(req.session, req.team_id, req.config, [span])
    day = req.since
    while day <= req.until and day <= req.now.astimezone(tz).date():
        summary = compute(data, period_of("day", day, req.now, tz), with_typical=False)
        for row in summary.metrics:
            ratio = METRICS[row.metric].kind is Kind.RATIO
            yield [
                day.isoformat(),
                row.metric.value,
                _number(row.value, ratio),
                _number(row.target, ratio),
                _number(row.expected, ratio),
                row.status.value,
                _number(row.gap, ratio),
            ]
        day += timedelta(days=1)
