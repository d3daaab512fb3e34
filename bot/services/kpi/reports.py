"""KPI use cases: reports from the roll-ups, targets, manual logs and the week/month chart.

Reports read only the hourly roll-ups, manual logs and targets of the period and its reference
periods (a few thousand small rows), never the mentions, so they answer as fast with a million
mentions stored as with a thousand.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.blocks import kpi as kpi_blocks
from bot.config import VahtiConfig
from bot.db import session_scope
from bot.deps import Deps
from bot.domain.kpi.figures import (
    KpiSummary,
    compute,
    needs_every_day,
    reference_spans,
    references,
    typical,
)
from bot.domain.kpi.metrics import (
    KpiPeriod,
    Metric,
    TargetChange,
    Targets,
    normalise_target,
)
from bot.domain.kpi.series import MetricSeries, series
from bot.domain.kpi.totals import HourTotals, KpiData, build_data, window_values
from bot.domain.mentions.purchase_intent import PURCHASE
from bot.domain.mentions.roles import BrandRoles
from bot.domain.time import local_midnight
from bot.i18n import translator
from models.kpi import rollups as kpi_repo
from models.kpi import targets as kpi_target_repo
from models.kpi.tables import KpiLog

log = logging.getLogger(__name__)


def _metric(name: str) -> Metric | None:
    try:
        return Metric(name)
    except ValueError:
        return None


def load_targets(session: Session, team_id: str, config: VahtiConfig) -> Targets:
    """`/kpi set` history plus vahti.yml `kpi_targets` (used when no set target is in force)."""
    changes = tuple(
        TargetChange(m, t.value, t.valid_from)
        for t in kpi_target_repo.targets(session=session, team_id=team_id)
        if (m := _metric(t.metric)) is not None
    )
    defaults = tuple(
        (m, normalise_target(m, float(v)))
        for name, v in config.kpi_targets.items()
        if (m := _metric(name)) is not None
    )
    return Targets(changes, defaults)


def brand_roles(config: VahtiConfig) -> BrandRoles:
    """The configured brand and competitors: whose each post is, for every figure."""
    return BrandRoles.of(
        config.brand.name if config.brand else None, (c.name for c in config.competitors)
    )


def load_data(
    session: Session,
    team_id: str,
    config: VahtiConfig,
    spans: list[tuple[date, date]],
    roles: BrandRoles | None = None,
) -> KpiData:
    """Hourly totals of the local-day spans [start, end), their logs and the targets (the
    brand's figures, or those of `roles`' brand when given)."""
    tz = config.tz
    roles = roles or brand_roles(config)
    utc_spans = [(local_midnight(a, tz), local_midnight(b, tz)) for a, b in spans]
    rows = kpi_repo.hour_totals(session=session, team_id=team_id, roles=roles, spans=utc_spans)
    purchase = kpi_repo.intent_hours(
        session=session, team_id=team_id, spans=utc_spans, roles=roles, intent=PURCHASE
    )
    rows = [(*row, purchase.get(int(row[0]), 0)) for row in rows]
    first, last = min(a for a, _ in spans), max(b for _, b in spans)
    logs = {
        (m, entry.day): entry.value
        for entry in kpi_target_repo.logs(session=session, team_id=team_id, start=first, end=last)
        if (m := _metric(entry.metric)) is not None
    }
    targets = load_targets(session, team_id, config)
    begins = kpi_repo.first_hour(session=session, team_id=team_id)
    totals = HourTotals.from_rows(rows)
    return build_data(totals, logs, targets, tz, bool(roles.competitors), begins)


def data_for(
    session: Session,
    team_id: str,
    config: VahtiConfig,
    period: KpiPeriod,
    roles: BrandRoles | None = None,
) -> KpiData:
    """What a report on `period` reads: the period and its reference periods only."""
    data = load_data(session, team_id, config, reference_spans(period), roles)
    if needs_every_day(data, period):  # too few same weekdays: read every recent day
        data = load_data(session, team_id, config, reference_spans(period, every_day=True), roles)
    return data


@dataclass(frozen=True)
class MentionsByNow:
    """A brand's mentions in a period so far and a typical period's by the same local time."""

    brand: str
    so_far: int
    typical: float | None
    references: int  # reference periods with data behind `typical`


def mentions_by_now(
    session: Session, team_id: str, config: VahtiConfig, period: KpiPeriod, brand: str
) -> MentionsByNow:
    """Any tracked brand's mentions against typical, by the KPI report's own definitions (so the
    checklist's volume line and its KPI line never disagree)."""
    others = [b.name for b in config.brands() if b.name.lower() != brand.lower()]
    data = data_for(session, team_id, config, period, BrandRoles.of(brand, others))
    refs, _ = references(data, period)
    so_far = window_values(data, period.start, period.as_of)[Metric.MENTIONS] or 0.0
    return MentionsByNow(brand, round(so_far), typical(data, refs)[Metric.MENTIONS], len(refs))


def summary_in(
    session: Session, team_id: str, config: VahtiConfig, period: KpiPeriod
) -> KpiSummary:
    """The report on `period` within an open session (checklist items, App Home)."""
    return compute(data_for(session, team_id, config, period), period)


def report(deps: Deps, period: KpiPeriod) -> KpiSummary:
    """The report on `period` for the workspace."""
    with session_scope(deps.sessions) as session:
        return summary_in(session, deps.team_id, deps.config, period)


def chart_series(deps: Deps, period: KpiPeriod) -> list[MetricSeries]:
    """Day-by-day series of a week or month for the chart."""
    with session_scope(deps.sessions) as session:
        data = data_for(session, deps.team_id, deps.config, period)
    return series(data, period, references(data, period)[0])


def set_target(deps: Deps, metric: Metric, value: float, user: str | None) -> bool:
    """A new target from now on; False when that value is already in force."""
    with session_scope(deps.sessions) as session:
        return kpi_target_repo.set_target(
            session=session,
            team_id=deps.team_id,
            metric=metric.value,
            value=value,
            now=deps.clock.now(),
            user=user,
        )


@dataclass(frozen=True)
class ManualValue:
    """A day's value of a loggable metric, and who or what logged it."""

    metric: Metric
    value: float
    day: date
    source: str
    by: str | None = None

    def row(self, team_id: str, now: datetime) -> KpiLog:
        return KpiLog(
            team_id=team_id,
            metric=self.metric.value,
            day=self.day,
            value=self.value,
            source=self.source,
            logged_by=self.by,
            logged_at=now,
        )


def log_value(deps: Deps, entry: ManualValue) -> bool:
    """Store a day's manual value (replacing that day's earlier one); False when unchanged."""
    with session_scope(deps.sessions) as session:
        return kpi_target_repo.log_value(
            session=session, log=entry.row(deps.team_id, deps.clock.now())
        )


def upload_chart(deps: Deps, period: KpiPeriod, channel: str) -> bool:
    """Render the week/month chart and upload it to `channel`; False when Slack refuses."""
    from bot.charts.kpi import render  # matplotlib loads on the first chart, not at start-up

    t = translator(deps.config.locale)
    title = t.gettext("KPIs · {period}").format(period=kpi_blocks.period_label(period, t))
    png = render(chart_series(deps, period), title, t)
    name = f"kpi-{period.kind}-{period.start:%Y-%m-%d}.png"
    try:
        deps.gateway.upload_file(channel, name, png, title)
    except SlackApiError as exc:  # e.g. not_in_channel: the text reply has already gone out
        log.warning("kpi chart upload failed", extra={"error": exc.response.get("error")})
        return False
    return True
