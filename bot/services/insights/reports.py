"""Insight use cases: run the insight queries for some windows and hand the rows to the domain.

Shared by `/pulse`, the checklists' live data and the CSV exports, so each answers alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session

from bot.config import Campaign, VahtiConfig
from bot.domain.insights import campaigns as camp
from bot.domain.insights.activation import MetricWeek, metric_week
from bot.domain.insights.advocates import (
    DEFAULT_RULES,
    AdvocateWeek,
    AuthorProfile,
    Side,
    advocate_week,
    profile,
    rank,
)
from bot.domain.insights.rows import AuthorTotals, Post, Totals
from bot.domain.insights.share_of_voice import BrandCounts, ShareOfVoice, share_of_voice
from bot.domain.insights.windows import Window
from bot.domain.insights.year_review import MonthRow, YearReview, sum_totals, year_review
from bot.domain.mentions.roles import BrandRoles, Role
from bot.domain.mentions.roles import share_of_voice as share_of_voice_of
from bot.domain.time import local_midnight
from models.insights import counts
from models.insights import people as repo
from models.sql.windows import span

RULES = DEFAULT_RULES
CAMPAIGN_LOOKBACK_DAYS = 90
MAX_CAMPAIGNS = 10


@dataclass(frozen=True)
class Scope:
    """Which workspace, with what configuration."""

    session: Session
    team_id: str
    config: VahtiConfig

    @property
    def brand(self) -> str | None:
        """The team's own brand: people, posts and activation are about its mentions."""
        return self.config.brand.name if self.config.brand else None

    def share_of_voice(self, rows: list[BrandCounts], index: int) -> float | None:
        """The brand's share of voice in window `index` of the rows (`roles.share_of_voice`)."""
        roles = self.roles()
        of = {
            role: sum(r.mentions[index] for r in rows if roles.role(r.brand) is role)
            for role in (Role.BRAND, Role.COMPETITOR)
        }
        return share_of_voice_of(of[Role.BRAND], of[Role.COMPETITOR])

    def roles(self) -> BrandRoles:
        """Whose each post is, from the configuration."""
        return BrandRoles.of(self.brand, (c.name for c in self.config.competitors))

    def tracked(self, rows: list[BrandCounts]) -> list[BrandCounts]:
        """The brand's and its competitors' rows: share of voice is of these alone, so a brand
        declared by a source but not configured never dilutes it (`bot.domain.mentions.roles`)."""
        roles = self.roles()
        return [r for r in rows if roles.role(r.brand) in (Role.BRAND, Role.COMPETITOR)]


def authors(scope: Scope, window: Window, side: Side, limit: int = 10) -> list[AuthorProfile]:
    """The window's top advocates or detractors with networks, usual hour and top post."""
    return authors_by_side(scope, window, [side], limit)[side]


def authors_by_side(
    scope: Scope, window: Window, sides: Sequence[Side], limit: int = 10
) -> dict[Side, list[AuthorProfile]]:
    """`authors` of several sides, their details read together (an author is on one side at
    most: more of one leaning than of the other)."""
    ranked = {
        side: rank(
            repo.author_totals(
                session=scope.session,
                team_id=scope.team_id,
                window=window,
                side=side,
                rules=RULES,
                limit=limit,
                brand=scope.brand,
            ),
            side,
            RULES,
            limit,
        )
        for side in sides
    }
    details = repo.author_details(
        session=scope.session,
        team_id=scope.team_id,
        window=window,
        authors=list(dict.fromkeys(a.author for found in ranked.values() for a in found)),
        brand=scope.brand,
    )
    return {
        side: [profile(a, side, details.get(a.author), scope.config.tz) for a in found]
        for side, found in ranked.items()
    }


def advocacy(scope: Scope, weeks: list[Window], limit: int = 5) -> list[AdvocateWeek]:
    """The advocates of the whole span, each one's last week against their usual week."""
    s, team, brand = scope.session, scope.team_id, scope.brand
    found = repo.author_totals(
        session=s,
        team_id=team,
        window=span(weeks),
        side=Side.ADVOCATE,
        rules=RULES,
        limit=limit,
        brand=brand,
    )
    names = [a.author for a in rank(found, Side.ADVOCATE, RULES, limit)]
    per_week = repo.author_window_counts(
        session=s, team_id=team, windows=weeks, authors=names, brand=brand
    )
    best = repo.top_posts_by_author(
        session=s, team_id=team, window=weeks[-1], authors=names, brand=brand
    )
    return [advocate_week(name, per_week[name], best.get(name)) for name in names]


def activation(scope: Scope, weeks: list[Window]) -> list[MetricWeek]:
    """Hashtags, the brand's own hashtags, links and videos: last week against the usual one."""
    s, team, week, own = scope.session, scope.team_id, weeks[-1], scope.brand
    out = []
    for metric, kind in (("hashtags", "hashtag"), ("links", "link")):
        series = counts.tag_counts(session=s, team_id=team, kind=kind, windows=weeks, brand=own)
        top = counts.tag_contributors(session=s, team_id=team, kind=kind, window=week, brand=own)
        out.append(metric_week(metric, series, top))
    brand = scope.config.brand
    own_tags = [t.lstrip("#").lower() for t in brand.hashtags] if brand else []
    if brand and own_tags:
        series = counts.tag_counts(
            session=s, team_id=team, kind="hashtag", windows=weeks, values=own_tags
        )
        top = counts.tag_contributors(
            session=s, team_id=team, kind="hashtag", window=week, values=own_tags
        )
        out.insert(1, metric_week(f"{brand.name} hashtags", series, top))
    videos = counts.video_counts(session=s, team_id=team, windows=weeks, brand=own)
    top_video = counts.video_contributors(session=s, team_id=team, window=week, brand=own)
    out.append(metric_week("videos", videos, top_video))
    return out


def share(scope: Scope, previous: Window, current: Window) -> ShareOfVoice:
    """Share of voice per brand in `current` against `previous`."""
    rows = scope.tracked(
        counts.brand_counts(
            session=scope.session, team_id=scope.team_id, windows=[previous, current]
        )
    )
    tracked = [b.name for b in scope.config.brands()]
    own = scope.config.brand.name if scope.config.brand else None
    return share_of_voice(rows, tracked, own, (previous.label, current.label))


def top_content(scope: Scope, window: Window, limit: int = 5) -> list[Post]:
    """The window's most engaging posts."""
    return repo.top_posts(
        session=scope.session,
        team_id=scope.team_id,
        window=window,
        limit=limit,
        brand=scope.brand,
    )


def _campaign_window(campaign: Campaign, today: date) -> tuple[date, date] | None:
    """The local days to query for a campaign still worth showing, [first, end)."""
    lookback = today - timedelta(days=CAMPAIGN_LOOKBACK_DAYS)
    if campaign.end is not None and campaign.end < lookback:
        return None
    if campaign.start is not None and campaign.start >= today:
        return None
    first = campaign.start or lookback
    end = min(campaign.end + timedelta(days=1), today) if campaign.end else today
    return (first, end) if end > first else None


def campaign(scope: Scope, campaign: Campaign, now: datetime) -> camp.CampaignReport | None:
    """A campaign's curve, shape and sentiment over its complete days so far."""
    tz = scope.config.tz
    today = now.astimezone(tz).date()
    days = _campaign_window(campaign, today)
    if days is None:
        return None
    window = Window(local_midnight(days[0], tz), local_midnight(days[1], tz), campaign.name)
    hours = counts.campaign_hours(
        session=scope.session,
        team_id=scope.team_id,
        window=window,
        hashtags=campaign.hashtags,
        keywords=campaign.keywords,
    )
    first_mention = min((h.astimezone(tz).date() for h, _ in hours), default=None)
    life = camp.life(campaign.start, campaign.end, first_mention, today)
    if life is None:
        return None
    daily = camp.daily_counts(((h, t.mentions) for h, t in hours), life[0], life[1], tz)
    inside = [t for h, t in hours if life[0] <= h.astimezone(tz).date() <= life[1]]
    totals = sum_totals(inside)
    running = campaign.end is None or campaign.end >= today
    return camp.CampaignReport(
        campaign.name,
        life[0],
        life[1],
        running,
        tuple(daily),
        camp.classify(daily),
        totals,
        camp.mood(totals),
    )


def campaigns(scope: Scope, now: datetime) -> list[camp.CampaignReport]:
    """Every configured campaign with complete days in the last 90 days."""
    reports = (campaign(scope, c, now) for c in scope.config.campaigns)
    return [r for r in reports if r is not None][:MAX_CAMPAIGNS]


def _month_row(
    scope: Scope, month: Window, totals: Totals, share: float | None, details: bool
) -> MonthRow:
    """A month's figures; its top advocate and post when asked for and it has mentions."""
    s, team, own = scope.session, scope.team_id, scope.brand
    best: list[AuthorTotals] = []
    post: list[Post] = []
    if details and totals.mentions:
        best = repo.author_totals(
            session=s,
            team_id=team,
            window=month,
            side=Side.ADVOCATE,
            rules=RULES,
            limit=1,
            brand=own,
        )
        post = repo.top_posts(session=s, team_id=team, window=month, limit=1, brand=own)
    return MonthRow(
        month.start.astimezone(scope.config.tz).date(),
        totals,
        share if scope.config.competitors else None,
        best[0].author if best else None,
        post[0] if post else None,
    )


def year(scope: Scope, label: str, months: list[Window], details: bool = True) -> YearReview:
    """Per month totals and share of voice (with `details`, each month's top advocate and post
    too, two more queries a month); the year's best advocates and posts."""
    s, team, own = scope.session, scope.team_id, scope.brand
    totals = counts.window_totals(session=s, team_id=team, windows=months, brand=own)
    brands = scope.tracked(
        counts.brand_counts(session=s, team_id=team, windows=months, reach=False)
    )
    rows = [
        _month_row(scope, month, month_totals, scope.share_of_voice(brands, i), details)
        for i, (month, month_totals) in enumerate(zip(months, totals, strict=True))
    ]
    whole = span(months)
    advocates = repo.author_totals(
        session=s, team_id=team, window=whole, side=Side.ADVOCATE, rules=RULES, limit=5, brand=own
    )
    posts = repo.top_posts(session=s, team_id=team, window=whole, limit=5, brand=own)
    year_rows = [BrandCounts(b.brand, (sum(b.mentions),), (sum(b.reach),)) for b in brands]
    own_share = scope.share_of_voice(year_rows, 0) if scope.config.competitors else None
    return year_review(label, own, rows, advocates, posts, own_share)
