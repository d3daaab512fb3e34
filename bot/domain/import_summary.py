"""The closing line of an import (mentions or KPI figures), the same shape for both."""

from __future__ import annotations

from bot.i18n import ENGLISH, Translator


def summary_line(
    read: int, stored: int, duplicates: int, rejected: int, t: Translator = ENGLISH
) -> str:
    """`read N, stored N, duplicates N, rejected N` in `t`'s language; the counts stay plain
    digits, as scripts read them (a thousands separator would split a number)."""
    return t.gettext(
        "read {read}, stored {stored}, duplicates {duplicates}, rejected {rejected}"
    ).format(read=read, stored=stored, duplicates=duplicates, rejected=rejected)
