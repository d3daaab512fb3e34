"""What `/kpi` and the KPI modal answer: the report, a new target, a logged value."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.blocks import kpi as blocks
from bot.blocks.common import Block
from bot.deps import Deps
from bot.domain.kpi.args import KpiRequest
from bot.domain.kpi.metrics import LOGGABLE, METRICS, Kind, Metric
from bot.i18n import Translator, translator
from bot.services.kpi import reports as kpi


@dataclass(frozen=True)
class Reply:
    text: str
    blocks: list[Block] | None = None


def _target_text(metric: Metric, value: float, changed: bool, t: Translator) -> str:
    _ = t.gettext
    name, shown = blocks.label(metric, t), blocks.fmt_value(metric, value, t)
    if METRICS[metric].kind is Kind.RATIO:
        text = (
            _("The *{metric}* target is now {value}, from now on; earlier days keep theirs.")
            if changed
            else _("The *{metric}* target is already {value}.")
        )
    else:
        text = (
            _("The *{metric}* target is now {value} a day, from now on; earlier days keep theirs.")
            if changed
            else _("The *{metric}* target is already {value} a day.")
        )
    return text.format(metric=name, value=shown)


def _log_text(metric: Metric, value: float, day: date, changed: bool, t: Translator) -> str:
    _ = t.gettext
    text = (
        _("Logged *{metric}* {value} for {day} (it replaces any earlier value that day).")
        if changed
        else _("*{metric}* for {day} is already {value}.")
    )
    shown = blocks.fmt_value(metric, value, t)
    return text.format(metric=blocks.label(metric, t), value=shown, day=t.date(day, "day"))


def answer(deps: Deps, request: KpiRequest, user: str | None) -> Reply:
    """Carry out a parsed `/kpi` request (not help) and say what happened."""
    t = translator(deps.config.locale)
    if request.action == "set":
        assert request.metric is not None and request.value is not None
        changed = kpi.set_target(deps, request.metric, request.value, user)
        return Reply(_target_text(request.metric, request.value, changed, t))
    if request.action == "log":
        assert request.metric is not None and request.value is not None and request.day
        entry = kpi.ManualValue(request.metric, request.value, request.day, "slack", user)
        changed = kpi.log_value(deps, entry)
        return Reply(_log_text(request.metric, request.value, request.day, changed, t))
    assert request.period is not None
    report_blocks, text = blocks.summary(kpi.report(deps, request.period), t)
    return Reply(text, report_blocks)


def log_modal(deps: Deps) -> dict[str, object]:
    """The "Log a value" modal, dated today in the team's time zone."""
    today = deps.clock.now().astimezone(deps.config.tz).date()
    return blocks.log_modal(list(LOGGABLE), today.isoformat(), translator(deps.config.locale))


def log_from_modal(deps: Deps, entry: kpi.ManualValue) -> bool:
    """Store a value submitted in the modal."""
    return kpi.log_value(deps, entry)
