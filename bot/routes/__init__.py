"""HTTP routes beside `/slack/events` and `/healthz`, a module per feature (`bot.features`)."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from bot.deps import Deps

RouteRegistrar = Callable[[Flask, Deps], None]
"""Adds a feature's views to the WSGI app."""
