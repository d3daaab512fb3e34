"""KPI lines for the daily checklist and App Home (`kpi_today`) and monthly review (`kpi_month`)."""

from __future__ import annotations

from datetime import date, timedelta

from bot.blocks.kpi import checklist_lines
from bot.domain.kpi.metrics import period_of
from bot.i18n import N_, translator
from bot.live.context import LiveContext
from bot.services.kpi.reports import summary_in

NO_DATA = N_("No KPI figures yet: mentions and `/kpi set` targets fill this in.")


def _lines(ctx: LiveContext, kind: str, day: date) -> list[str]:
    period = period_of(kind, day, ctx.now, ctx.config.tz)
    if period.as_of <= period.start_utc:  # a period that has not begun yet has no figures
        return []
    t = translator(ctx.config.locale)
    lines = checklist_lines(summary_in(ctx.session, ctx.team_id, ctx.config, period), t)
    return lines or [t.gettext(NO_DATA)]


def kpi_today(ctx: LiveContext) -> list[str]:
    """Each metric of the checklist's day: so far, target, typical by now, mark."""
    return _lines(ctx, "day", ctx.period_start)


def kpi_month(ctx: LiveContext) -> list[str]:
    """The month before the checklist's against its targets: the monthly review looks back, as
    its share-of-voice and campaign items do, since the new month has barely begun."""
    return _lines(ctx, "month", ctx.period_start - timedelta(days=1))
