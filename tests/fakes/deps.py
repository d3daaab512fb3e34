"""Deps for tests: the real gateway against the fake Slack server, every feature's providers.

Follow-up work (message updates after a click) runs inline, so a test sees the update when its
request returns; `tests/handlers/test_production_mode.py` runs it on the real pool.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from bot.background import Background
from bot.clock import FrozenClock
from bot.config import Settings, VahtiConfig
from bot.db import session_factory
from bot.deps import Deps
from bot.features import PROVIDERS
from bot.slack_gateway import WebGateway, make_client
from tests.fakes.slack_api import TEAM, FakeSlack

SECRET = "test-signing-secret"
TOKEN = "xoxb-test-token"


def make_deps(engine: Engine, fake: FakeSlack, clock: FrozenClock, config: VahtiConfig) -> Deps:
    """What `vahti run` builds, on `engine` and the fake Slack at `fake.url`."""
    settings = Settings(
        slack_bot_token=TOKEN,
        slack_signing_secret=SECRET,
        slack_api_url=fake.url,
        database_url="sqlite://",
    )
    gateway = WebGateway(make_client(TOKEN, fake.url))
    sessions = session_factory(engine)
    return Deps(
        settings,
        config,
        sessions,
        clock,
        gateway,
        TEAM,
        PROVIDERS,
        background=Background(inline=True),
    )
