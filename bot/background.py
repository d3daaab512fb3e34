"""Slow follow-up work off the request threads: message updates after a click.

Bolt acknowledges requests from a small pool of listener threads; if those threads also did the
answer's slow part (a `/pulse year` query, a checklist re-render and its `chat.update`), a busy
team would queue acknowledgements behind that work and Slack gives up after three seconds. So
handlers acknowledge, then hand the rest to this pool. Work `submit`ted under a key is
coalesced: a message already waiting to be re-rendered is rendered once, from the state at that
moment, however many clicks asked for it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

log = logging.getLogger(__name__)


class Background:
    """A small pool for follow-up work, keyed so repeated requests run once."""

    def __init__(self, workers: int = 4, *, inline: bool = False) -> None:
        self.inline = inline
        self._pool = None if inline else ThreadPoolExecutor(workers, "vahti-background")
        self._waiting: set[str] = set()
        self._lock = threading.Lock()

    def submit(self, key: str, work: Callable[[], object]) -> None:
        """Run `work` soon, unless work for `key` is already waiting to start."""
        if self._pool is None:
            self._run(key, work, claimed=False)
            return
        with self._lock:
            if key in self._waiting:
                return
            self._waiting.add(key)
        self._pool.submit(self._run, key, work, True)

    def run(self, name: str, work: Callable[[], object]) -> None:
        """Run `work` soon, whatever else is waiting (one answer per request)."""
        if self._pool is None:
            self._run(name, work, claimed=False)
            return
        self._pool.submit(self._run, name, work, False)

    def _run(self, key: str, work: Callable[[], object], claimed: bool) -> None:
        if claimed:
            with self._lock:
                self._waiting.discard(key)
        try:
            work()
        except Exception:
            log.exception("background work failed", extra={"key": key})

    def shutdown(self, wait: bool = True) -> None:
        """Finish what was submitted (when `wait`) and take no more."""
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=not wait)
