"""Builds a running Vahti from settings: database, dependencies, bolt app, scheduler, servers.

Kept apart from the CLI so tests can start exactly what `vahti run` starts.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from sqlalchemy.engine import Engine

from bot.app import build_app
from bot.clock import Clock
from bot.config import Settings, VahtiConfig
from bot.db import make_engine, session_factory, session_scope
from bot.deps import Deps
from bot.features import PROVIDERS, job_specs
from bot.i18n import N_, Phrase
from bot.schema import upgrade_schema
from bot.slack_gateway import WebGateway, make_client
from jobs.scheduler import build_scheduler
from models.workspaces import remember_workspace

log = logging.getLogger(__name__)


class MissingCredentials(RuntimeError):
    """`vahti run` cannot start without these environment variables."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(", ".join(names))
        self.names = names


def missing_credentials(settings: Settings) -> list[str]:
    """The variables `vahti run` still needs (Socket Mode or HTTP mode)."""
    missing = [] if settings.slack_bot_token else ["SLACK_BOT_TOKEN"]
    if not settings.slack_app_token and not settings.slack_signing_secret:
        either = N_("{app} (Socket Mode) or {secret} (HTTP mode)")
        missing.append(Phrase(either, app="SLACK_APP_TOKEN", secret="SLACK_SIGNING_SECRET"))
    return missing


@dataclass
class Runtime:
    """What `vahti run` starts."""

    deps: Deps
    app: App
    engine: Engine | None = None
    scheduler: BackgroundScheduler | None = None
    socket: SocketModeHandler | None = None


def build_runtime(settings: Settings, config: VahtiConfig, clock: Clock) -> Runtime:
    """Database, client, workspace id and the bolt app, ready to serve."""
    if missing := missing_credentials(settings):
        raise MissingCredentials(missing)
    assert settings.slack_bot_token is not None
    engine = make_engine(settings.database_url)
    upgrade_schema(engine)
    client = make_client(settings.slack_bot_token.get_secret_value(), settings.slack_api_url)
    team_id = config.workspace or str(client.auth_test()["team_id"])
    deps = Deps(
        settings, config, session_factory(engine), clock, WebGateway(client), team_id, PROVIDERS
    )
    with session_scope(deps.sessions) as session:
        remember_workspace(session=session, team_id=team_id, now=clock.now())
    return Runtime(deps, build_app(deps), engine)


def start_scheduler(runtime: Runtime) -> BackgroundScheduler:
    """Start every feature's jobs; catch-up and feed polls run at once (a late start catches up)."""
    scheduler = build_scheduler(runtime.deps, job_specs(runtime.deps))
    scheduler.start()
    runtime.scheduler = scheduler
    return scheduler


def start_socket_mode(runtime: Runtime) -> SocketModeHandler:
    """Connect over Socket Mode (non-blocking); `SLACK_API_URL` is honoured for the handshake."""
    settings = runtime.deps.settings
    assert settings.slack_app_token is not None
    handler = SocketModeHandler(
        runtime.app,
        app_token=settings.slack_app_token.get_secret_value(),
        web_client=make_client(None, settings.slack_api_url),
    )
    handler.connect()  # type: ignore[no-untyped-call]
    runtime.socket = handler
    return handler


def scheduler_state(runtime: Runtime) -> bool | None:
    """True when the scheduler runs, False when it stopped, None when this process has none."""
    return None if runtime.scheduler is None else bool(runtime.scheduler.running)


def stop_intake(runtime: Runtime, server: Any | None) -> None:
    """Take no new work: no new job runs, no new connections, no new Socket Mode messages.

    Waitress has no graceful stop of its own, so the listening socket is closed on its loop
    thread (through the server's trigger); connections already open are still answered.
    """
    if runtime.scheduler is not None and runtime.scheduler.running:
        runtime.scheduler.pause()
    if server is not None:
        from waitress import wasyncore

        server.trigger.pull_trigger(lambda: wasyncore.dispatcher.close(server))
    if runtime.socket is not None:
        runtime.socket.close()  # type: ignore[no-untyped-call]


def finish_in_flight(runtime: Runtime, server: Any | None) -> None:
    """Let the work already taken finish, in the order it hands work on, then let go of all.

    Requests being served, then bolt's listeners (which run after the ack), then the follow-up
    pool they hand to, then running jobs. Each unit of work is one transaction, so whatever the
    caller's deadline cuts short is rolled back and its claim retried after its lease.
    """
    if server is not None:
        tasks = server.task_dispatcher
        while tasks.queue or tasks.active_count > 0:
            time.sleep(0.05)
    runtime.app.listener_runner.listener_executor.shutdown(wait=True)
    runtime.deps.background.shutdown(wait=True)
    if runtime.scheduler is not None and runtime.scheduler.running:
        runtime.scheduler.shutdown(wait=True)
    if server is not None:
        server.task_dispatcher.shutdown(cancel_pending=True, timeout=1)
    if runtime.engine is not None:
        runtime.engine.dispose()
