"""Live lines computed once per refresh, not once per click.

A checklist's live numbers can take seconds to compute over a large store; a click only changes
a tick or a note. So each run's lines are kept for `LIVE_TTL` and a click re-renders with them;
the refresh job (and posting) computes them afresh. Concurrent clicks on one run compute at most
once: the others wait for that computation instead of starting their own.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
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


SETTLED_KEPT = 64


@dataclass
class SettledLines:
    """Lines about completed windows (last week, last month), kept while what they read is the
    same: each is stored with the stamp of the mentions it read (`counts.mentions_stamp`), and
    a stamp that moved (a mention stored in those windows) computes the lines afresh.

    Mentions are only ever inserted, so an unchanged stamp means unchanged rows; the key names
    the provider, workspace, period and configuration, so no other figure can be served.
    """

    kept: int = SETTLED_KEPT
    _found: OrderedDict[Hashable, tuple[Hashable, object, list[str]]] = field(
        default_factory=OrderedDict
    )
    _guard: threading.Lock = field(default_factory=threading.Lock)

    def lines(
        self, key: Hashable, stamp: Hashable, owner: object, compute: Callable[[], list[str]]
    ) -> list[str]:
        """The lines kept under `key` when read at the same `stamp` for the same `owner` (the
        configuration object, compared by identity), else `compute()`'s, kept for next time."""
        with self._guard:
            found = self._found.get(key)
            if found is not None and found[0] == stamp and found[1] is owner:
                self._found.move_to_end(key)
                return list(found[2])
        computed = compute()
        with self._guard:
            self._found[key] = (stamp, owner, list(computed))
            self._found.move_to_end(key)
            while len(self._found) > self.kept:
                self._found.popitem(last=False)
        return computed


@dataclass
class LiveCache:
    """Per-process cache of each checklist run's live lines."""

    ttl: timedelta = LIVE_TTL
    settled: SettledLines = field(default_factory=SettledLines)
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
