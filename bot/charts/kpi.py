"""The week/month KPI chart: each metric's running value against its target and typical line.

Drawn on a `Figure` with the Agg canvas directly: no pyplot, no display, no global state, so it
is safe in a web worker thread.
"""

from __future__ import annotations

import io
import math

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from bot.domain.kpi.metrics import METRICS, Kind
from bot.domain.kpi.series import MetricSeries
from bot.i18n import ENGLISH, Translator


def _floats(values: tuple[float | None, ...]) -> list[float]:
    return [math.nan if v is None else float(v) for v in values]


def render(series: list[MetricSeries], title: str, t: Translator = ENGLISH) -> bytes:
    """A PNG with one small panel per metric (value, target, typical by day).

    Metrics with no value on any day are left out: an empty panel says nothing.
    """
    _ = t.gettext
    series = [s for s in series if any(v is not None for v in s.values)] or series[:1]
    cols = 3
    rows = max(1, math.ceil(len(series) / cols))
    figure = Figure(figsize=(4.2 * cols, 2.8 * rows), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    figure.suptitle(title)
    for index, item in enumerate(series):
        axes = figure.add_subplot(rows, cols, index + 1)
        days = [t.date(d, "day_month") for d in item.days]
        axes.plot(days, _floats(item.values), marker="o", label=_("value"), color="#1264a3")
        axes.plot(days, _floats(item.targets), linestyle="--", label=_("target"), color="#2eb67d")
        axes.plot(days, _floats(item.typical), linestyle=":", label=_("typical"), color="#868686")
        axes.set_title(_(METRICS[item.metric].label), fontsize=10)
        axes.tick_params(labelsize=7)
        if METRICS[item.metric].kind is Kind.RATIO:
            axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: t.pct(v)))
        if len(days) > 10:
            axes.set_xticks(range(0, len(days), max(1, len(days) // 6)))
        if index == 0:
            axes.legend(fontsize=7)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
