"""Reading Vahti's dependencies and the workspace out of a bolt request context."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext

from bot.deps import Deps
from bot.i18n import Translator, translator


def deps_of(context: BoltContext) -> Deps:
    """The `Deps` the app's middleware put into every request's context."""
    deps = context["deps"]
    assert isinstance(deps, Deps)
    return deps


def team_of(body: dict[str, Any], context: BoltContext) -> str:
    """The workspace a request comes from."""
    team = context.team_id or (body.get("team") or {}).get("id") or body.get("team_id")
    return str(team or deps_of(context).team_id)


def translator_of(context: BoltContext) -> Translator:
    """The translator of the workspace's locale."""
    return translator(deps_of(context).config.locale)


def after_ack(context: BoltContext, name: str, work: Callable[[], object]) -> None:
    """Do the slow part of an answer off bolt's listener threads, so acks never wait behind it."""
    deps_of(context).background.run(name, work)
