"""`vahti run`: Socket Mode when SLACK_APP_TOKEN is set, else HTTP mode on --port."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from typing import Any

from bot.clock import SystemClock
from bot.config import ConfigError, Settings, load_config
from bot.features import ROUTES
from bot.logging_setup import configure_logging
from bot.runtime import (
    MissingCredentials,
    build_runtime,
    scheduler_state,
    start_scheduler,
    start_socket_mode,
)
from bot.web import build_web, max_body_bytes

WAITRESS_THREADS = 8
"""Request threads: each only reads the body, checks the signature and waits for bolt's ack."""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = sub.add_parser("run", help="start the bot (Socket Mode or HTTP)")
    parser.add_argument("--port", type=int, default=3000, help="HTTP port (default 3000)")
    parser.add_argument("--host", default="0.0.0.0", help="HTTP address (default all)")
    parser.add_argument(
        "--role",
        choices=("all", "web", "scheduler"),
        default="all",
        help="run the web side, the scheduler, or both (default)",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    configure_logging()
    settings = Settings()
    try:
        config = load_config(settings.config_path())
        runtime = build_runtime(settings, config, SystemClock())
    except MissingCredentials as exc:
        print(
            f"vahti run: missing {', '.join(exc.names)}. Set them (README, 'Connect to Slack') "
            "or try `vahti demo`, which needs no Slack account.",
            file=sys.stderr,
        )
        return 2
    except ConfigError as exc:
        print(f"vahti run: {exc}", file=sys.stderr)
        return 2
    if args.role in ("all", "scheduler"):
        start_scheduler(runtime)
    socket_mode = settings.slack_app_token is not None
    if socket_mode and args.role != "scheduler":
        start_socket_mode(runtime)
    app = None if socket_mode else runtime.app
    web = build_web(app, runtime.deps, ROUTES, lambda: scheduler_state(runtime))
    stop = threading.Event()

    def _stop(*_: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    from waitress.server import create_server

    server = create_server(  # refuses a body over the largest route's limit before reading it
        web,
        host=args.host,
        port=args.port,
        threads=WAITRESS_THREADS,
        max_request_body_size=max_body_bytes(config) + 1,
    )
    threading.Thread(target=server.run, daemon=True).start()
    print(f"Vahti is running ({'Socket Mode' if socket_mode else 'HTTP'}; port {args.port}).")
    with contextlib.suppress(KeyboardInterrupt):
        stop.wait()
    server.close()
    if runtime.scheduler is not None:
        runtime.scheduler.shutdown(wait=False)
    if runtime.socket is not None:
        runtime.socket.close()  # type: ignore[no-untyped-call]
    return 0
