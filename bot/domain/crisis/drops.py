"""Why mentions dropped, in plain words: a broken feed or import, or interest fading.

A feed problem looks like silence: no mention stored at all for a while, or one source that
usually contributes going to zero while the others carry on. Interest fading lowers every source
together. Pure: counts and times in, one sentence out.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

STALL = timedelta(minutes=30)  # no mention stored for this long looks like a stopped import
SILENT_FLOOR = 3.0  # a source must usually bring this many mentions for its silence to matter


def drop_cause(
    now_by_source: Mapping[str, int],
    usual_by_source: Mapping[str, float],
    last_stored: datetime | None,
    now: datetime,
    tz: ZoneInfo,
) -> str:
    """The likelier cause of a drop, worded for the team."""
    if last_stored is None or now - last_stored >= STALL:
        since = f" since {last_stored.astimezone(tz):%H:%M}" if last_stored else ""
        return (
            f"Likely a feed or import problem: no new mentions have been stored{since}. "
            "Check the feeds and the listening tool's export before anything else."
        )
    silent = sorted(
        s
        for s, usual in usual_by_source.items()
        if usual >= SILENT_FLOOR and not now_by_source.get(s)
    )
    talking = [s for s, n in now_by_source.items() if n > 0]
    if silent and talking:
        return (
            f"Likely a feed problem: nothing from {', '.join(silent)} (usually about "
            f"{sum(usual_by_source[s] for s in silent):.0f} in this window), while "
            f"{', '.join(sorted(talking))} carry on."
        )
    if not talking:
        return "No mentions at all in this window: more likely a broken feed than lost interest."
    return "Interest seems to have dropped: every source is lower than usual, none went silent."
