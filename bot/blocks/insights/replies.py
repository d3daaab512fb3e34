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
from bot.i18n import ENGLISH, N_, Translator

Message = tuple[list[Block], str]

SOV_RULE = N_(
    "Each brand's part of all brand mentions (a mention naming two brands counts for both) and "
    "of their reach; changes in percentage points against {previous}."
)
CAMPAIGN_RULE = N_(
    "Burst and fade: the first 20% of its life holds half of its volume, or its last third runs "
    "under 40% of an average day. Sustained: otherwise. Complete days only."
)
ACTIVATION_RULE = N_(
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


def side_rule(
    side: Side, tz: ZoneInfo, rules: AdvocateRules = DEFAULT_RULES, t: Translator = ENGLISH
) -> str:
    """How advocates (or detractors) are picked and ranked, in words."""
    text = (
        N_(
            "Advocates: at least {n} mentions in the period, at least {share} of them positive "
            "and more positive than negative. Ranked by positive mentions × reach tier (the "
            "number of digits of their largest reach). Hours are in {tz}."
        )
        if side is Side.ADVOCATE
        else N_(
            "Detractors: at least {n} mentions in the period, at least {share} of them negative "
            "and more negative than positive. Ranked by negative mentions × reach tier (the "
            "number of digits of their largest reach). Hours are in {tz}."
        )
    )
    return t.gettext(text).format(n=rules.min_mentions, share=t.pct(rules.min_share), tz=tz.key)


def _message(title: str, rule: str, body: Sequence[str], empty: str) -> Message:
    blocks = [header(title), context([rule]), *(sections(body) if body else [section(empty)])]
    return blocks[:50], title


def _about(title: str, brand: str | None, period: str, t: Translator) -> str:
    """ "Advocates of Northwind · last 7 days" (or without the brand)."""
    if brand:
        return t.gettext("{what} of {brand} · {period}").format(
            what=title, brand=brand, period=period
        )
    return f"{title} · {period}"


def authors_message(
    profiles: Sequence[AuthorProfile],
    side: Side,
    period: str,
    tz: ZoneInfo,
    brand: str | None,
    t: Translator = ENGLISH,
) -> Message:
    """Top advocates or detractors: a section each, with their top post under it."""
    _ = t.gettext
    who = _("Advocates") if side is Side.ADVOCATE else _("Detractors")
    title = _about(who, brand, period, t)
    blocks = [header(title), context([side_rule(side, tz, t=t)])]
    for rank, p in enumerate(profiles[:15], start=1):
        text = f"{rank}. {lines.author_line(p, tz, t)}"
        if p.top_post is not None:
            text += "\n" + _("Top post: {post}").format(post=lines.post_ref(p.top_post, 160, t))
        blocks.append(section(text))
    if not profiles:
        empty = (
            _("No advocates found for {period}.")
            if side is Side.ADVOCATE
            else _("No detractors found for {period}.")
        )
        blocks.append(section(empty.format(period=period)))
    blocks.append(
        context(
            [_("Someone loud on one network may be silent on another: compare their networks.")]
        )
    )
    return blocks, title


def sov_message(sov: ShareOfVoice, t: Translator = ENGLISH) -> Message:
    """Share of voice per brand with bars."""
    _ = t.gettext
    title = _("Share of voice · {period}").format(period=sov.label)
    rule = _(SOV_RULE).format(previous=escape_plain(sov.previous_label))
    body = [lines.share_line(b, t) for b in sov.brands if b.mentions or b.previous_mentions]
    body += [
        _("{n} brand mentions ({before} before).").format(
            n=t.num(sov.total), before=t.num(sov.previous_total)
        )
    ]
    if not sov.total and not sov.previous_total:
        body = []
    return _message(title, rule, body, _("No brand mentions in these periods yet."))


def campaigns_message(reports: Sequence[CampaignReport], t: Translator = ENGLISH) -> Message:
    """Each campaign's curve and shape, then whether people enjoy it."""
    _ = t.gettext
    blocks = [header(_("Campaigns")), context([_(CAMPAIGN_RULE)])]
    for r in reports:
        state = _("running") if r.running else _("ended")
        first, last = t.date(r.first_day, "date_padded"), t.date(r.last_day, "date")
        days = f"{first} – {last}, {state}"
        blocks.append(section(f"{lines.curve_line(r, t)}\n{lines.mood_line(r, t)}\n_{days}_"))
    if not reports:
        blocks.append(
            section(
                _(
                    "No campaign with complete days in the last 90 days. Add them under "
                    "`campaigns:` in the configuration (name, hashtags, keywords, start, end)."
                )
            )
        )
    return blocks[:50], _("Campaigns")


def activation_message(
    metrics: Sequence[MetricWeek], period: str, brand: str | None, t: Translator = ENGLISH
) -> Message:
    _ = t.gettext
    return _message(
        _about(_("Activation"), brand, period, t),
        _(ACTIVATION_RULE),
        [lines.metric_line(m, t=t) for m in metrics],
        _("No activation data yet."),
    )


def top_message(
    posts: Sequence[Post], period: str, brand: str | None, t: Translator = ENGLISH
) -> Message:
    _ = t.gettext
    return _message(
        _about(_("Top content"), brand, period, t),
        _("The posts with the most engagement (likes, shares and comments), then reach."),
        [lines.top_post_line(i, p, t) for i, p in enumerate(posts, start=1)],
        _("No mentions in {period}.").format(period=period),
    )


def _month_line(m: MonthRow, t: Translator) -> str:
    _ = t.gettext
    line = f"{t.date(m.month, 'month_short')}: {lines.mentions(m.totals.mentions, t)}, "
    line += _("mean {mean}").format(mean=lines.polarity(m.totals.mean_polarity, t))
    if m.own_share is not None:
        line += ", " + _("share of voice {share}").format(share=t.pct(m.own_share))
    if m.top_author:
        line += ", " + _("top advocate {name}").format(name=lines.name(m.top_author, t))
    return line


def year_message(review: YearReview, t: Translator = ENGLISH) -> Message:
    """The fiscal year so far, month by month."""
    _ = t.gettext
    quiet = [m for m in review.months if not m.totals.mentions]
    months = [_month_line(m, t) for m in review.months if m.totals.mentions]
    if quiet:
        names = ", ".join(t.date(m.month, "month_name") for m in quiet)
        months.append(_("No mentions in {months}.").format(months=names))
    title = _("Year in review · {label}").format(label=review.label)
    blocks = [
        header(title),
        *sections(lines.year_lines(review, t)),
        divider(),
        *sections(months),
        context([_("Share it with other departments: `vahti export year` writes it as CSV.")]),
    ]
    return blocks[:50], title
