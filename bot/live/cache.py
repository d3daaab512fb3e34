"""Live lines computed once per refresh, not once per click.

A checklist's live numbers can take seconds to compute over a large store; a click only changes
a tick or a note. So each run's lines are kept for `LIVE_TTL` and a click re-renders with them;
the refresh job (and posting) computes them afresh. Concurrent clicks on one run compute at most
once: the others wait for that computation instead of starting their own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

LIVE_TTL = timedelta(minutes=5)

Lines = Mapping[str, tuple[str, ...]]
"""Each item's live lines, by item id."""


@dataclass
class _Entry:
    lock: threading.Lock = field(default_factory=threading.Lock)
    lines: Lines | None = None
    at: datetime | None = None


@dataclass
class LiveCache:
    """Per-process cache of each checklist run's live lines."""

    ttl: timedelta = LIVE_TTL
    _entries: dict[int, _Entry] = field(default_factory=dict)
    _guard: threading.Lock = field(default_factory=threading.Lock)

    def lines(
        self, run_id: int, now: datetime, compute: Callable[[], Lines], *, fresh: bool = False
    ) -> Lines:
        """The run's lines: cached while younger than `ttl`, else (or when `fresh`) computed."""
        with self._guard:
            entry = self._entries.setdefault(run_id, _Entry())
        with entry.lock:
            young = entry.at is not None and now - entry.at < self.ttl
            if entry.lines is None or fresh or not young:
                entry.lines, entry.at = compute(), now
            return entry.lines

    def peek(self, run_id: int) -> Lines | None:
        """The run's cached lines, however old, without computing any."""
        with self._guard:
            entry = self._entries.get(run_id)
        return None if entry is None else entry.lines
