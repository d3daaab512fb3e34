"""What `/kpi` and the KPI modal do: the report, a new target, a logged value.

The answers are plain data; the handler renders them (`bot.blocks.kpi`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.deps import Deps
from bot.domain.kpi.args import KpiRequest
from bot.domain.kpi.figures import KpiSummary
from bot.domain.kpi.metrics import Metric
from bot.services.kpi import reports as kpi


@dataclass(frozen=True)
class TargetSet:
    """`/kpi set`: the target asked for; `changed` is False when it was already in force."""

    metric: Metric
    value: float
    changed: bool


@dataclass(frozen=True)
class ValueLogged:
    """`/kpi log`: the day's value; `changed` is False when that value was already logged."""

    metric: Metric
    value: float
    day: date
    changed: bool


KpiAnswer = TargetSet | ValueLogged | KpiSummary


def answer(deps: Deps, request: KpiRequest, user: str | None) -> KpiAnswer:
    """Carry out a parsed `/kpi` request (not help): what was set, logged or reported."""
    if request.action == "set":
        assert request.metric is not None and request.value is not None
        changed = kpi.set_target(deps, request.metric, request.value, user)
        return TargetSet(request.metric, request.value, changed)
    if request.action == "log":
        assert request.metric is not None and request.value is not None and request.day
        entry = kpi.ManualValue(request.metric, request.value, request.day, "slack", user)
        return ValueLogged(request.metric, request.value, request.day, kpi.log_value(deps, entry))
    assert request.period is not None
    return kpi.report(deps, request.period)


def today(deps: Deps) -> date:
    """The team's local date now: the log modal's default day and its date checks."""
    return deps.clock.now().astimezone(deps.config.tz).date()


def log_from_modal(deps: Deps, entry: kpi.ManualValue) -> bool:
    """Store a value submitted in the modal."""
    return kpi.log_value(deps, entry)
