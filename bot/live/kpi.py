"""KPI lines for the daily checklist and App Home (`kpi_today`) and monthly review (`kpi_month`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from bot.blocks.kpi import checklist_lines, purchase_lines
from bot.domain.insights.rows import Post
from bot.domain.kpi.figures import compute
from bot.domain.kpi.metrics import KpiPeriod, PeriodKind, period_of
from bot.domain.kpi.totals import KpiData
from bot.domain.mentions.purchase_intent import PURCHASE
from bot.domain.mentions.roles import BrandRoles
from bot.domain.time import local_midnight
from bot.i18n import N_, translator
from bot.live.context import LiveContext
from bot.services.kpi.reports import brand_roles, every_brand_data
from models.kpi import rollups as kpi_repo

NO_DATA = N_("No KPI figures yet: mentions and `/kpi set` targets fill this in.")


def kpi_data(ctx: LiveContext, period: KpiPeriod) -> Mapping[BrandRoles, KpiData]:
    """Every tracked brand's KPI data of `period` (`every_brand_data`), read once per context."""
    return ctx.shared(
        ("kpi", period),
        lambda: every_brand_data(ctx.session, ctx.team_id, ctx.config, period),
    )


def _lines(ctx: LiveContext, kind: PeriodKind, day: date) -> list[str]:
    period = period_of(kind, day, ctx.now, ctx.config.tz)
    if period.as_of <= period.start_utc:  # a period that has not begun yet has no figures
        return []
    t = translator(ctx.config.locale)
    summary = compute(kpi_data(ctx, period)[brand_roles(ctx.config)], period)  # as summary_in
    lines = checklist_lines(summary, t)
    return lines or [t.gettext(NO_DATA)]


def kpi_today(ctx: LiveContext) -> list[str]:
    """Each metric of the checklist's day: so far, target, typical by now, mark."""
    return _lines(ctx, "day", ctx.period_start)


PURCHASES_SHOWN = 10


def purchase_opportunities(ctx: LiveContext) -> list[str]:
    """Posts asking to buy since the start of yesterday (so the morning list has the evening
    before), newest first with links, so someone can answer them today."""
    tz = ctx.config.tz
    start = local_midnight(ctx.period_start - timedelta(days=1), tz)
    end = min(ctx.now, local_midnight(ctx.period_start + timedelta(days=1), tz))
    found = kpi_repo.intent_posts(
        session=ctx.session,
        team_id=ctx.team_id,
        start=start,
        end=end,
        roles=brand_roles(ctx.config),
        intent=PURCHASE,
        limit=PURCHASES_SHOWN + 1,
    )
    posts = [
        Post(m.author, m.source, m.created_at, m.text, m.url, m.engagement, m.reach, m.polarity)
        for m in found
    ]
    return purchase_lines(posts, tz, PURCHASES_SHOWN, translator(ctx.config.locale))


def kpi_month(ctx: LiveContext) -> list[str]:
    """The month before the checklist's against its targets: the monthly review looks back, as
    its share-of-voice and campaign items do, since the new month has barely begun."""
    return _lines(ctx, "month", ctx.period_start - timedelta(days=1))
