"""`/pulse` charts: share of voice bars and campaign curves, as PNG bytes.

Drawn on a `Figure` with the Agg canvas directly (no pyplot global state), so rendering is safe
in a web worker thread. Brand and campaign names are drawn as plain text: nothing is parsed.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.blocks.insights.lines import SHAPES
from bot.domain.insights.campaigns import CampaignReport
from bot.domain.insights.share_of_voice import ShareOfVoice
from bot.i18n import ENGLISH, Translator

BLUE, GREY = "#1264a3", "#b0b0b0"
MAX_LABEL = 24


@dataclass(frozen=True)
class Chart:
    """A rendered chart ready to upload."""

    filename: str
    title: str
    png: bytes


def _label(text: str, limit: int = MAX_LABEL) -> str:
    text = " ".join(text.split())
    # A `$` pair would switch matplotlib into math mode; show it literally instead.
    text = text.replace("$", r"\$")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _day(day: date, t: Translator) -> str:
    return t.date(day, "day_month")


def offset_end(report: CampaignReport, base: date) -> int:
    """The x position of a campaign's last day, counted from `base`."""
    return (report.first_day - base).days + max(0, len(report.daily) - 1)


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def sov_chart(sov: ShareOfVoice, t: Translator = ENGLISH) -> Chart:
    """Bars of each brand's share of mentions: previous period beside the current one."""
    _ = t.gettext
    brands = [b for b in sov.brands if b.mentions or b.previous_mentions][:12]
    figure = Figure(figsize=(max(5.0, 1.1 * len(brands) + 2), 3.6), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    xs = list(range(len(brands)))
    width = 0.38
    previous = [100 * (b.previous_share or 0.0) for b in brands]
    current = [100 * b.share for b in brands]
    axes.bar(
        [x - width / 2 for x in xs], previous, width, color=GREY, label=_label(sov.previous_label)
    )
    bars = axes.bar(
        [x + width / 2 for x in xs], current, width, color=BLUE, label=_label(sov.label)
    )
    axes.bar_label(bars, labels=[t.pct(v / 100) for v in current], fontsize=8)
    you = " " + _("(you)")
    axes.set_xticks(xs, [_label(b.brand) + (you if b.own else "") for b in brands], fontsize=8)
    axes.set_ylabel(_("share of brand mentions, %"))
    axes.set_ylim(0, max([*current, *previous, 1.0]) * 1.2)
    axes.legend(fontsize=8)
    title = _("Share of voice · {period}").format(period=sov.label)
    axes.set_title(_label(title, 80))
    return Chart("share-of-voice.png", title, _png(figure))


def campaign_chart(reports: Sequence[CampaignReport], t: Translator = ENGLISH) -> Chart:
    """Each campaign's daily mentions over its life, on one date axis."""
    _ = t.gettext
    figure = Figure(figsize=(7.5, 3.8), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    if reports:
        base = min(r.first_day for r in reports)
        for report in reports:
            offset = (report.first_day - base).days
            xs = [offset + i for i in range(len(report.daily))]
            label = f"{_label(report.name)} ({_(SHAPES[report.shape.shape])})"
            axes.plot(xs, list(report.daily), marker="." if len(xs) < 40 else None, label=label)
        last = max(offset_end(r, base) for r in reports)
        ticks = list(range(0, last + 1, max(1, last // 6)))
        axes.set_xticks(ticks, [_day(base + timedelta(days=d), t) for d in ticks])
        axes.legend(fontsize=8)
    axes.set_ylabel(_("mentions per day"))
    axes.tick_params(axis="x", labelsize=7)
    axes.set_title(_("Campaign curves"))
    return Chart("campaign-curves.png", _("Campaign curves"), _png(figure))
