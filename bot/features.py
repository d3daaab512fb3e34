"""Every feature's wiring in one place: its scheduled jobs, live-data providers, routes, exports.

`vahti run` starts exactly what is listed here (the scheduler adds every feature's jobs, the web
app every route, the checklist service gets every provider, `vahti export` every exporter), and
a test fails when a feature defines a job, provider, route or exporter that is not listed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from bot.deps import Deps
from bot.live import crisis as crisis_live
from bot.live import insights as insights_live
from bot.live import kpi as kpi_live
from bot.live.context import Providers
from bot.routes import RouteRegistrar
from bot.routes import kpi as kpi_routes
from bot.routes import mentions as mention_routes
from bot.services.checklists.export import export_checklist
from bot.services.crisis.export import export_alerts
from bot.services.exports import Exporter
from bot.services.insights.export import export_authors, export_year
from bot.services.kpi.export import export_kpis
from bot.services.mentions.export import export_mentions
from jobs.checklists import checklist_jobs
from jobs.crisis import crisis_jobs
from jobs.kpi import kpi_jobs
from jobs.mentions import mention_jobs
from jobs.spec import JobFactory, JobSpec

FeatureName = Literal["checklists", "mentions", "kpi", "crisis", "insights"]


@dataclass(frozen=True)
class Feature:
    """What one feature adds to a running Vahti."""

    name: FeatureName
    jobs: JobFactory | None = None
    providers: Providers = field(default_factory=dict)
    routes: tuple[RouteRegistrar, ...] = ()
    exporters: Mapping[str, Exporter] = field(default_factory=dict)


FEATURES: tuple[Feature, ...] = (
    Feature(
        "checklists",
        jobs=checklist_jobs,
        exporters={"checklist": export_checklist},
    ),
    Feature(
        "mentions",
        jobs=mention_jobs,
        routes=(mention_routes.register,),
        exporters={"mentions": export_mentions},
    ),
    Feature(
        "kpi",
        jobs=kpi_jobs,
        providers={
            "kpi_today": kpi_live.kpi_today,
            "kpi_month": kpi_live.kpi_month,
            "purchase_opportunities": kpi_live.purchase_opportunities,
        },
        routes=(kpi_routes.register,),
        exporters={"kpis": export_kpis},
    ),
    Feature(
        "crisis",
        jobs=crisis_jobs,
        providers={
            "crisis_check": crisis_live.crisis_check,
            "volume_today": crisis_live.volume_today,
            "jump_sources": crisis_live.jump_sources,
            "year_notes": crisis_live.year_notes,
        },
        exporters={"alerts": export_alerts},
    ),
    Feature(
        "insights",
        providers={
            "advocates_24h": insights_live.advocates_24h,
            "advocates_week": insights_live.advocates_week,
            "activation_week": insights_live.activation_week,
            "top_content_week": insights_live.top_content_week,
            "share_of_voice": insights_live.share_of_voice,
            "campaign_curves": insights_live.campaign_curves,
            "campaign_sentiment": insights_live.campaign_sentiment,
            "year_in_review": insights_live.year_in_review,
            "year_export": insights_live.year_export,
        },
        exporters={"authors": export_authors, "year": export_year},
    ),
)

PROVIDERS: Providers = {n: p for f in FEATURES for n, p in f.providers.items()}
ROUTES: tuple[RouteRegistrar, ...] = tuple(r for f in FEATURES for r in f.routes)
EXPORTERS: Mapping[str, Exporter] = {n: e for f in FEATURES for n, e in f.exporters.items()}


def job_specs(deps: Deps) -> list[JobSpec]:
    """Every job Vahti schedules for this configuration, feature by feature."""
    return [spec for f in FEATURES if f.jobs is not None for spec in f.jobs(deps)]
