"""Block Kit answers of `/pulse`: value in, `(blocks, fallback_text)` out."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.blocks.common import MAX_SECTION_TEXT, Block, context, divider, header, section
from bot.blocks.insights import lines
from bot.domain.insights.activation import MetricWeek
from bot.domain.insights.advocates import DEFAULT_RULES, AdvocateRules, AuthorProfile, Side
from bot.domain.insights.campaigns import CampaignReport
from bot.domain.insights.rows import Post
from bot.domain.insights.share_of_voice import ShareOfVoice
from bot.domain.insights.year_review import MonthRow, YearReview
from bot.escape import escape_plain

Message = tuple[list[Block], str]

SOV_RULE = (
    "Each brand's part of all brand mentions (a mention naming two brands counts for both) and "
    "of their reach; changes in percentage points against {previous}."
)
CAMPAIGN_RULE = (
    "Burst and fade: the first 20% of its life holds half of its volume, or its last third runs "
    "under 40% of an average day. Sustained: otherwise. Complete days only."
)
ACTIVATION_RULE = (
    "Usual = the median of the previous weeks. An unusual rise is 1.5× usual and at least 5 more; "
    "for each rise, the share of the week from its single largest source."
)


def sections(texts: Sequence[str], limit: int = MAX_SECTION_TEXT - 100) -> list[Block]:
    """Lines packed into as few sections as Slack's text limit allows."""
    out: list[Block] = []
    chunk = ""
    for text in texts:
        if chunk and len(chunk) + len(text) + 1 > limit:
            out.append(section(chunk))
            chunk = ""
        chunk = f"{chunk}\n{text}" if chunk else text
    if chunk:
        out.append(section(chunk))
    return out


def side_rule(side: Side, tz: ZoneInfo, rules: AdvocateRules = DEFAULT_RULES) -> str:
    """How advocates (or detractors) are picked and ranked, in words."""
    who, lean, other = ("Advocates", "positive", "negative")
    if side is Side.DETRACTOR:
        who, lean, other = ("Detractors", "negative", "positive")
    return (
        f"{who}: at least {rules.min_mentions} mentions in the period, at least "
        f"{rules.min_share:.0%} of them {lean} and more {lean} than {other}. Ranked by {lean} "
        f"mentions × reach tier (the number of digits of their largest reach). Hours are in "
        f"{tz.key}."
    )


def _message(title: str, rule: str, body: Sequence[str], empty: str) -> Message:
    blocks = [header(title), context([rule]), *(sections(body) if body else [section(empty)])]
    return blocks[:50], title


def _about(brand: str | None) -> str:
    return f" of {brand}" if brand else ""


def authors_message(
    profiles: Sequence[AuthorProfile], side: Side, period: str, tz: ZoneInfo, brand: str | None
) -> Message:
    """Top advocates or detractors: a section each, with their top post under it."""
    who = "Advocates" if side is Side.ADVOCATE else "Detractors"
    title = f"{who}{_about(brand)} · {period}"
    blocks = [header(title), context([side_rule(side, tz)])]
    for rank, p in enumerate(profiles[:15], start=1):
        text = f"{rank}. {lines.author_line(p, tz)}"
        if p.top_post is not None:
            text += f"\nTop post: {lines.post_ref(p.top_post, 160)}"
        blocks.append(section(text))
    if not profiles:
        blocks.append(section(f"No {who.lower()} found for {period}."))
    blocks.append(
        context(["Someone loud on one network may be silent on another: compare their networks."])
    )
    return blocks, title


def sov_message(sov: ShareOfVoice) -> Message:
    """Share of voice per brand with bars."""
    title = f"Share of voice · {sov.label}"
    rule = SOV_RULE.format(previous=escape_plain(sov.previous_label))
    body = [f"{lines.share_line(b)}" for b in sov.brands if b.mentions or b.previous_mentions]
    body += [f"{lines.num(sov.total)} brand mentions ({lines.num(sov.previous_total)} before)."]
    if not sov.total and not sov.previous_total:
        body = []
    return _message(title, rule, body, "No brand mentions in these periods yet.")


def campaigns_message(reports: Sequence[CampaignReport]) -> Message:
    """Each campaign's curve and shape, then whether people enjoy it."""
    blocks = [header("Campaigns"), context([CAMPAIGN_RULE])]
    for r in reports:
        state = "running" if r.running else "ended"
        days = f"{r.first_day:%d %b} – {r.last_day:%d %b %Y}, {state}"
        blocks.append(section(f"{lines.curve_line(r)}\n{lines.mood_line(r)}\n_{days}_"))
    if not reports:
        blocks.append(
            section(
                "No campaign with complete days in the last 90 days. Add them under "
                "`campaigns:` in the configuration (name, hashtags, keywords, start, end)."
            )
        )
    return blocks[:50], "Campaigns"


def activation_message(metrics: Sequence[MetricWeek], period: str, brand: str | None) -> Message:
    return _message(
        f"Activation{_about(brand)} · {period}",
        ACTIVATION_RULE,
        [lines.metric_line(m) for m in metrics],
        "No activation data yet.",
    )


def top_message(posts: Sequence[Post], period: str, brand: str | None) -> Message:
    return _message(
        f"Top content{_about(brand)} · {period}",
        "The posts with the most engagement (likes, shares and comments), then reach.",
        [lines.top_post_line(i, p) for i, p in enumerate(posts, start=1)],
        f"No mentions in {period}.",
    )


def _month_line(m: MonthRow) -> str:
    line = f"{m.month:%b %Y}: {lines.count(m.totals.mentions, 'mention')}, "
    line += f"mean {lines.polarity(m.totals.mean_polarity)}"
    if m.own_share is not None:
        line += f", share of voice {lines.pct(m.own_share)}"
    return line + (f", top advocate {lines.name(m.top_author)}" if m.top_author else "")


def year_message(review: YearReview) -> Message:
    """The fiscal year so far, month by month."""
    quiet = [m for m in review.months if not m.totals.mentions]
    months = [_month_line(m) for m in review.months if m.totals.mentions]
    if quiet:
        months.append(f"No mentions in {', '.join(f'{m.month:%b}' for m in quiet)}.")
    blocks = [
        header(f"Year in review · {review.label}"),
        *sections(lines.year_lines(review)),
        divider(),
        *sections(months),
        context(["Share it with other departments: `vahti export year` writes it as CSV."]),
    ]
    return blocks[:50], f"Year in review · {review.label}"
