"""KPI use cases: reports from the roll-ups, targets, manual logs and the week/month chart.

Reports read only the hourly roll-ups, manual logs and targets of the period and its reference
periods (a few thousand small rows), never the mentions, so they answer as fast with a million
mentions stored as with a thousand.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from slack_sdk.errors import SlackApiError
from sqlmodel import Session

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
from bot.domain.kpi.hour_rows import BrandHourRow
from bot.domain.kpi.metrics import (
    KpiPeriod,
    Metric,
    TargetChange,
    Targets,
    normalise_target,
)
from bot.domain.kpi.series import MetricSeries, series
from bot.domain.kpi.totals import (
    HourTotals,
    KpiData,
    build_data,
    window_values,
)
from bot.domain.mentions.purchase_intent import PURCHASE
from bot.domain.mentions.roles import BrandRoles
from bot.domain.time import local_midnight
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


def roles_of(config: VahtiConfig, brand: str) -> BrandRoles:
    """Any tracked brand against every other tracked brand (the configured brand's own roles
    are `brand_roles`: the same value)."""
    others = [b.name for b in config.brands() if b.name.lower() != brand.lower()]
    return BrandRoles.of(brand, others)


@dataclass
class _Read:
    """What a set of local-day spans holds: roll-up rows and each brand's purchase posts."""

    rows: list[BrandHourRow]
    purchase: list[dict[int, int]]  # per `roles`, in order

    def __add__(self, other: _Read) -> _Read:  # spans read apart never share an hour
        merged = [a | b for a, b in zip(self.purchase, other.purchase, strict=True)]
        return _Read(self.rows + other.rows, merged)


def _read(
    session: Session,
    team_id: str,
    config: VahtiConfig,
    spans: list[tuple[date, date]],
    roles: Sequence[BrandRoles],
) -> _Read:
    tz = config.tz
    utc_spans = [(local_midnight(a, tz), local_midnight(b, tz)) for a, b in spans]
    rows = kpi_repo.brand_hours(session=session, team_id=team_id, spans=utc_spans)
    by_brand = (
        kpi_repo.intent_hours_by_brand(
            session=session, team_id=team_id, spans=utc_spans, intent=PURCHASE
        )
        if any(r.brand is not None for r in roles)
        else {}
    )
    purchase = [
        by_brand.get(r.brand, {})
        if r.brand is not None
        else kpi_repo.intent_hours(
            session=session, team_id=team_id, spans=utc_spans, roles=r, intent=PURCHASE
        )
        for r in roles
    ]
    return _Read(rows, purchase)


@dataclass(frozen=True)
class _Team:
    """The workspace's side of a report: manual logs of the days read, targets, data start."""

    logs: dict[tuple[Metric, date], float]
    targets: Targets
    begins: datetime | None

    @classmethod
    def read(
        cls, session: Session, team_id: str, config: VahtiConfig, spans: list[tuple[date, date]]
    ) -> _Team:
        first, last = min(a for a, _ in spans), max(b for _, b in spans)
        found = kpi_target_repo.logs(session=session, team_id=team_id, start=first, end=last)
        logs = {(m, e.day): e.value for e in found if (m := _metric(e.metric)) is not None}
        targets = load_targets(session, team_id, config)
        return cls(logs, targets, kpi_repo.first_hour(session=session, team_id=team_id))

    def data(self, config: VahtiConfig, roles: Sequence[BrandRoles], read: _Read) -> list[KpiData]:
        """Each brand's KpiData from one read."""
        return [
            build_data(
                HourTotals.from_brand_rows(read.rows, r, purchase),
                self.logs,
                self.targets,
                config.tz,
                bool(r.competitors),
                self.begins,
            )
            for r, purchase in zip(roles, read.purchase, strict=True)
        ]


def load_data(
    session: Session,
    team_id: str,
    config: VahtiConfig,
    spans: list[tuple[date, date]],
    roles: BrandRoles | None = None,
) -> KpiData:
    """Hourly totals of the local-day spans [start, end), their logs and the targets (the
    brand's figures, or those of `roles`' brand when given)."""
    brands = [roles or brand_roles(config)]
    team = _Team.read(session, team_id, config, spans)
    return team.data(config, brands, _read(session, team_id, config, spans, brands))[0]


def data_for_brands(
    session: Session,
    team_id: str,
    config: VahtiConfig,
    period: KpiPeriod,
    roles: Sequence[BrandRoles],
) -> list[KpiData]:
    """What reports on `period` read for each of several brands, in one read: the period and
    its reference periods only. A day with too few same weekdays of data reads every recent
    day too, adding only the days not read yet."""
    spans = reference_spans(period)
    read = _read(session, team_id, config, spans, roles)
    # The every-day days lie inside the first day to the end read already: the logs are read.
    team = _Team.read(session, team_id, config, spans)
    found = team.data(config, roles, read)
    if any(needs_every_day(data, period) for data in found):
        extra = [s for s in reference_spans(period, every_day=True) if s not in set(spans)]
        read += _read(session, team_id, config, extra, roles)
        found = team.data(config, roles, read)
    return found


def data_for(
    session: Session,
    team_id: str,
    config: VahtiConfig,
    period: KpiPeriod,
    roles: BrandRoles | None = None,
) -> KpiData:
    """What a report on `period` reads (the brand's, or `roles`' brand's)."""
    return data_for_brands(session, team_id, config, period, [roles or brand_roles(config)])[0]


def every_brand_data(
    session: Session, team_id: str, config: VahtiConfig, period: KpiPeriod
) -> dict[BrandRoles, KpiData]:
    """`data_for` of the configured brand and of each tracked brand against the others, read
    together (the checklist's KPI and volume lines of one day)."""
    roles = list(
        dict.fromkeys([brand_roles(config), *(roles_of(config, b.name) for b in config.brands())])
    )
    return dict(zip(roles, data_for_brands(session, team_id, config, period, roles), strict=True))


@dataclass(frozen=True)
class MentionsByNow:
    """A brand's mentions in a period so far and a typical period's by the same local time."""

    brand: str
    so_far: int
    typical: float | None
    references: int  # reference periods with data behind `typical`


def mentions_by_now(data: KpiData, period: KpiPeriod, brand: str) -> MentionsByNow:
    """Any tracked brand's mentions against typical (`data` read with `roles_of` the brand), by
    the KPI report's own definitions, so the checklist's volume line and its KPI line never
    disagree."""
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


def upload_chart(deps: Deps, channel: str, name: str, png: bytes, title: str) -> bool:
    """Upload a rendered chart to `channel`; False when Slack refuses."""
    try:
        deps.gateway.upload_file(channel, name, png, title)
    except SlackApiError as exc:  # e.g. not_in_channel: the text reply has already gone out
        log.warning("kpi chart upload failed", extra={"error": exc.response.get("error")})
        return False
    return True
