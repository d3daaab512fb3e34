"""One-line mrkdwn summaries of the insights, shared by `/pulse` and the checklists' live data.

Every author name, network, hashtag and post text comes from outside and is escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.insights.activation import Contributor, MetricWeek
from bot.domain.insights.advocates import AdvocateWeek, AuthorProfile, Trend
from bot.domain.insights.campaigns import CampaignReport, Shape
from bot.domain.insights.rows import Post
from bot.domain.insights.share_of_voice import BrandShare
from bot.domain.insights.year_review import YearReview
from bot.escape import escape_plain, link, truncate

SPARKS = "▁▂▃▄▅▆▇█"


def num(value: float) -> str:
    return f"{value:,.0f}"


def level(value: float) -> str:
    """A usual level (a median may be a half)."""
    return num(value) if value == int(value) else f"{value:,.1f}"


def count(n: int, word: str) -> str:
    return f"{num(n)} {word}" + ("" if n == 1 else "s")


def pct(ratio: float) -> str:
    return f"{ratio * 100:.0f}%"


def points(change: float | None) -> str:
    """A change in percentage points, signed; "new" without a previous value."""
    if change is None:
        return "new"
    return "±0 pp" if round(change) == 0 else f"{change:+.0f} pp".replace("-", "−")


def polarity(value: float) -> str:
    return f"{value:+.2f}".replace("-", "−")


def name(author: str) -> str:
    """An author in bold, escaped (a name like `<!channel>` must not ping anyone)."""
    return f"*{escape_plain(truncate(author.strip() or 'unknown', 60))}*"


def plain(text: str, limit: int = 60) -> str:
    return escape_plain(truncate(" ".join(text.split()), limit))


def day(moment: datetime, tz: ZoneInfo) -> str:
    local = moment.astimezone(tz)
    return f"{local.day} {local:%b %Y}"


def post_ref(post: Post, limit: int = 80) -> str:
    """A quoted snippet of a post, with a link when it has one."""
    quote = f"“{plain(post.text, limit)}”" if post.text.strip() else "(no text)"
    return f"{quote} {link(post.url, 'open')}" if post.url else quote


def networks(profile: AuthorProfile) -> str:
    return ", ".join(f"{plain(source, 30)} {count}" for source, count in profile.networks[:4])


def hour(value: int | None) -> str:
    return "" if value is None else f"usually ~{value:02d}:00"


def author_line(p: AuthorProfile, tz: ZoneInfo) -> str:
    """Who, how much, which way, where and when."""
    t = p.totals
    parts = [
        f"{name(t.author)} · {count(t.mentions, 'mention')} ({t.positive} positive, "
        f"{t.negative} negative), "
        f"mean {polarity(t.mean_polarity)}",
        f"reach {num(t.reach)}",
    ]
    if p.networks:
        parts.append(f"on {networks(p)}")
    if p.usual_hour is not None:
        parts.append(hour(p.usual_hour))
    if p.first_seen is not None:
        parts.append(f"first seen {day(p.first_seen, tz)}")
    return " · ".join(parts)


def author_brief(p: AuthorProfile) -> str:
    """A short form for the daily checklist: name, networks, usual hour, count."""
    where = f" on {networks(p)}" if p.networks else ""
    when = f", {hour(p.usual_hour)}" if p.usual_hour is not None else ""
    return f"{name(p.totals.author)}{where}{when} ({count(p.totals.mentions, 'mention')})"


def new_since(days: int | None) -> str:
    """Cold start said plainly: no usual level yet, and how much data there is."""
    if days is None:
        return "new"
    return f"new — {count(days, 'day')} of data so far"


def advocacy_line(week: AdvocateWeek, days: int | None = None) -> str:
    if week.trend is Trend.NEW:
        line = f"{name(week.author)}: {week.this_week} this week ({new_since(days)})"
        return line + (f" · top post: {post_ref(week.top_post, 60)}" if week.top_post else "")
    trend = f"*{week.trend.value}*" if week.trend is not Trend.USUAL else week.trend.value
    line = f"{name(week.author)}: {week.this_week} this week vs usual {level(week.usual_week)}"
    line += f" ({trend})"
    return line + (f" · top post: {post_ref(week.top_post, 60)}" if week.top_post else "")


def contributor(c: Contributor) -> str:
    if c.kind == "hashtag":
        return f"#{plain(c.value, 40)}"
    if c.kind == "link":
        bare = c.value.split("://", 1)[-1]
        return link(c.value, truncate(bare, 40))
    return f"author {name(c.value)}"


def metric_line(m: MetricWeek, days: int | None = None) -> str:
    change = f" ({m.change:+.0%})".replace("-", "−") if m.change is not None else ""
    metric = plain(m.metric, 40)
    line = f"{metric[:1].upper()}{metric[1:]}: {num(m.this_week)} this week "
    if not m.weeks:  # no earlier week with data: nothing to compare with, never zeros
        return line + f"({new_since(days)})"
    line += "vs usual " + level(m.usual_week) + change
    if m.rise:
        line += " — *unusual rise*"
        if m.top is not None:
            line += f", {pct(m.top_share)} from {contributor(m.top)}"
    return line


def top_post_line(rank: int, post: Post) -> str:
    return (
        f"{rank}. {name(post.author)} on {plain(post.source, 30)} · {num(post.engagement)} "
        f"engagement · reach {num(post.reach)} — {post_ref(post)}"
    )


def share_line(b: BrandShare) -> str:
    you = " (you)" if b.own else ""
    reach_change = (
        None if b.previous_reach_share is None else (b.reach_share - b.previous_reach_share) * 100
    )
    return (
        f"{name(b.brand)}{you} {pct(b.share)} of mentions ({points(b.change_points)}) · "
        f"{pct(b.reach_share)} of reach ({points(reach_change)}) · {count(b.mentions, 'mention')}"
    )


def sparkline(values: Sequence[int], width: int = 28) -> str:
    """A curve in block characters, days summed into at most `width` steps."""
    if not values:
        return ""
    step = -(-len(values) // width)
    sums = [sum(values[i : i + step]) for i in range(0, len(values), step)]
    top = max(sums) or 1
    return "".join(SPARKS[round(v / top * (len(SPARKS) - 1))] for v in sums)


def curve_line(r: CampaignReport) -> str:
    s = r.shape
    head = f"{name(r.name)}: *{s.shape.value}* {sparkline(r.daily)}"
    if s.shape is Shape.EARLY:
        return f"{head} · {count(s.total, 'mention')} in {count(s.days, 'day')}"
    fade = (
        f"half-life {count(s.half_life_days, 'day')}" if s.half_life_days else "never fell to half"
    )
    return (
        f"{head} · {pct(s.front_share)} of its volume in the first 20% of its {s.days} days, "
        f"last third at {pct(s.tail_level)} of an average day · peak {num(s.peak)} on "
        f"{r.peak_day.day} {r.peak_day:%b}, {fade} · {count(s.total, 'mention')}"
    )


def mood_line(r: CampaignReport) -> str:
    t = r.totals
    return (
        f"{name(r.name)}: *{r.mood.value}* · {pct(t.share(t.positive))} positive, "
        f"{pct(t.share(t.negative))} negative, mean {polarity(t.mean_polarity)} "
        f"over {count(t.mentions, 'mention')}"
    )


def year_lines(review: YearReview) -> list[str]:
    """The year in a few lines: volume and mood, busiest month, share, advocates, top post."""
    t = review.totals
    if not t.mentions:
        return [f"No mentions stored for {plain(review.label)} yet."]
    lines = [
        f"{plain(review.label)}: {count(t.mentions, 'mention')} · {pct(t.share(t.positive))} "
        "positive, "
        f"{pct(t.share(t.negative))} negative, mean {polarity(t.mean_polarity)}"
    ]
    busiest = review.busiest
    if busiest is not None:
        lines.append(
            f"Busiest month: {busiest.month:%b %Y} ({count(busiest.totals.mentions, 'mention')})"
        )
    if review.brand and review.own_share is not None:
        lines.append(f"Share of voice of {name(review.brand)}: {pct(review.own_share)}")
    if review.advocates:
        lines.append("Top advocates: " + ", ".join(name(a.author) for a in review.advocates))
    if review.top_posts:
        lines.append("Top post: " + top_post_line(1, review.top_posts[0]).removeprefix("1. "))
    return lines
