"""The single error handler: known errors become friendly ephemeral text, others are logged."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from slack_bolt import App, BoltContext
from slack_bolt.response import BoltResponse

from bot.deps import Deps
from bot.domain.command_args import UsageError
from bot.i18n import ENGLISH, N_, Translator, translator
from bot.ids import PayloadError
from bot.services.checklists.runs import UnknownItem
from bot.services.crisis.actions import UnknownIncident

log = logging.getLogger("vahti.errors")

FRIENDLY: dict[type[Exception], str] = {
    UnknownItem: N_(
        "That item is no longer available: its checklist is from another workspace or was removed."
    ),
    UnknownIncident: N_("That incident is not in this workspace any more."),
    PayloadError: N_(
        "That button is from an older version of this message; please use a fresh one."
    ),
}


def friendly_text(error: Exception, ref: str, t: Translator = ENGLISH) -> str:
    """What the person who clicked or typed is told."""
    if isinstance(error, UsageError):
        return error.reply(t)
    for kind, text in FRIENDLY.items():
        if isinstance(error, kind):
            return t.gettext(text)
    sorry = t.gettext(
        "Sorry, something went wrong on our side (reference `{ref}`). It has been logged."
    )
    return sorry.format(ref=ref)


def handle_error(
    error: Exception, body: dict[str, Any], respond: Any, context: BoltContext
) -> BoltResponse | None:
    ref = uuid.uuid4().hex[:10]
    known = isinstance(error, (UsageError, *FRIENDLY))
    log.log(
        logging.INFO if known else logging.ERROR,
        "listener failed",
        exc_info=None if known else error,
        extra={"ref": ref, "error": type(error).__name__, "type": body.get("type")},
    )
    if respond is not None and (body.get("response_url") or body.get("response_urls")):
        respond(
            response_type="ephemeral",
            replace_original=False,
            text=friendly_text(error, ref, _translator(context)),
        )
    return None


def _translator(context: BoltContext) -> Translator:
    deps = context.get("deps")
    return translator(deps.config.locale) if isinstance(deps, Deps) else ENGLISH


def register(app: App) -> None:
    app.error(handle_error)
