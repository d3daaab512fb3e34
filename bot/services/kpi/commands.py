"""What `/kpi` and the KPI modal answer: the report, a new target, a logged value."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.blocks import kpi as blocks
from bot.blocks.common import Block
from bot.deps import Deps
from bot.domain.kpi.args import KpiRequest
from bot.domain.kpi.metrics import LOGGABLE, METRICS, Kind, Metric
from bot.services.kpi import reports as kpi


@dataclass(frozen=True)
class Reply:
    text: str
    blocks: list[Block] | None = None


def _target_text(metric: Metric, value: float, changed: bool) -> str:
    label, shown = METRICS[metric].label, blocks.fmt_value(metric, value)
    per = "" if METRICS[metric].kind is Kind.RATIO else " a day"
    if not changed:
        return f"The *{label}* target is already {shown}{per}."
    return f"The *{label}* target is now {shown}{per}, from now on; earlier days keep theirs."


def _log_text(metric: Metric, value: float, day: date, changed: bool) -> str:
    label, shown = METRICS[metric].label, blocks.fmt_value(metric, value)
    if not changed:
        return f"*{label}* for {day:%a %-d %b %Y} is already {shown}."
    return (
        f"Logged *{label}* {shown} for {day:%a %-d %b %Y} (it replaces any earlier value that day)."
    )


def answer(deps: Deps, request: KpiRequest, user: str | None) -> Reply:
    """Carry out a parsed `/kpi` request (not help) and say what happened."""
    if request.action == "set":
        assert request.metric is not None and request.value is not None
        changed = kpi.set_target(deps, request.metric, request.value, user)
        return Reply(_target_text(request.metric, request.value, changed))
    if request.action == "log":
        assert request.metric is not None and request.value is not None and request.day
        entry = kpi.ManualValue(request.metric, request.value, request.day, "slack", user)
        return Reply(
            _log_text(request.metric, request.value, request.day, kpi.log_value(deps, entry))
        )
    assert request.period is not None
    report_blocks, text = blocks.summary(kpi.report(deps, request.period))
    return Reply(text, report_blocks)


def log_modal(deps: Deps) -> dict[str, object]:
    """The "Log a value" modal, dated today in the team's time zone."""
    today = deps.clock.now().astimezone(deps.config.tz).date()
    return blocks.log_modal(list(LOGGABLE), today.isoformat())


def log_from_modal(deps: Deps, entry: kpi.ManualValue) -> bool:
    """Store a value submitted in the modal."""
    return kpi.log_value(deps, entry)
