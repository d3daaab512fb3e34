"""Nothing silently not running: every job, provider, route and exporter a feature defines is
listed in `bot.features`, and every `data:` name a bundled template uses has a provider."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import timedelta
from types import ModuleType

import bot.live
import bot.routes
import bot.services
import jobs
from bot.config import VahtiConfig
from bot.deps import Deps
from bot.domain.checklists.templates import Template
from bot.features import EXPORTERS, FEATURES, PROVIDERS, ROUTES, job_specs
from bot.live.context import LiveContext
from bot.templates_store import load_templates
from jobs.spec import JobSpec

FEATURE_NAMES = {"checklists", "mentions", "kpi", "crisis", "insights"}


def modules(package: ModuleType) -> list[ModuleType]:
    """Every module under `package`, imported."""
    found = []
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        found.append(importlib.import_module(info.name))
    return found


def defined_in(module: ModuleType) -> list[object]:
    """The functions `module` defines itself (not the ones it imports)."""
    return [
        f
        for name, f in inspect.getmembers(module, inspect.isfunction)
        if f.__module__ == module.__name__ and not name.startswith("_")
    ]


def test_every_feature_is_listed_once_under_its_name() -> None:
    names = [f.name for f in FEATURES]
    assert len(names) == len(set(names)) and set(names) == FEATURE_NAMES


def test_every_job_factory_is_registered() -> None:
    factories = {
        f
        for m in modules(jobs)
        for f in defined_in(m)
        if inspect.signature(f).return_annotation in ("list[JobSpec]", list[JobSpec])
    }
    registered = {f.jobs for f in FEATURES if f.jobs is not None}
    assert factories and factories == registered


def test_every_live_data_provider_is_registered() -> None:
    providers = {
        f
        for m in modules(bot.live)
        for f in defined_in(m)
        if list(inspect.signature(f).parameters) == ["ctx"]
        and inspect.signature(f).parameters["ctx"].annotation in ("LiveContext", LiveContext)
    }
    assert providers and providers == set(PROVIDERS.values())


def test_every_route_is_registered() -> None:
    registrars = {m.register for m in modules(bot.routes) if hasattr(m, "register")}
    assert registrars and registrars == set(ROUTES)


def test_every_exporter_is_registered() -> None:
    exporters = {
        f
        for m in modules(bot.services)
        if m.__name__.endswith(".export")
        for f in defined_in(m)
        if f.__name__.startswith("export_")
    }
    assert exporters and exporters == set(EXPORTERS.values())


def test_every_template_data_name_has_a_provider() -> None:
    for locale in ("en", "fi"):
        templates: list[Template] = list(load_templates(locale).values())
        names = {item.data for t in templates for item in t.items if item.data}
        assert names and names <= set(PROVIDERS), names - set(PROVIDERS)


def test_configured_feeds_are_scheduled_and_polled_at_start(deps: Deps) -> None:
    assert "mentions.feeds" not in {s.id for s in job_specs(deps)}
    config = VahtiConfig.model_validate(
        deps.config.model_dump() | {"sources": {"feeds": [{"url": "http://127.0.0.1:9/feed"}]}}
    )
    with_feeds = Deps(
        deps.settings, config, deps.sessions, deps.clock, deps.gateway, deps.team_id, PROVIDERS
    )
    specs = {s.id: s for s in job_specs(with_feeds)}
    feeds = specs["mentions.feeds"]
    assert feeds.run_at_start and feeds.trigger.interval == timedelta(minutes=15)
    assert {"checklists.post", "checklists.catch_up", "crisis.watch", "crisis.alerts"} <= set(specs)
