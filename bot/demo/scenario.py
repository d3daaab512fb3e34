"""The demo's story: a fictional coffee brand, two competitors and weeks of their mentions."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources

import yaml

from bot.config import VahtiConfig
from bot.demo.simulate import MentionFeed
from bot.deps import Deps

DEMO_TEAM = "TDEMO"
HISTORY_START = datetime(2026, 10, 19, 0, 0, tzinfo=UTC)  # the sample's first Monday
START = datetime(2026, 10, 26, 6, 0, tzinfo=UTC)  # Monday 08:00 in Helsinki: Vahti is installed
END = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)


def demo_config() -> VahtiConfig:
    """The bundled demo configuration (bot/data/demo.yml)."""
    raw = resources.files("bot").joinpath("data/demo.yml").read_text("utf-8")
    return VahtiConfig.model_validate(yaml.safe_load(raw))


def demo_period() -> tuple[datetime, datetime, datetime]:
    """The week of history loaded before Vahti starts, then the simulated weeks."""
    return HISTORY_START, START, END


def mention_feed(deps: Deps) -> MentionFeed | None:
    """Feeds the sample mentions into the store as the simulated clock passes their time."""
    from bot.demo.sample_feed import SampleFeed

    return SampleFeed.load(deps)
