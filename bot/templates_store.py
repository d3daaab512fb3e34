"""Loads checklist templates: the team's own files first, then the bundled defaults.

Templates are read when a checklist is posted, so an edited file takes effect at the next period
without a restart; posted runs keep their own snapshot of the items.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml

from bot.domain.checklists.periods import Cadence
from bot.domain.checklists.templates import Template, TemplateError, parse_templates

# The C loader when PyYAML was built with libyaml; both are safe loaders.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _bundled(locale: str) -> str:
    return resources.files("bot").joinpath(f"templates/checklists.{locale}.yml").read_text("utf-8")


def load_templates(locale: str, templates_dir: Path | None = None) -> dict[Cadence, Template]:
    """Every cadence's template for `locale`; a team file overrides the cadences it names."""
    templates = parse_templates(yaml.load(_bundled(locale), Loader=_Loader), locale)
    if templates_dir is not None:
        own = templates_dir / f"checklists.{locale}.yml"
        if own.exists():
            try:
                raw = yaml.load(own.read_text(encoding="utf-8"), Loader=_Loader)
            except yaml.YAMLError as exc:
                raise TemplateError(f"{own} is not valid YAML: {exc}") from exc
            templates.update(parse_templates(raw, locale))
    return templates
