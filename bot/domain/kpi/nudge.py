"""Which manual KPIs still need the day's value: the end-of-day log nudge decides here.

Pure: the metrics with a target in force and those logged for the day in, the missing ones out.
Only manual metrics count (the roll-ups fill every other one), and only those with a target,
since a team that set no target for a figure has not asked to be reminded of it.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.domain.kpi.metrics import METRICS, Kind, Metric

MANUAL: tuple[Metric, ...] = tuple(m for m, spec in METRICS.items() if spec.kind is Kind.MANUAL)


def missing_logs(targeted: Iterable[Metric], logged: Iterable[Metric]) -> tuple[Metric, ...]:
    """Manual metrics with a target and no value logged for the day, in the report's order."""
    wanted, have = set(targeted), set(logged)
    return tuple(m for m in MANUAL if m in wanted and m not in have)
