"""The live-data providers by the name a checklist template gives in `data:`.

Each feature lists its providers here explicitly, so what an item can show is visible in one place.
"""

from __future__ import annotations

from bot.live import crisis, insights, kpi
from bot.live.context import Provider

PROVIDERS: dict[str, Provider] = {}
PROVIDERS |= {
    "advocates_24h": insights.advocates_24h,
    "advocates_week": insights.advocates_week,
    "activation_week": insights.activation_week,
    "top_content_week": insights.top_content_week,
    "share_of_voice": insights.share_of_voice,
    "campaign_curves": insights.campaign_curves,
    "campaign_sentiment": insights.campaign_sentiment,
    "year_in_review": insights.year_in_review,
    "year_export": insights.year_export,
}
PROVIDERS |= {"kpi_today": kpi.kpi_today, "kpi_month": kpi.kpi_month}
PROVIDERS |= {
    "crisis_check": crisis.crisis_check,
    "volume_today": crisis.volume_today,
    "jump_sources": crisis.jump_sources,
    "year_notes": crisis.year_notes,
}
