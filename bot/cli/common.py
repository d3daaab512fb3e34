"""What the offline subcommands (ingest, kpi, export) share: settings, config, database, team.

Without Slack there is no `auth.test` to ask which workspace this is, so the team id comes from
`workspace:` in the configuration, else from the database when the bot has run for exactly one
workspace on it (`vahti run` records it), else `T_LOCAL`. Reports may read under that
placeholder; `vahti ingest` refuses to store under it (rows stored there would be orphaned once
the real workspace is known, and imported again under it).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.cli.language import cli_translator
from bot.config import ConfigError, Settings, VahtiConfig, load_config
from bot.db import SessionFactory, make_engine, session_factory, session_scope
from bot.i18n import Translator
from bot.schema import upgrade_schema
from models.workspaces import only_workspace

LOCAL_TEAM = "T_LOCAL"


@dataclass(frozen=True)
class OfflineContext:
    """Settings, configuration, a database with its schema, and the team id."""

    settings: Settings
    config: VahtiConfig
    engine: Engine
    team_id: str
    workspace_from: str | None = None  # where the team id came from; None: the placeholder

    @property
    def sessions(self) -> SessionFactory:
        """A session factory on the engine."""
        return session_factory(self.engine)


def load_offline_context(settings: Settings | None = None) -> OfflineContext:
    """Read the environment and config and open the database; raises ConfigError for bad config."""
    settings = settings or Settings()
    config = load_config(settings.config_path())
    engine = make_engine(settings.database_url)
    upgrade_schema(engine)
    team_id, origin = config.workspace, "workspace: in the configuration"
    if team_id is None:
        with session_scope(session_factory(engine)) as session:
            team_id, origin = only_workspace(session=session), "recorded by vahti run"
    return OfflineContext(
        settings, config, engine, team_id or LOCAL_TEAM, origin if team_id else None
    )


def offline_or_reason(locale: str | None) -> OfflineContext | str:
    """The offline context, or why it cannot be opened (configuration or database), in the
    language asked for: the commands that read the database start this way."""
    try:
        return load_offline_context()
    except ConfigError as exc:
        return exc.text(cli_translator(locale))
    except SQLAlchemyError as exc:
        return database_error(exc, cli_translator(locale))


def database_error(exc: Exception, t: Translator) -> str:
    """A database failure in one line: its kind and the first line of the driver's words."""
    lines = str(exc).splitlines()
    error = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
    return t.gettext("database error: {error}").format(error=error)


BATCH_GC_THRESHOLD = 10_000  # allocations between young collections during a batch command


@contextmanager
def batch_collector() -> Iterator[None]:
    """The cyclic garbage collector tuned for a batch command (an import, the demo), then put
    back as it was.

    A batch allocates millions of short-lived objects, nearly all freed by reference counting,
    yet at Python's default the collector runs a thousand times over a 50,000-row import, each
    time rescanning the batch in flight, and its full collections rescan every module, table
    and lexicon loaded at start. What is loaded by now lives as long as the process, so it is
    frozen out of the scans, and young collections run every 10,000 allocations. Timed with
    `gc.callbacks`: over 50,000 generated rows the collector's own time fell from about 0.6 s to
    0.2 s; over the 25-day demo from about 1.2 s. Worker processes fork with the same settings.
    """
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(BATCH_GC_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
