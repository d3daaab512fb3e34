"""The language of the command line: `--locale`, else the team's configured `locale`, else English.

The lines a person reads (errors, notes, reports, `--help`) are written in the language the
team's Slack messages use; `--locale en|fi` on every subcommand overrides it, for a command run
without the configuration or by someone who reads the other language. What scripts read stays
the same in every language: the CSV of `score`, `detect` and `export`, `--json`, log records.

Light on purpose: `vahti score` and `vahti detect` import it, and read the configuration only
when they have something to say.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Sequence
from functools import cache, partial
from typing import TYPE_CHECKING

from bot.i18n import LOCALES, N_, Translator, translator

if TYPE_CHECKING:
    from bot.config import VahtiConfig

LOCALE_HELP = N_("language of the lines printed (default: the configuration's locale, en)")

# argparse's own words in a help page: its headings, its usage prefix and the help of -h.
ARGPARSE_WORDS = (
    N_("positional arguments"),
    N_("options"),
    N_("usage: "),
    N_("show this help message and exit"),
)


def add_locale_option(parser: argparse.ArgumentParser, text: str = LOCALE_HELP) -> None:
    """`--locale en|fi`, the same on every subcommand (`text`: its help, a marked id)."""
    parser.add_argument("--locale", choices=LOCALES, default=None, help=text)


def configured_locale() -> str | None:
    """The configuration's locale; None when there is none to read, or it cannot be read (the
    command that needs the configuration says why)."""
    from bot.config import ConfigError, Settings, load_config

    try:
        return load_config(Settings().config_path()).locale
    except (ConfigError, ValueError):
        return None


def cli_translator(locale: str | None, config: VahtiConfig | None = None) -> Translator:
    """The translator of `--locale` when given, else of `config` (read here when not passed)."""
    if locale is not None:
        return translator(locale)
    return translator(config.locale if config is not None else configured_locale())


def locale_in(argv: Sequence[str]) -> str | None:
    """The `--locale` of a command line before argparse reads it (the help is written first)."""
    for index, word in enumerate(argv):
        value = None
        if word == "--locale" and index + 1 < len(argv):
            value = argv[index + 1]
        elif word.startswith("--locale="):
            value = word.partition("=")[2]
        if value in LOCALES:
            return value
    return None


class TranslatedHelp(argparse.HelpFormatter):
    """argparse's help in the command line's language: descriptions, option help, headings.

    The translator is asked for only when text is written (argparse makes a formatter for every
    `add_argument` too), so a command that prints no help never reads the configuration for it.
    """

    def __init__(self, prog: str, *, t: Callable[[], Translator]) -> None:
        super().__init__(prog)
        self._t = t

    def start_section(self, heading: str | None) -> None:
        super().start_section(self._t().gettext(heading) if heading else heading)

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        if prefix is None:  # "" when argparse writes a subcommand's prog
            prefix = self._t().gettext("usage: ")
        super().add_usage(usage, actions, groups, prefix)

    def _format_text(self, text: str) -> str:
        return super()._format_text(self._t().gettext(text))

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return self._t().gettext(action.help) if action.help else action.help


def parser_class(locale: str | None) -> type[argparse.ArgumentParser]:
    """An ArgumentParser whose help (its subcommands' too) is written in `locale`, else in the
    configured locale."""
    t = cache(lambda: cli_translator(locale))

    class Parser(argparse.ArgumentParser):
        def __init__(self, *args: object, **kwargs: object) -> None:
            kwargs.setdefault("formatter_class", partial(TranslatedHelp, t=t))
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    return Parser
