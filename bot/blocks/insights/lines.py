"""One-line mrkdwn summaries of the insights, shared by `/pulse` and the checklists' live data.

Every author name, network, hashtag and post text comes from outside and is escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.insights.activation import Contributor, MetricWeek
from bot.domain.insights.advocates import AdvocateWeek, AuthorProfile, Trend
from bot.domain.insights.campaigns import CampaignReport, Mood, Shape
from bot.domain.insights.rows import Post
from bot.domain.insights.share_of_voice import BrandShare
from bot.domain.insights.year_review import YearReview
from bot.escape import escape_plain, link, truncate
from bot.i18n import ENGLISH, N_, Translator

SPARKS = "▁▂▃▄▅▆▇█"
TRENDS = {
    Trend.QUIETER: N_("quieter"),
    Trend.USUAL: N_("as usual"),
    Trend.BUSIER: N_("busier"),
    Trend.NEW: N_("new"),
}
SHAPES = {
    Shape.SUSTAINED: N_("sustained"),
    Shape.BURST: N_("burst and fade"),
    Shape.EARLY: N_("too early to tell"),
}
MOODS = {
    Mood.ENJOYED: N_("people enjoy it"),
    Mood.MIXED: N_("mixed feelings"),
    Mood.DISLIKED: N_("people do not enjoy it"),
    Mood.QUIET: N_("too few mentions to tell"),
}
METRIC_NAMES = {
    "hashtags": N_("hashtags"),
    "links": N_("links"),
    "videos": N_("videos"),
}


def num(value: float, t: Translator = ENGLISH) -> str:
    return t.num(value)


def level(value: float, t: Translator = ENGLISH) -> str:
    """A usual level (a median may be a half)."""
    return t.num(value) if value == int(value) else t.num(value, 1)


def mentions(n: int, t: Translator = ENGLISH) -> str:
    """ "1 mention", "12 mentions"."""
    return t.ngettext("{n} mention", "{n} mentions", n).format(n=t.num(n))


def days(n: int, t: Translator = ENGLISH) -> str:
    return t.ngettext("{n} day", "{n} days", n).format(n=t.num(n))


def pct(ratio: float, t: Translator = ENGLISH) -> str:
    return t.pct(ratio)


def points(change: float | None, t: Translator = ENGLISH) -> str:
    """A change in percentage points, signed; "new" without a previous value."""
    if change is None:
        return t.gettext("new")
    if round(change) == 0:
        return t.gettext("±0 pp")
    return t.gettext("{value} pp").format(value=t.signed(change).replace("-", "−"))


def polarity(value: float, t: Translator = ENGLISH) -> str:
    return t.signed(value, 2).replace("-", "−")


def name(author: str, t: Translator = ENGLISH) -> str:
    """An author in bold, escaped (a name like `<!channel>` must not ping anyone)."""
    return f"*{escape_plain(truncate(author.strip() or t.gettext('unknown'), 60))}*"


def plain(text: str, limit: int = 60) -> str:
    return escape_plain(truncate(" ".join(text.split()), limit))


def day(moment: datetime, tz: ZoneInfo, t: Translator = ENGLISH) -> str:
    return t.date(moment.astimezone(tz), "date")


def post_ref(post: Post, limit: int = 80, t: Translator = ENGLISH) -> str:
    """A quoted snippet of a post, with a link when it has one."""
    quote = f"“{plain(post.text, limit)}”" if post.text.strip() else t.gettext("(no text)")
    return f"{quote} {link(post.url, t.pgettext('link', 'open'))}" if post.url else quote


def networks(profile: AuthorProfile, t: Translator = ENGLISH) -> str:
    return ", ".join(f"{plain(source, 30)} {t.num(n)}" for source, n in profile.networks[:4])


def hour(value: int | None, t: Translator = ENGLISH) -> str:
    if value is None:
        return ""
    return t.gettext("usually ~{time}").format(time=t.clock(value))


def author_line(p: AuthorProfile, tz: ZoneInfo, t: Translator = ENGLISH) -> str:
    """Who, how much, which way, where and when."""
    _ = t.gettext
    s = p.totals
    parts = [
        _("{name} · {mentions} ({positive} positive, {negative} negative), mean {mean}").format(
            name=name(s.author, t),
            mentions=mentions(s.mentions, t),
            positive=t.num(s.positive),
            negative=t.num(s.negative),
            mean=polarity(s.mean_polarity, t),
        ),
        _("reach {n}").format(n=t.num(s.reach)),
    ]
    if p.networks:
        parts.append(_("on {networks}").format(networks=networks(p, t)))
    if p.usual_hour is not None:
        parts.append(hour(p.usual_hour, t))
    if p.first_seen is not None:
        parts.append(_("first seen {day}").format(day=day(p.first_seen, tz, t)))
    return " · ".join(parts)


def author_brief(p: AuthorProfile, t: Translator = ENGLISH) -> str:
    """A short form for the daily checklist: name, networks, usual hour, count."""
    where = " " + t.gettext("on {networks}").format(networks=networks(p, t)) if p.networks else ""
    when = f", {hour(p.usual_hour, t)}" if p.usual_hour is not None else ""
    return f"{name(p.totals.author, t)}{where}{when} ({mentions(p.totals.mentions, t)})"


def new_since(days: int | None, t: Translator = ENGLISH) -> str:
    """Cold start said plainly: no usual level yet, and how much data there is."""
    if days is None:
        return t.gettext("new")
    return t.ngettext("new — {n} day of data so far", "new — {n} days of data so far", days).format(
        n=t.num(days)
    )


def advocacy_line(week: AdvocateWeek, days: int | None = None, t: Translator = ENGLISH) -> str:
    _ = t.gettext
    if week.trend is Trend.NEW:
        line = _("{name}: {n} this week ({new})").format(
            name=name(week.author, t), n=t.num(week.this_week), new=new_since(days, t)
        )
        if week.top_post:
            line += " · " + _("top post: {post}").format(post=post_ref(week.top_post, 60, t))
        return line
    word = _(TRENDS[week.trend])
    trend = f"*{word}*" if week.trend is not Trend.USUAL else word
    line = _("{name}: {n} this week vs usual {usual}").format(
        name=name(week.author, t), n=t.num(week.this_week), usual=level(week.usual_week, t)
    )
    line += f" ({trend})"
    if week.top_post:
        line += " · " + _("top post: {post}").format(post=post_ref(week.top_post, 60, t))
    return line


def contributor(c: Contributor, t: Translator = ENGLISH) -> str:
    if c.kind == "hashtag":
        return f"#{plain(c.value, 40)}"
    if c.kind == "link":
        bare = c.value.split("://", 1)[-1]
        return link(c.value, truncate(bare, 40))
    return t.gettext("author {name}").format(name=name(c.value, t))


def metric_name(metric: str, t: Translator = ENGLISH) -> str:
    """ "Hashtags", "Links", "Videos", or "Northwind Coffee hashtags" (the brand's own)."""
    if metric in METRIC_NAMES:
        text = t.gettext(METRIC_NAMES[metric])
    elif metric.endswith(" hashtags"):
        brand = plain(metric.removesuffix(" hashtags"), 40)
        text = t.gettext("{brand} hashtags").format(brand=brand)
    else:
        text = plain(metric, 40)
    return text[:1].upper() + text[1:]


def metric_line(m: MetricWeek, days: int | None = None, t: Translator = ENGLISH) -> str:
    _ = t.gettext
    if not m.weeks:  # no earlier week with data: nothing to compare with, never zeros
        return _("{metric}: {n} this week ({new})").format(
            metric=metric_name(m.metric, t), n=t.num(m.this_week), new=new_since(days, t)
        )
    change = ""
    if m.change is not None:
        change = " (" + t.pct(m.change, 0).replace("-", "−") + ")"
        change = change if m.change < 0 else change.replace("(", "(+", 1)
    line = _("{metric}: {n} this week vs usual {usual}").format(
        metric=metric_name(m.metric, t), n=t.num(m.this_week), usual=level(m.usual_week, t)
    )
    line += change
    if m.rise:
        line += " — " + _("*unusual rise*")
        if m.top is not None:
            line += ", " + _("{share} from {source}").format(
                share=t.pct(m.top_share), source=contributor(m.top, t)
            )
    return line


def top_post_line(rank: int, post: Post, t: Translator = ENGLISH) -> str:
    return t.gettext(
        "{rank}. {name} on {network} · {engagement} engagement · reach {reach} — {post}"
    ).format(
        rank=rank,
        name=name(post.author, t),
        network=plain(post.source, 30),
        engagement=t.num(post.engagement),
        reach=t.num(post.reach),
        post=post_ref(post, t=t),
    )


def share_line(b: BrandShare, t: Translator = ENGLISH) -> str:
    _ = t.gettext
    you = " " + _("(you)") if b.own else ""
    reach_change = (
        None if b.previous_reach_share is None else (b.reach_share - b.previous_reach_share) * 100
    )
    return _(
        "{name}{you} {share} of mentions ({change}) · {reach} of reach ({reach_change}) · "
        "{mentions}"
    ).format(
        name=name(b.brand, t),
        you=you,
        share=t.pct(b.share),
        change=points(b.change_points, t),
        reach=t.pct(b.reach_share),
        reach_change=points(reach_change, t),
        mentions=mentions(b.mentions, t),
    )


def sparkline(values: Sequence[int], width: int = 28) -> str:
    """A curve in block characters, days summed into at most `width` steps."""
    if not values:
        return ""
    step = -(-len(values) // width)
    sums = [sum(values[i : i + step]) for i in range(0, len(values), step)]
    top = max(sums) or 1
    return "".join(SPARKS[round(v / top * (len(SPARKS) - 1))] for v in sums)


def curve_line(r: CampaignReport, t: Translator = ENGLISH) -> str:
    _ = t.gettext
    s = r.shape
    head = f"{name(r.name, t)}: *{_(SHAPES[s.shape])}* {sparkline(r.daily)}"
    if s.shape is Shape.EARLY:
        return (
            head
            + " · "
            + _("{mentions} in {days}").format(mentions=mentions(s.total, t), days=days(s.days, t))
        )
    fade = (
        _("half-life {days}").format(days=days(s.half_life_days, t))
        if s.half_life_days
        else _("never fell to half")
    )
    return (
        head
        + " · "
        + _(
            "{front} of its volume in the first 20% of its {days} days, last third at {tail} of an "
            "average day · peak {peak} on {day}, {fade} · {mentions}"
        ).format(
            front=t.pct(s.front_share),
            days=s.days,
            tail=t.pct(s.tail_level),
            peak=t.num(s.peak),
            day=t.date(r.peak_day, "day_month"),
            fade=fade,
            mentions=mentions(s.total, t),
        )
    )


def mood_line(r: CampaignReport, t: Translator = ENGLISH) -> str:
    s = r.totals
    return t.gettext(
        "{name}: *{mood}* · {positive} positive, {negative} negative, mean {mean} over {mentions}"
    ).format(
        name=name(r.name, t),
        mood=t.gettext(MOODS[r.mood]),
        positive=t.pct(s.share(s.positive)),
        negative=t.pct(s.share(s.negative)),
        mean=polarity(s.mean_polarity, t),
        mentions=mentions(s.mentions, t),
    )


def year_lines(review: YearReview, t: Translator = ENGLISH) -> list[str]:
    """The year in a few lines: volume and mood, busiest month, share, advocates, top post."""
    _ = t.gettext
    s = review.totals
    if not s.mentions:
        return [_("No mentions stored for {label} yet.").format(label=plain(review.label))]
    lines = [
        _("{label}: {mentions} · {positive} positive, {negative} negative, mean {mean}").format(
            label=plain(review.label),
            mentions=mentions(s.mentions, t),
            positive=t.pct(s.share(s.positive)),
            negative=t.pct(s.share(s.negative)),
            mean=polarity(s.mean_polarity, t),
        )
    ]
    busiest = review.busiest
    if busiest is not None:
        lines.append(
            _("Busiest month: {month} ({mentions})").format(
                month=t.date(busiest.month, "month_short"),
                mentions=mentions(busiest.totals.mentions, t),
            )
        )
    if review.brand and review.own_share is not None:
        lines.append(
            _("Share of voice of {brand}: {share}").format(
                brand=name(review.brand, t), share=t.pct(review.own_share)
            )
        )
    if review.advocates:
        names = ", ".join(name(a.author, t) for a in review.advocates)
        lines.append(_("Top advocates: {names}").format(names=names))
    if review.top_posts:
        top = top_post_line(1, review.top_posts[0], t).removeprefix("1. ")
        lines.append(_("Top post: {post}").format(post=top))
    return lines
