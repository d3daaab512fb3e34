"""KPI report builders: Block Kit for `/kpi`, plain text for `vahti kpi`, one-liners for checklists.

Pure: a `KpiSummary` in, blocks or text out. Every figure shows value so far, target (and what it
asks for by now when the period is not over), the typical figure by this point and the mark.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from bot.blocks.common import Block, actions, button, context, header, section
from bot.blocks.insights.lines import name, plain, post_ref
from bot.domain.insights.rows import Post
from bot.domain.kpi.figures import KpiSummary, MetricReport
from bot.domain.kpi.metrics import METRICS, TOLERANCE, Kind, Metric, Status
from bot.escape import escape_mrkdwn
from bot.ids import ActionId, BlockId, CallbackId

MARKS = {
    Status.AHEAD: ":large_green_circle:",
    Status.ON_TRACK: ":large_yellow_circle:",
    Status.BEHIND: ":red_circle:",
    Status.NO_TARGET: ":white_circle:",
    Status.NO_DATA: ":white_circle:",
}
NO_TARGETS_HINT = "No targets yet: set what a good day looks like with `/kpi set mentions 120`."


def fmt_value(metric: Metric, value: float | None) -> str:
    """A figure as people read it: shares in percent, counts with thousands separators."""
    if value is None:
        return "—"
    if METRICS[metric].kind is Kind.RATIO:
        return f"{value * 100:.0f}%"
    return f"{value:,.0f}" if float(value).is_integer() or abs(value) >= 100 else f"{value:,.1f}"


def fmt_gap(metric: Metric, gap: float | None) -> str:
    """The gap with its sign: percentage points for shares."""
    if gap is None:
        return ""
    if METRICS[metric].kind is Kind.RATIO:
        return f"{gap * 100:+.1f} pp"
    return f"{gap:+,.0f}" if abs(gap) >= 10 or float(gap).is_integer() else f"{gap:+,.1f}"


def _target_part(row: MetricReport) -> str:
    if row.target is None:
        return "no target"
    text = f"target {fmt_value(row.metric, row.target)}"
    if row.expected is not None and row.expected != row.target:
        text += f" ({fmt_value(row.metric, row.expected)} by now)"
    return text


def _mark(row: MetricReport) -> str:
    gap = fmt_gap(row.metric, row.gap)
    return f"{row.status.value} {gap}".strip()


def metric_line(row: MetricReport, mrkdwn: bool = True) -> str:
    """One metric on one line: value, target, typical, mark and gap."""
    label = METRICS[row.metric].label
    parts = [
        fmt_value(row.metric, row.value),
        _target_part(row),
        f"typical {fmt_value(row.metric, row.typical)}",
    ]
    if mrkdwn:
        return (
            escape_mrkdwn(f"*{label}* " + " · ".join(parts))
            + f" · {MARKS[row.status]} "
            + _mark(row)
        )
    return f"{label:<23} " + " · ".join(parts) + f" · {_mark(row)}"


def unmatched_line(report: KpiSummary) -> str | None:
    """Posts naming no brand are nobody's: said apart, so an import that missed shows."""
    n = report.unmatched
    if not n:
        return None
    return f"{n:,} post{'s' if n != 1 else ''} matched no brand (not counted as mentions)"


def _explainer(summary: KpiSummary) -> str:
    pct = f"{TOLERANCE * 100:.0f}%"
    track = f"On track = within ±{pct} of the target, pro-rated to now by a typical day's pace."
    if not summary.has_data:
        track = "Targets are judged once the period has data."
    if not summary.references:
        days = summary.days_of_data
        new = f"new — {days} day{'s' if days != 1 else ''} of data so far" if days else "new"
        return f"No typical yet ({new}): nothing earlier to compare with. {track}"
    return (
        f"Typical = median of {summary.basis} ({summary.references} with data) up to the same "
        f"time. {track}"
    )


def title(report: KpiSummary) -> str:
    """ "today", "this week", "this month", or the past period's name."""
    period = report.period
    if period.partial:
        return {"day": "today", "week": "this week", "month": "this month"}[period.kind]
    if period.kind == "day":
        return f"{period.start:%a %-d %b %Y}"
    week = period.start.isocalendar().week
    return f"week {week}" if period.kind == "week" else f"{period.start:%B %Y}"


def summary(report: KpiSummary) -> tuple[list[Block], str]:
    """The `/kpi` reply: header, one line per metric, how to read it, a log button."""
    heading = f"KPIs · {title(report)}"
    lines = [metric_line(row) for row in report.metrics]
    if (nobody := unmatched_line(report)) is not None:
        lines.append(escape_mrkdwn(nobody))
    blocks: list[Block] = [
        header(heading),
        context([escape_mrkdwn(report.period.label())]),
        section("\n".join(lines)),
        context(
            [_explainer(report)]
            + ([NO_TARGETS_HINT] if not any(r.target for r in report.metrics) else [])
        ),
        actions([button("Log a value", ActionId.KPI_LOG_OPEN, "log")]),
    ]
    fallback = f"{heading}: " + "; ".join(
        f"{METRICS[r.metric].label} {fmt_value(r.metric, r.value)}" for r in report.metrics
    )
    return blocks, fallback


def plain_text(report: KpiSummary) -> str:
    """The same report for a terminal."""
    lines = [f"KPIs: {report.period.label()}", ""]
    lines += [metric_line(row, mrkdwn=False) for row in report.metrics]
    if (nobody := unmatched_line(report)) is not None:
        lines.append(nobody)
    lines += ["", _explainer(report).replace("`", "")]
    return "\n".join(lines)


def checklist_lines(report: KpiSummary) -> list[str]:
    """Escaped one-liners for a checklist item or App Home; metrics with nothing to say left out."""
    if not report.has_data and not report.references:  # nothing now, nothing to compare with
        label = escape_mrkdwn(report.period.label())
        return [f"No data for {label} yet: targets are judged once it has some."]
    rows = [r for r in report.metrics if r.value is not None or r.target is not None]
    nobody = unmatched_line(report)
    lines = [not_logged_line(r) if _unlogged(r) else metric_line(r) for r in rows]
    return lines + ([escape_mrkdwn(nobody)] if nobody else [])


def _unlogged(row: MetricReport) -> bool:
    return METRICS[row.metric].kind is Kind.MANUAL and row.value is None


def log_command(metric: Metric) -> str:
    """The command that logs a day's value of `metric`, with an example figure."""
    return f"`/kpi log {metric.value} 42`"


def not_logged_line(row: MetricReport) -> str:
    """A manual metric with no value yet: said so, never shown as 0 (no history is not zero)."""
    label = escape_mrkdwn(METRICS[row.metric].label)
    return f"*{label}* not logged yet · {_target_part(row)} · log it with {log_command(row.metric)}"


def log_nudge(missing: Sequence[Metric]) -> str:
    """The end-of-day reminder naming the manual KPIs with no value logged today."""
    names = ", ".join(f"*{escape_mrkdwn(METRICS[m].label)}*" for m in missing)
    how = " or ".join(log_command(m) for m in missing)
    return (
        f"Not logged today: {names}. Log today's figure with {how}, "
        "or the *Log a value* button on `/kpi`."
    )


def purchase_lines(posts: Sequence[Post], tz: ZoneInfo, shown: int) -> list[str]:
    """Posts asking to buy, newest first, each with who, where, when and a link to answer it."""
    if not posts:
        return ["No posts asking to buy since yesterday morning."]
    lines = [
        f"{name(p.author)} on {plain(p.source, 30)} {p.created_at.astimezone(tz):%a %H:%M}: "
        + post_ref(p, 100)
        for p in posts[:shown]
    ]
    if len(posts) > shown:
        lines.append("…and more: `vahti export mentions` lists them all.")
    return lines


def log_modal(metrics: list[Metric], today: str) -> dict[str, Any]:
    """The modal that logs a day's value: metric, value, date (defaults to today)."""
    options = [
        {"text": {"type": "plain_text", "text": METRICS[m].label}, "value": m.value}
        for m in metrics
    ]

    def field(block_id: BlockId, label: str, element: dict[str, Any]) -> Block:
        element = {**element, "action_id": block_id.value}
        return {
            "type": "input",
            "block_id": block_id,
            "label": {"type": "plain_text", "text": label},
            "element": element,
        }

    return {
        "type": "modal",
        "callback_id": CallbackId.KPI_LOG,
        "title": {"type": "plain_text", "text": "Log a KPI value"},
        "submit": {"type": "plain_text", "text": "Log"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            field(BlockId.KPI_METRIC, "Metric", {"type": "static_select", "options": options}),
            field(
                BlockId.KPI_VALUE,
                "Value",
                {
                    "type": "plain_text_input",
                    "placeholder": {"type": "plain_text", "text": "e.g. 42"},
                },
            ),
            field(BlockId.KPI_DATE, "Day", {"type": "datepicker", "initial_date": today}),
        ],
    }
