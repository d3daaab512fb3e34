"""HTTP routes beside `/slack/events` and `/healthz`, a module per feature (`bot.features`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.deps import Deps

if TYPE_CHECKING:  # Flask is imported where a request is served: `vahti demo` needs none
    from flask import Flask

RouteRegistrar = Callable[["Flask", Deps], None]
"""Adds a feature's views to the WSGI app."""
