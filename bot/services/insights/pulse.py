"""Answers to `/pulse`: the insight for a rolling period ending now, and a chart where it helps."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk.errors import SlackApiError

from bot.blocks.common import Block
from bot.blocks.insights import replies as blocks
from bot.charts.insights import Chart, campaign_chart, sov_chart
from bot.config import VahtiConfig
from bot.db import session_scope
from bot.deps import Deps
from bot.domain.checklists.periods import Cadence, Calendar, period_containing
from bot.domain.insights.advocates import Side
from bot.domain.insights.args import PulseRequest
from bot.domain.insights.windows import Window, fiscal_label, month_windows, rolling
from bot.i18n import N_, Translator, translator
from bot.services.insights import reports as insights
from bot.services.insights.reports import Scope

log = logging.getLogger(__name__)

PERIOD_LABELS = {1: N_("last 24 h"), 7: N_("last 7 days"), 30: N_("last 30 days")}
ACTIVATION_WEEKS = 5  # this week and four to take the usual week from


@dataclass(frozen=True)
class PulseAnswer:
    """The ephemeral reply and, for some topics, a chart to upload after it."""

    blocks: list[Block]
    text: str
    chart: Chart | None = None


def _t(scope: Scope) -> Translator:
    return translator(scope.config.locale)


def _label(scope: Scope, days: int) -> str:
    return _t(scope).gettext(PERIOD_LABELS[days])


def _window(scope: Scope, now: datetime, days: int) -> Window:
    return Window(now - timedelta(days=days), now, _label(scope, days))


def _authors(scope: Scope, request: PulseRequest, now: datetime) -> PulseAnswer:
    side = Side.ADVOCATE if request.topic == "advocates" else Side.DETRACTOR
    window = _window(scope, now, request.days)
    found = insights.authors(scope, window, side)
    message = blocks.authors_message(
        found, side, window.label, scope.config.tz, scope.brand, _t(scope)
    )
    return PulseAnswer(*message)


def _sov(scope: Scope, request: PulseRequest, now: datetime) -> PulseAnswer:
    t = _t(scope)
    previous, current = rolling(now, request.days, 2, _label(scope, request.days))
    before = t.gettext("the {n} days before").format(n=request.days)
    previous = Window(previous.start, previous.end, before)
    sov = insights.share(scope, previous, current)
    return PulseAnswer(*blocks.sov_message(sov, t), sov_chart(sov, t) if sov.total else None)


def _campaigns(scope: Scope, _request: PulseRequest, now: datetime) -> PulseAnswer:
    reports = insights.campaigns(scope, now)
    t = _t(scope)
    chart = campaign_chart(reports, t) if reports else None
    return PulseAnswer(*blocks.campaigns_message(reports, t), chart)


def _activation(scope: Scope, _request: PulseRequest, now: datetime) -> PulseAnswer:
    label = _label(scope, 7)
    weeks = rolling(now, 7, ACTIVATION_WEEKS, label)
    metrics = insights.activation(scope, weeks)
    return PulseAnswer(*blocks.activation_message(metrics, label, scope.brand, _t(scope)))


def _top(scope: Scope, request: PulseRequest, now: datetime) -> PulseAnswer:
    window = _window(scope, now, request.days)
    posts = insights.top_content(scope, window)
    return PulseAnswer(*blocks.top_message(posts, window.label, scope.brand, _t(scope)))


def _year(scope: Scope, _request: PulseRequest, now: datetime) -> PulseAnswer:
    label, months = fiscal_year_months(scope.config, now)
    return PulseAnswer(*blocks.year_message(insights.year(scope, label, months), _t(scope)))


def fiscal_year_months(config: VahtiConfig, now: datetime) -> tuple[str, list[Window]]:
    """The current fiscal year's name and its months up to this one."""
    tz = config.tz
    today = now.astimezone(tz).date()
    calendar = Calendar(tz=tz, fiscal_year_end_month=config.schedule.fiscal_year_end_month)
    period = period_containing(Cadence.YEARLY, today, calendar)
    first = period.start if period else today.replace(month=1, day=1)
    end = period.end if period else first.replace(year=first.year + 1)
    t = translator(config.locale)
    months = month_windows(first, min(end, today + timedelta(days=1)), tz, t)
    return fiscal_label(end, t), months


ANSWERS: dict[str, Callable[[Scope, PulseRequest, datetime], PulseAnswer]] = {
    "advocates": _authors,
    "detractors": _authors,
    "sov": _sov,
    "campaigns": _campaigns,
    "activation": _activation,
    "top": _top,
    "year": _year,
}


def answer(deps: Deps, team_id: str, request: PulseRequest) -> PulseAnswer:
    """The reply to a parsed `/pulse` request (not `help`, which the handler answers)."""
    with session_scope(deps.sessions) as session:
        scope = Scope(session, team_id, deps.config)
        return ANSWERS[request.topic](scope, request, deps.clock.now())


def share_chart(deps: Deps, channel: str, chart: Chart) -> str | None:
    """Upload the chart to the channel; on failure, a note for the person who asked."""
    try:
        deps.gateway.upload_file(channel, chart.filename, chart.png, chart.title)
    except SlackApiError as exc:
        log.info("pulse chart not uploaded", extra={"error": exc.response.get("error")})
        text = translator(deps.config.locale).gettext(
            "I could not post the chart in this channel (`{error}`); invite me to it and ask again."
        )
        return text.format(error=exc.response.get("error", "error"))
    return None
