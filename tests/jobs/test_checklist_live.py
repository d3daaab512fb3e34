"""Live lines are computed once per refresh, not on every click, and refreshed by their job."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.background import Background
from bot.deps import Deps
from bot.features import PROVIDERS
from bot.ids import ItemRef
from bot.live.cache import LIVE_TTL, LiveCache
from bot.live.context import LiveContext, Provider
from bot.services.checklists import runs
from jobs.checklists import post_due_checklists, refresh_live_data

MORNING = datetime(2026, 11, 3, 7, 0, tzinfo=UTC)  # 09:00 in Helsinki


def counting(calls: Counter[str], value: list[str]) -> dict[str, Provider]:
    def make(name: str) -> Provider:
        def provider(ctx: LiveContext) -> list[str]:
            calls[name] += 1
            return list(value)

        return provider

    return {name: make(name) for name in PROVIDERS}


def daily_run(deps: Deps) -> tuple[int, str, int]:
    """The posted daily run: its id, first item and how many of its items show live data."""
    run = next(r for r in runs.post_due(deps) if r.cadence == "daily")
    assert run.id is not None
    return run.id, str(run.items[0]["id"]), sum(1 for i in run.items if i.get("data"))


def test_clicks_reuse_the_live_lines_until_they_are_old(deps: Deps, clock, fake_slack) -> None:
    calls: Counter[str] = Counter()
    deps = replace(deps, providers=counting(calls, ["42 so far"]))
    clock.set(MORNING)
    run_id, item, with_data = daily_run(deps)
    computed = sum(calls.values())
    assert computed > 0
    for done in (True, False, True):
        runs.set_done(deps, ItemRef(run_id, item), deps.team_id, "U1", done)
    assert sum(calls.values()) == computed  # three clicks, three updates, no recomputation
    assert len(fake_slack.calls_of("chat.update")) == 3
    assert "42 so far" in str(fake_slack.last("chat.update").args["blocks"])
    clock.advance(LIVE_TTL + timedelta(seconds=1))
    runs.set_done(deps, ItemRef(run_id, item), deps.team_id, "U1", False)
    assert sum(calls.values()) == computed + with_data  # old lines are recomputed, once


def test_refresh_job_updates_only_when_the_lines_moved(deps: Deps, clock, fake_slack) -> None:
    value = ["3 so far"]
    calls: Counter[str] = Counter()
    deps = replace(deps, providers=counting(calls, value))
    clock.set(MORNING)
    post_due_checklists(deps)
    assert refresh_live_data(deps) == 0 and fake_slack.calls_of("chat.update") == []
    value[0] = "7 so far"
    clock.advance(timedelta(minutes=5))
    assert refresh_live_data(deps) >= 1
    assert "7 so far" in str(fake_slack.last("chat.update").args["blocks"])


def test_concurrent_clicks_on_one_run_compute_once(deps: Deps, clock) -> None:
    started, release = threading.Event(), threading.Event()
    calls = 0

    def slow() -> dict[str, tuple[str, ...]]:
        nonlocal calls
        calls += 1
        started.set()
        release.wait(5)
        return {"a": ("x",)}

    cache = LiveCache()
    now = clock.now()
    threads = [threading.Thread(target=cache.lines, args=(1, now, slow)) for _ in range(5)]
    for t in threads:
        t.start()
    assert started.wait(5)
    release.set()
    for t in threads:
        t.join(5)
    assert calls == 1 and cache.peek(1) == {"a": ("x",)}


def test_background_coalesces_work_waiting_for_the_same_message() -> None:
    gate, ran = threading.Event(), Counter[str]()
    pool = Background(workers=1)
    try:
        pool.submit("block", lambda: gate.wait(5))  # keeps the only worker busy
        for _ in range(5):
            pool.submit("checklist:1", lambda: ran.update(["checklist:1"]))
        pool.submit("checklist:2", lambda: ran.update(["checklist:2"]))
        gate.set()
    finally:
        pool.shutdown(wait=True)
    assert ran == Counter({"checklist:1": 1, "checklist:2": 1})
