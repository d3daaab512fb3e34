"""Why mentions dropped, in plain words: a broken feed or import, or interest fading.

A feed problem looks like silence: no mention stored at all for a while, or one source that
usually contributes going to zero while the others carry on. Interest fading lowers every source
together. Pure: counts and times in, one sentence out.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import ENGLISH, Translator

STALL = timedelta(minutes=30)  # no mention stored for this long looks like a stopped import
SILENT_FLOOR = 3.0  # a source must usually bring this many mentions for its silence to matter


def drop_cause(
    now_by_source: Mapping[str, int],
    usual_by_source: Mapping[str, float],
    last_stored: datetime | None,
    now: datetime,
    tz: ZoneInfo,
    t: Translator = ENGLISH,
) -> str:
    """The likelier cause of a drop, worded for the team in its language."""
    _ = t.gettext
    if last_stored is None or now - last_stored >= STALL:
        check = _("Check the feeds and the listening tool's export before anything else.")
        if last_stored is None:
            return _("Likely a feed or import problem: no new mentions have been stored.") + (
                " " + check
            )
        since = t.date(last_stored.astimezone(tz), "time")
        stalled = _(
            "Likely a feed or import problem: no new mentions have been stored since {time}."
        )
        return stalled.format(time=since) + " " + check
    silent = sorted(
        s
        for s, usual in usual_by_source.items()
        if usual >= SILENT_FLOOR and not now_by_source.get(s)
    )
    talking = [s for s, n in now_by_source.items() if n > 0]
    if silent and talking:
        return _(
            "Likely a feed problem: nothing from {silent} (usually about {n} in this window), "
            "while {talking} carry on."
        ).format(
            silent=", ".join(silent),
            n=t.num(sum(usual_by_source[s] for s in silent)),
            talking=", ".join(sorted(talking)),
        )
    if not talking:
        return _("No mentions at all in this window: more likely a broken feed than lost interest.")
    return _("Interest seems to have dropped: every source is lower than usual, none went silent.")
