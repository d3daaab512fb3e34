"""KPI report builders: Block Kit for `/kpi`, plain text for `vahti kpi`, one-liners for checklists.

Pure: a `KpiSummary` in, blocks or text out. Every figure shows value so far, target (and what it
asks for by now when the period is not over), the typical figure by this point and the mark.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.blocks.common import Block, actions, button, context, header, section
from bot.blocks.insights.lines import name, plain, post_ref
from bot.domain.insights.rows import Post
from bot.domain.kpi.figures import KpiSummary, MetricReport
from bot.domain.kpi.metrics import METRICS, TOLERANCE, Kind, KpiPeriod, Metric, Status
from bot.escape import escape_mrkdwn
from bot.i18n import ENGLISH, N_, Translator
from bot.ids import ActionId, BlockId, CallbackId

MARKS = {
    Status.AHEAD: ":large_green_circle:",
    Status.ON_TRACK: ":large_yellow_circle:",
    Status.BEHIND: ":red_circle:",
    Status.NO_TARGET: ":white_circle:",
    Status.NO_DATA: ":white_circle:",
}
STATUS_WORDS = {
    Status.AHEAD: N_("ahead"),
    Status.ON_TRACK: N_("on track"),
    Status.BEHIND: N_("behind"),
    Status.NO_TARGET: N_("no target"),
    Status.NO_DATA: N_("no data"),
}
NO_TARGETS_HINT = N_("No targets yet: set what a good day looks like with `/kpi set mentions 120`.")


def label(metric: Metric, t: Translator = ENGLISH) -> str:
    """The metric's name in the locale."""
    return t.gettext(METRICS[metric].label)


def fmt_value(metric: Metric, value: float | None, t: Translator = ENGLISH) -> str:
    """A figure as people read it: shares in percent, counts with thousands separators."""
    if value is None:
        return "—"
    if METRICS[metric].kind is Kind.RATIO:
        return t.pct(value)
    whole = float(value).is_integer() or abs(value) >= 100
    return t.num(value) if whole else t.num(value, 1)


def fmt_gap(metric: Metric, gap: float | None, t: Translator = ENGLISH) -> str:
    """The gap with its sign: percentage points for shares."""
    if gap is None:
        return ""
    if METRICS[metric].kind is Kind.RATIO:
        return t.gettext("{value} pp").format(value=t.signed(gap * 100, 1))
    whole = abs(gap) >= 10 or float(gap).is_integer()
    return t.signed(gap) if whole else t.signed(gap, 1)


def _target_part(row: MetricReport, t: Translator) -> str:
    _ = t.gettext
    if row.target is None:
        return _("no target")
    text = _("target {value}").format(value=fmt_value(row.metric, row.target, t))
    if row.expected is not None and row.expected != row.target:
        text += " " + _("({value} by now)").format(value=fmt_value(row.metric, row.expected, t))
    return text


def _mark(row: MetricReport, t: Translator) -> str:
    gap = fmt_gap(row.metric, row.gap, t)
    return f"{t.gettext(STATUS_WORDS[row.status])} {gap}".strip()


def metric_line(row: MetricReport, mrkdwn: bool = True, t: Translator = ENGLISH) -> str:
    """One metric on one line: value, target, typical, mark and gap."""
    metric_name = label(row.metric, t)
    parts = [
        fmt_value(row.metric, row.value, t),
        _target_part(row, t),
        t.gettext("typical {value}").format(value=fmt_value(row.metric, row.typical, t)),
    ]
    if mrkdwn:
        return (
            escape_mrkdwn(f"*{metric_name}* " + " · ".join(parts))
            + f" · {MARKS[row.status]} "
            + _mark(row, t)
        )
    return f"{metric_name:<23} " + " · ".join(parts) + f" · {_mark(row, t)}"


def unmatched_line(report: KpiSummary, t: Translator = ENGLISH) -> str | None:
    """Posts naming no brand are nobody's: said apart, so an import that missed shows."""
    n = report.unmatched
    if not n:
        return None
    text = t.ngettext(
        "{n} post matched no brand (not counted as mentions)",
        "{n} posts matched no brand (not counted as mentions)",
        n,
    )
    return text.format(n=t.num(n))


def new_since(days: int | None, t: Translator = ENGLISH) -> str:
    """Cold start said plainly: "new — 9 days of data so far"."""
    if not days:
        return t.gettext("new")
    return t.ngettext("new — {n} day of data so far", "new — {n} days of data so far", days).format(
        n=t.num(days)
    )


def _explainer(summary: KpiSummary, t: Translator) -> str:
    _ = t.gettext
    track = _("On track = within ±{pct} of the target, pro-rated to now by a typical day's pace.")
    track = track.format(pct=t.pct(TOLERANCE))
    if not summary.has_data:
        track = _("Targets are judged once the period has data.")
    if not summary.references:
        new = new_since(summary.days_of_data, t)
        return _("No typical yet ({new}): nothing earlier to compare with. {track}").format(
            new=new, track=track
        )
    basis = _(summary.basis) if summary.basis else _("no history")
    return _("Typical = median of {basis} ({n} with data) up to the same time. {track}").format(
        basis=basis, n=summary.references, track=track
    )


def period_label(period: KpiPeriod, t: Translator = ENGLISH) -> str:
    """ "Wed 2 Dec 2026, until 10:00", "week 49 (30 Nov–6 Dec 2026)", "December 2026"."""
    _ = t.gettext
    if period.kind == "day":
        text = t.date(period.start, "day")
    elif period.kind == "week":
        last = period.end - timedelta(days=1)
        text = _("week {week} ({start}–{end})").format(
            week=period.start.isocalendar().week,
            start=t.date(period.start, "day_month"),
            end=t.date(last, "date"),
        )
    else:
        text = t.date(period.start, "month")
    if period.partial:
        until = t.date(period.as_of.astimezone(period.tz), "time")
        text += _(", until {time}").format(time=until)
    return text


def title(report: KpiSummary, t: Translator = ENGLISH) -> str:
    """ "today", "this week", "this month", or the past period's name."""
    _ = t.gettext
    period = report.period
    if period.partial:
        return {"day": _("today"), "week": _("this week"), "month": _("this month")}[period.kind]
    if period.kind == "day":
        return t.date(period.start, "day")
    week = period.start.isocalendar().week
    if period.kind == "week":
        return _("week {week}").format(week=week)
    return t.date(period.start, "month")


def summary(report: KpiSummary, t: Translator = ENGLISH) -> tuple[list[Block], str]:
    """The `/kpi` reply: header, one line per metric, how to read it, a log button."""
    _ = t.gettext
    heading = _("KPIs · {period}").format(period=title(report, t))
    lines = [metric_line(row, t=t) for row in report.metrics]
    if (nobody := unmatched_line(report, t)) is not None:
        lines.append(escape_mrkdwn(nobody))
    hint = [] if any(r.target for r in report.metrics) else [_(NO_TARGETS_HINT)]
    blocks: list[Block] = [
        header(heading),
        context([escape_mrkdwn(period_label(report.period, t))]),
        section("\n".join(lines)),
        context([_explainer(report, t), *hint]),
        actions([button(_("Log a value"), ActionId.KPI_LOG_OPEN, "log")]),
    ]
    fallback = f"{heading}: " + "; ".join(
        f"{label(r.metric, t)} {fmt_value(r.metric, r.value, t)}" for r in report.metrics
    )
    return blocks, fallback


def target_set_text(metric: Metric, value: float, changed: bool, t: Translator = ENGLISH) -> str:
    """The `/kpi set` reply: the new target, or that it was already in force."""
    _ = t.gettext
    name, shown = label(metric, t), fmt_value(metric, value, t)
    if METRICS[metric].kind is Kind.RATIO:
        text = (
            _("The *{metric}* target is now {value}, from now on; earlier days keep theirs.")
            if changed
            else _("The *{metric}* target is already {value}.")
        )
    else:
        text = (
            _("The *{metric}* target is now {value} a day, from now on; earlier days keep theirs.")
            if changed
            else _("The *{metric}* target is already {value} a day.")
        )
    return text.format(metric=name, value=shown)


def value_logged_text(
    metric: Metric, value: float, day: date, changed: bool, t: Translator = ENGLISH
) -> str:
    """The `/kpi log` reply: the value logged, or that the day already had it."""
    _ = t.gettext
    text = (
        _("Logged *{metric}* {value} for {day} (it replaces any earlier value that day).")
        if changed
        else _("*{metric}* for {day} is already {value}.")
    )
    shown = fmt_value(metric, value, t)
    return text.format(metric=label(metric, t), value=shown, day=t.date(day, "day"))


def plain_text(report: KpiSummary, t: Translator = ENGLISH) -> str:
    """The same report for a terminal."""
    lines = [t.gettext("KPIs: {period}").format(period=period_label(report.period, t)), ""]
    lines += [metric_line(row, mrkdwn=False, t=t) for row in report.metrics]
    if (nobody := unmatched_line(report, t)) is not None:
        lines.append(nobody)
    lines += ["", _explainer(report, t).replace("`", "")]
    return "\n".join(lines)


def checklist_lines(report: KpiSummary, t: Translator = ENGLISH) -> list[str]:
    """Escaped one-liners for a checklist item or App Home; metrics with nothing to say left out."""
    if not report.has_data and not report.references:  # nothing now, nothing to compare with
        shown = escape_mrkdwn(period_label(report.period, t))
        text = t.gettext("No data for {period} yet: targets are judged once it has some.")
        return [text.format(period=shown)]
    rows = [r for r in report.metrics if r.value is not None or r.target is not None]
    nobody = unmatched_line(report, t)
    lines = [not_logged_line(r, t) if _unlogged(r) else metric_line(r, t=t) for r in rows]
    return lines + ([escape_mrkdwn(nobody)] if nobody else [])


def _unlogged(row: MetricReport) -> bool:
    return METRICS[row.metric].kind is Kind.MANUAL and row.value is None


def log_command(metric: Metric) -> str:
    """The command that logs a day's value of `metric`, with an example figure."""
    return f"`/kpi log {metric.value} 42`"


def not_logged_line(row: MetricReport, t: Translator = ENGLISH) -> str:
    """A manual metric with no value yet: said so, never shown as 0 (no history is not zero)."""
    return t.gettext("*{metric}* not logged yet · {target} · log it with {command}").format(
        metric=escape_mrkdwn(label(row.metric, t)),
        target=_target_part(row, t),
        command=log_command(row.metric),
    )


def log_nudge(missing: Sequence[Metric], t: Translator = ENGLISH) -> str:
    """The end-of-day reminder naming the manual KPIs with no value logged today."""
    names = ", ".join(f"*{escape_mrkdwn(label(m, t))}*" for m in missing)
    how = f" {t.gettext('or')} ".join(log_command(m) for m in missing)
    return t.gettext(
        "Not logged today: {names}. Log today's figure with {how}, "
        "or the *Log a value* button on `/kpi`."
    ).format(names=names, how=how)


def purchase_lines(
    posts: Sequence[Post], tz: ZoneInfo, shown: int, t: Translator = ENGLISH
) -> list[str]:
    """Posts asking to buy, newest first, each with who, where, when and a link to answer it."""
    _ = t.gettext
    if not posts:
        return [_("No posts asking to buy since yesterday morning.")]
    lines = [
        _("{name} on {network} {when}: {post}").format(
            name=name(p.author, t),
            network=plain(p.source, 30),
            when=t.date(p.created_at.astimezone(tz), "weekday_time"),
            post=post_ref(p, 100, t),
        )
        for p in posts[:shown]
    ]
    if len(posts) > shown:
        lines.append(_("…and more: `vahti export mentions` lists them all."))
    return lines


def log_modal(metrics: list[Metric], today: str, t: Translator = ENGLISH) -> dict[str, Any]:
    """The modal that logs a day's value: metric, value, date (defaults to today)."""
    _ = t.gettext
    options = [
        {"text": {"type": "plain_text", "text": label(m, t)}, "value": m.value} for m in metrics
    ]

    def field(block_id: BlockId, text: str, element: dict[str, Any]) -> Block:
        element = {**element, "action_id": block_id.value}
        return {
            "type": "input",
            "block_id": block_id,
            "label": {"type": "plain_text", "text": text},
            "element": element,
        }

    return {
        "type": "modal",
        "callback_id": CallbackId.KPI_LOG,
        "title": {"type": "plain_text", "text": _("Log a KPI value")},
        "submit": {"type": "plain_text", "text": _("Log")},
        "close": {"type": "plain_text", "text": _("Cancel")},
        "blocks": [
            field(BlockId.KPI_METRIC, _("Metric"), {"type": "static_select", "options": options}),
            field(
                BlockId.KPI_VALUE,
                _("Value"),
                {
                    "type": "plain_text_input",
                    "placeholder": {"type": "plain_text", "text": _("e.g. 42")},
                },
            ),
            field(BlockId.KPI_DATE, _("Day"), {"type": "datepicker", "initial_date": today}),
        ],
    }
