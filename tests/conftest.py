"""Plain fixtures: clock, database, fake Slack, deps, the app served over HTTP, a signed sender."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy.engine import Engine
from werkzeug.serving import make_server

from bot.app import build_app
from bot.clock import FrozenClock
from bot.config import VahtiConfig
from bot.db import create_schema, make_engine
from bot.deps import Deps
from bot.features import ROUTES
from bot.web import build_web
from tests.fakes.deps import SECRET, make_deps
from tests.fakes.feed_server import FeedServer, serving_feeds
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackSender
from tests.fakes.slack_server import running_fake_slack


@pytest.fixture
def clock() -> FrozenClock:
    # Tuesday 3 November 2026, 08:00 UTC = 10:00 in Helsinki.
    return FrozenClock(datetime(2026, 11, 3, 8, 0, tzinfo=UTC))


@pytest.fixture
def engine() -> Engine:
    engine = make_engine("sqlite://")
    create_schema(engine)
    return engine


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with running_fake_slack() as fake:
        yield fake


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    with serving_feeds() as server:
        yield server


@pytest.fixture
def config() -> VahtiConfig:
    return VahtiConfig.model_validate(
        {
            "timezone": "Europe/Helsinki",
            "channels": {"checklists": "C0CHECK", "alerts": "C0ALERT"},
        }
    )


@pytest.fixture
def deps(engine: Engine, fake_slack: FakeSlack, clock: FrozenClock, config: VahtiConfig) -> Deps:
    return make_deps(engine, fake_slack, clock, config)


@pytest.fixture
def app_url(deps: Deps) -> Iterator[str]:
    """The app's WSGI side on a free local port, listeners finishing before the response."""
    web = build_web(build_app(deps, process_before_response=True), deps, ROUTES)
    server = make_server("127.0.0.1", 0, web, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


@pytest.fixture
def send(app_url: str, fake_slack: FakeSlack) -> SlackSender:
    return SlackSender(f"{app_url}/slack/events", SECRET, fake_slack)


@pytest.fixture
def pg_engine() -> Iterator[Engine]:
    """A PostgreSQL engine on a fresh schema; skipped where VAHTI_TEST_DATABASE_URL is unset."""
    import os
    import uuid

    from sqlalchemy import create_engine, text

    url = os.environ.get("VAHTI_TEST_DATABASE_URL")
    if not url:
        pytest.skip("VAHTI_TEST_DATABASE_URL is not set (PostgreSQL tests run in CI)")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_engine(
        url, connect_args={"options": f"-csearch_path={schema}"}, pool_pre_ping=True
    )
    create_schema(engine)
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
