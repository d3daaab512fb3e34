"""`build_app(deps)`: the bolt App with injected client and secret, and every listener."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App, BoltContext
from slack_bolt.response import BoltResponse

import handlers
from bot.deps import Deps
from bot.slack_gateway import WebGateway

LISTENER_THREADS = 32


def build_app(deps: Deps, *, process_before_response: bool = False) -> App:
    """A bolt App wired to `deps`; listeners find `deps` in their context."""
    settings = deps.settings
    assert isinstance(deps.gateway, WebGateway), "the app talks to Slack through a WebClient"
    app = App(
        client=deps.gateway.client,
        signing_secret=settings.slack_signing_secret.get_secret_value()
        if settings.slack_signing_secret
        else None,
        process_before_response=process_before_response,
        token_verification_enabled=False,
        raise_error_for_unhandled_request=False,
        ignoring_self_events_enabled=True,
        # Listeners only acknowledge and hand slow work to `deps.background`; a roomier pool
        # keeps a burst of requests from queueing behind each other's database round trips.
        listener_executor=ThreadPoolExecutor(max_workers=LISTENER_THREADS),
    )

    @app.middleware
    def inject_deps(context: BoltContext, next: Callable[[], BoltResponse]) -> BoltResponse:
        context["deps"] = deps
        return next()

    handlers.register(app)
    return app
