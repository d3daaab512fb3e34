"""Crisis-watch live data for the checklists: crisis_check, volume_today, jump_sources, year_notes.

Each reads through the checklist's session and returns escaped mrkdwn lines (built in
`bot.blocks.crisis.lines`). "Today" and "this week" are the checklist's own period in the
team's time zone, so an old checklist shows its own day.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.blocks.crisis.lines import (
    BrandToday,
    NegativePost,
    crisis_check_lines,
    jump_lines,
    volume_lines,
    year_lines,
)
from bot.domain.crisis.harm import worst_first
from bot.domain.insights.windows import weeks_before
from bot.domain.kpi.metrics import period_of
from bot.domain.time import local_midnight
from bot.i18n import translator
from bot.live.context import LiveContext
from bot.live.kpi import kpi_data
from bot.services.crisis.summaries import views
from bot.services.kpi.reports import mentions_by_now, roles_of
from models.crisis import incidents as alert_repo
from models.crisis.counts import most_negative

NEGATIVE_SHOWN = 3
NEGATIVE_POOL = 200  # the widest-reaching negative posts ranked for harm


def _span(ctx: LiveContext) -> tuple[datetime, datetime]:
    """The checklist period in UTC, cut at local midnights."""
    tz = ctx.config.tz
    return local_midnight(ctx.period_start, tz), local_midnight(ctx.period_end, tz)


def crisis_check(ctx: LiveContext) -> list[str]:
    """Open incidents and the brand's most harmful negative mentions since yesterday's start."""
    active = alert_repo.active(session=ctx.session, team_id=ctx.team_id)
    open_views = views(ctx.session, active, ctx.config.tz, timeline=False)
    today = ctx.now.astimezone(ctx.config.tz).date()
    since = local_midnight(today - timedelta(days=1), ctx.config.tz)
    own = ctx.config.brand.name if ctx.config.brand else None
    found = most_negative(
        session=ctx.session, team_id=ctx.team_id, brand=own, since=since, limit=NEGATIVE_POOL
    )
    ranked = worst_first([(m.text, m.polarity, m.reach) for m in found], limit=NEGATIVE_SHOWN)
    posts = [
        NegativePost(m.author, m.text, m.url, m.source, m.reach) for m in (found[i] for i in ranked)
    ]
    return crisis_check_lines(open_views, posts, translator(ctx.config.locale))


def volume_today(ctx: LiveContext) -> list[str]:
    """Each brand today so far against a typical day by the same hour; today's rises and falls."""
    tz = ctx.config.tz
    start = local_midnight(ctx.period_start, tz)
    end = local_midnight(ctx.period_start + timedelta(days=1), tz)
    until = min(ctx.now, end)
    if until <= start:
        return []
    period = period_of("day", ctx.period_start, until, tz)
    data = kpi_data(ctx, period)
    rows = [
        BrandToday(m.brand, m.so_far, m.typical)
        for m in (
            mentions_by_now(data[roles_of(ctx.config, b.name)], period, b.name)
            for b in ctx.config.brands()
        )
    ]
    found = alert_repo.started_between(
        session=ctx.session, team_id=ctx.team_id, start=start, end=end
    )
    today = views(ctx.session, found, tz, timeline=False)
    return volume_lines(rows, until, tz, today, translator(ctx.config.locale))


def jump_sources(ctx: LiveContext) -> list[str]:
    """For each jump of the completed week before the checklist's (the week the items above it
    look at), the share of its rise from the largest single source."""
    t = translator(ctx.config.locale)
    week = weeks_before(ctx.period_start, 1, ctx.config.tz, t)[0]
    found = alert_repo.started_between(
        session=ctx.session, team_id=ctx.team_id, start=week.start, end=week.end
    )
    shown = views(ctx.session, list(reversed(found)), ctx.config.tz, timeline=False)
    return jump_lines(shown, week.label, t)


def year_notes(ctx: LiveContext) -> list[str]:
    """The year's incidents by kind and outcome, for the yearly review (timelines are kept)."""
    start, end = _span(ctx)
    found = alert_repo.started_between(
        session=ctx.session, team_id=ctx.team_id, start=start, end=end
    )
    found_views = views(ctx.session, list(reversed(found)), ctx.config.tz, timeline=False)
    return year_lines(found_views, translator(ctx.config.locale))
