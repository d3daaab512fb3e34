"""Answers to `/pulse`: the insight for a rolling period ending now, as data (the handler renders
it and its chart), and the chart's upload."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk.errors import SlackApiError

from bot.charts.insights import Chart
from bot.config import VahtiConfig
from bot.db import session_scope
from bot.deps import Deps
from bot.domain.checklists.periods import Cadence, Calendar, period_containing
from bot.domain.insights.activation import MetricWeek
from bot.domain.insights.advocates import AuthorProfile, Side
from bot.domain.insights.args import PulseRequest
from bot.domain.insights.campaigns import CampaignReport
from bot.domain.insights.rows import Post
from bot.domain.insights.share_of_voice import ShareOfVoice
from bot.domain.insights.windows import Window, fiscal_label, month_windows, rolling
from bot.domain.insights.year_review import YearReview
from bot.i18n import N_, Translator, translator
from bot.services.insights import reports as insights
from bot.services.insights.reports import Scope

log = logging.getLogger(__name__)

PERIOD_LABELS = {1: N_("last 24 h"), 7: N_("last 7 days"), 30: N_("last 30 days")}
ACTIVATION_WEEKS = 5  # this week and four to take the usual week from


@dataclass(frozen=True)
class Authors:
    """The window's top advocates or detractors."""

    profiles: list[AuthorProfile]
    side: Side
    period: str
    brand: str | None


@dataclass(frozen=True)
class Campaigns:
    """Every configured campaign with complete days lately."""

    reports: list[CampaignReport]


@dataclass(frozen=True)
class Activation:
    """Last week's activation metrics against the usual week."""

    metrics: list[MetricWeek]
    period: str
    brand: str | None


@dataclass(frozen=True)
class TopContent:
    """The window's most engaging posts."""

    posts: list[Post]
    period: str
    brand: str | None


PulseAnswer = Authors | ShareOfVoice | Campaigns | Activation | TopContent | YearReview


def _t(scope: Scope) -> Translator:
    return translator(scope.config.locale)


def _label(scope: Scope, days: int) -> str:
    return _t(scope).gettext(PERIOD_LABELS[days])


def _window(scope: Scope, now: datetime, days: int) -> Window:
    return Window(now - timedelta(days=days), now, _label(scope, days))


def _authors(scope: Scope, request: PulseRequest, now: datetime) -> Authors:
    side = Side.ADVOCATE if request.topic == "advocates" else Side.DETRACTOR
    window = _window(scope, now, request.days)
    return Authors(insights.authors(scope, window, side), side, window.label, scope.brand)


def _sov(scope: Scope, request: PulseRequest, now: datetime) -> ShareOfVoice:
    previous, current = rolling(now, request.days, 2, _label(scope, request.days))
    before = _t(scope).gettext("the {n} days before").format(n=request.days)
    previous = Window(previous.start, previous.end, before)
    return insights.share(scope, previous, current)


def _campaigns(scope: Scope, _request: PulseRequest, now: datetime) -> Campaigns:
    return Campaigns(insights.campaigns(scope, now))


def _activation(scope: Scope, _request: PulseRequest, now: datetime) -> Activation:
    label = _label(scope, 7)
    weeks = rolling(now, 7, ACTIVATION_WEEKS, label)
    return Activation(insights.activation(scope, weeks), label, scope.brand)


def _top(scope: Scope, request: PulseRequest, now: datetime) -> TopContent:
    window = _window(scope, now, request.days)
    return TopContent(insights.top_content(scope, window), window.label, scope.brand)


def _year(scope: Scope, _request: PulseRequest, now: datetime) -> YearReview:
    label, months = fiscal_year_months(scope.config, now)
    return insights.year(scope, label, months)


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
    """What a parsed `/pulse` request asks for (not `help`, which the handler answers)."""
    with session_scope(deps.sessions) as session:
        scope = Scope(session, team_id, deps.config)
        return ANSWERS[request.topic](scope, request, deps.clock.now())


def share_chart(deps: Deps, channel: str, chart: Chart) -> str | None:
    """Upload the chart to the channel; on failure, Slack's error code for the person who asked."""
    try:
        deps.gateway.upload_file(channel, chart.filename, chart.png, chart.title)
    except SlackApiError as exc:
        log.info("pulse chart not uploaded", extra={"error": exc.response.get("error")})
        return str(exc.response.get("error", "error"))
    return None
