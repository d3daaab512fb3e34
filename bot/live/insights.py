"""Live data for the insight items of the checklists: advocates, activation, top content, share of
voice, campaigns and the year in review.

Weekly items look at the full week before the checklist's week (posted on Monday, "this week"
is the one that just ended); monthly items at the month before; the daily one at the last 24 h.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from bot.blocks.insights import lines
from bot.domain.insights.advocates import Side
from bot.domain.insights.campaigns import CampaignReport
from bot.domain.insights.windows import (
    Window,
    days_of_data,
    fiscal_label,
    month_windows,
    months_before,
    weeks_before,
    with_data,
)
from bot.i18n import N_, Translator, translator
from bot.live.context import LiveContext
from bot.services.insights import reports as insights
from bot.services.insights.reports import Scope
from models.insights import counts

NO_CAMPAIGNS = N_("No campaigns in the last 90 days.")
SHOWN = 3
USUAL_WEEKS = 8
ACTIVATION_WEEKS = 4


def _scope(ctx: LiveContext) -> Scope:
    return Scope(ctx.session, ctx.team_id, ctx.config)


def _t(ctx: LiveContext) -> Translator:
    return translator(ctx.config.locale)


def advocates_24h(ctx: LiveContext) -> list[str]:
    """Top advocates and detractors of the last 24 h with their networks and usual hour."""
    t = _t(ctx)
    window = Window(ctx.now - timedelta(hours=24), ctx.now, t.gettext("last 24 h"))
    out = []
    words = {Side.ADVOCATE: N_("Advocate"), Side.DETRACTOR: N_("Detractor")}
    found = insights.authors_by_side(_scope(ctx), window, list(words), SHOWN)
    for side, word in words.items():
        out += [f"{t.gettext(word)} {lines.author_brief(p, t)}" for p in found[side]]
    empty = t.gettext("No advocates or detractors (2+ mentions leaning one way) in the last 24 h.")
    return out or [empty]


def _settled(
    ctx: LiveContext, name: str, windows: list[Window], compute: Callable[[], list[str]]
) -> list[str]:
    """`compute()`'s lines about completed `windows`, computed again only once a mention was
    stored in them or before the team's first one (which moves the weeks and days of data)."""
    stamp = (
        counts.mentions_stamp(session=ctx.session, team_id=ctx.team_id, windows=windows),
        _first(ctx),
    )
    return ctx.settled(name, stamp, compute)


def _first(ctx: LiveContext) -> datetime | None:
    """When the team's data begins, read once per context."""
    return ctx.shared(
        "first_mention", lambda: counts.first_mention_at(session=ctx.session, team_id=ctx.team_id)
    )


def _weeks(ctx: LiveContext, count: int) -> tuple[list[Window], int]:
    """The last `count` weeks before the checklist's that have data, and the days of data so far
    (cold start: earlier weeks are no history, and a usual week is never made of zeros)."""
    tz = ctx.config.tz
    first = _first(ctx)
    weeks = with_data(weeks_before(ctx.period_start, count, tz, _t(ctx)), first, tz)
    return weeks, days_of_data(first, weeks[-1].end, tz)


def advocates_week(ctx: LiveContext) -> list[str]:
    """Last week's count of each advocate against their usual week, with their top post."""
    t = _t(ctx)
    weeks, days = _weeks(ctx, USUAL_WEEKS + 1)

    def compute() -> list[str]:
        found = insights.advocacy(_scope(ctx), weeks, SHOWN)
        if not found:
            return [t.gettext("No advocates in {week}.").format(week=weeks[-1].label)]
        return [f"{weeks[-1].label}:", *(lines.advocacy_line(week, days, t) for week in found)]

    return _settled(ctx, "advocates_week", weeks, compute)


def activation_week(ctx: LiveContext) -> list[str]:
    """Hashtags, links and videos last week against the usual week; rises with their source."""
    t = _t(ctx)
    weeks, days = _weeks(ctx, ACTIVATION_WEEKS + 1)

    def compute() -> list[str]:
        found = insights.activation(_scope(ctx), weeks)
        return [f"{weeks[-1].label}:", *(lines.metric_line(m, days, t) for m in found)]

    return _settled(ctx, "activation_week", weeks, compute)


def top_content_week(ctx: LiveContext) -> list[str]:
    """Last week's most engaging posts."""
    t = _t(ctx)
    week = weeks_before(ctx.period_start, 1, ctx.config.tz, t)[0]

    def compute() -> list[str]:
        posts = insights.top_content(_scope(ctx), week, SHOWN)
        if not posts:
            return [t.gettext("No mentions in {week}.").format(week=week.label)]
        ranked = (lines.top_post_line(i, p, t) for i, p in enumerate(posts, start=1))
        return [f"{week.label}:", *ranked]

    return _settled(ctx, "top_content_week", [week], compute)


def share_of_voice(ctx: LiveContext) -> list[str]:
    """Last month's share of voice per brand, month over month."""
    t = _t(ctx)
    previous, last = months_before(ctx.period_start, 2, ctx.config.tz, t)

    def compute() -> list[str]:
        sov = insights.share(_scope(ctx), previous, last)
        if not sov.total:
            return [t.gettext("No brand mentions in {month}.").format(month=last.label)]
        shown = [b for b in sov.brands if b.mentions or b.previous_mentions]
        head = t.gettext("{month} vs {previous}:").format(month=last.label, previous=previous.label)
        return [head, *(lines.share_line(b, t) for b in shown)]

    return _settled(ctx, "share_of_voice", [previous, last], compute)


def _campaigns(ctx: LiveContext) -> list[CampaignReport]:
    """The campaigns' reports, read once for the curve and the mood lines of one render."""
    return ctx.shared("campaigns", lambda: insights.campaigns(_scope(ctx), ctx.now))


def campaign_curves(ctx: LiveContext) -> list[str]:
    """Each campaign's daily curve and its shape (sustained or burst and fade)."""
    t = _t(ctx)
    reports = _campaigns(ctx)
    return [lines.curve_line(r, t) for r in reports] or [t.gettext(NO_CAMPAIGNS)]


def campaign_sentiment(ctx: LiveContext) -> list[str]:
    """Whether people enjoy each campaign."""
    t = _t(ctx)
    reports = _campaigns(ctx)
    return [lines.mood_line(r, t) for r in reports] or [t.gettext(NO_CAMPAIGNS)]


def year_in_review(ctx: LiveContext) -> list[str]:
    """The fiscal year so far: volume, mood, busiest month, share of voice, advocates, top post."""
    tz, t = ctx.config.tz, _t(ctx)
    until = min(ctx.period_end, ctx.now.astimezone(tz).date() + timedelta(days=1))
    months = month_windows(ctx.period_start, until, tz, t)
    label = fiscal_label(ctx.period_end, t)
    # The lines show no month's top advocate or post: skip those 24 queries on every render.
    return lines.year_lines(insights.year(_scope(ctx), label, months, details=False), t)


def year_export(ctx: LiveContext) -> list[str]:
    """How to get the year as CSV for other departments."""
    last = ctx.period_end - timedelta(days=1)
    text = _t(ctx).gettext(
        "Share the year as CSV, one row per month: "
        "`vahti export year --since {since} --until {until}` "
        "(advocates and detractors: `vahti export authors --since {since}`)."
    )
    return [text.format(since=ctx.period_start, until=last)]
