"""HTTP routes beside `/slack/events` and `/healthz`: each registrar adds its views to the app."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from bot.deps import Deps
from bot.routes import kpi as kpis
from bot.routes import mentions

ROUTE_REGISTRARS: list[Callable[[Flask, Deps], None]] = [mentions.register, kpis.register]
