"""`vahti run`: Socket Mode when SLACK_APP_TOKEN is set, else HTTP mode on --port.

SIGTERM (or Ctrl-C) stops it gracefully: no new work is taken, work in flight finishes within
`--grace` seconds, then the process exits 0. A second signal, or the grace running out, exits at
once (status 1); what was cut short is rolled back and retried through its claim's lease.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import time
from typing import Any

from bot.cli.language import add_locale_option, cli_translator
from bot.clock import SystemClock
from bot.config import ConfigError, Settings, load_config
from bot.features import ROUTES
from bot.i18n import N_, said
from bot.logging_setup import configure_logging
from bot.runtime import (
    MissingCredentials,
    Runtime,
    build_runtime,
    finish_in_flight,
    scheduler_state,
    start_scheduler,
    start_socket_mode,
    stop_intake,
)
from bot.web import build_web, max_body_bytes

WAITRESS_THREADS = 8
"""Request threads: each only reads the body, checks the signature and waits for bolt's ack."""

log = logging.getLogger("vahti.run")
GRACE_SECONDS = 20.0


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = sub.add_parser("run", help=N_("start the bot (Socket Mode or HTTP)"))
    parser.add_argument(
        "--port", type=int, default=3000, help=N_("HTTP port (default %(default)s)")
    )
    parser.add_argument("--host", default="0.0.0.0", help=N_("HTTP address (default all)"))
    parser.add_argument(
        "--role",
        choices=("all", "web", "scheduler"),
        default="all",
        help=N_("run the web side, the scheduler, or both (default)"),
    )
    parser.add_argument(
        "--grace",
        type=float,
        default=GRACE_SECONDS,
        metavar="SECONDS",
        help=N_("on SIGTERM, how long work in flight may take to finish (default %(default)g)"),
    )
    add_locale_option(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    configure_logging()
    settings = Settings()
    try:
        config = load_config(settings.config_path())
    except ConfigError as exc:
        print(f"vahti run: {exc.text(cli_translator(args.locale))}", file=sys.stderr)
        return 2
    t = cli_translator(args.locale, config)
    try:
        runtime = build_runtime(settings, config, SystemClock())
    except MissingCredentials as exc:
        missing = t.gettext(
            "missing {names}. Set them (README, 'Connect to Slack') or try `vahti demo`, which "
            "needs no Slack account."
        )
        names = ", ".join(said(name, t) for name in exc.names)
        print(f"vahti run: {missing.format(names=names)}", file=sys.stderr)
        return 2
    except ConfigError as exc:
        print(f"vahti run: {exc.text(t)}", file=sys.stderr)
        return 2
    if args.role in ("all", "scheduler"):
        start_scheduler(runtime)
    socket_mode = settings.slack_app_token is not None
    if socket_mode and args.role != "scheduler":
        start_socket_mode(runtime)
    app = None if socket_mode else runtime.app
    web = build_web(app, runtime.deps, ROUTES, lambda: scheduler_state(runtime))
    stop = _on_stop_signals()
    from waitress.server import create_server

    server = create_server(  # refuses a body over the largest route's limit before reading it
        web,
        host=args.host,
        port=args.port,
        threads=WAITRESS_THREADS,
        max_request_body_size=max_body_bytes(config) + 1,
    )
    threading.Thread(target=server.run, daemon=True).start()
    running = t.gettext("Vahti is running ({mode}; port {port}).")
    print(running.format(mode="Socket Mode" if socket_mode else "HTTP", port=args.port))
    stop.wait()
    return _stop_gracefully(runtime, server, args.grace)


def _on_stop_signals() -> threading.Event:
    """An event set by the first SIGTERM or SIGINT; the second one exits at once."""
    stop = threading.Event()

    def _signal(signum: int, _frame: Any) -> None:
        if stop.is_set():
            log.warning("second stop signal: exiting now", extra={"signal": signum})
            os._exit(1)
        stop.set()

    signal.signal(signal.SIGTERM, _signal)
    signal.signal(signal.SIGINT, _signal)
    return stop


def _stop_gracefully(runtime: Runtime, server: Any, grace: float) -> int:
    """Stop taking work, let work in flight finish within `grace` seconds, then exit."""
    started = time.monotonic()
    log.info("stopping", extra={"grace_seconds": grace})

    def _expired() -> None:
        log.warning("stop grace ran out: exiting with work in flight", extra={"grace": grace})
        os._exit(1)

    watchdog = threading.Timer(grace, _expired)
    watchdog.daemon = True
    watchdog.start()
    stop_intake(runtime, server)
    finish_in_flight(runtime, server)
    watchdog.cancel()
    log.info("stopped", extra={"seconds": round(time.monotonic() - started, 3)})
    return 0
