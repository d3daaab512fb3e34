"""`vahti demo` runs with no Slack and no network, and every message it shows is one Slack takes."""

from __future__ import annotations

import copy
import json
import pickle
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from bot.cli import main
from bot.db import session_scope
from bot.demo.run import DemoRun
from bot.demo.scenario import demo_config
from bot.demo.simulate import _Snapshot
from bot.demo.store import DemoStore
from bot.domain.crisis.baseline import TypicalDay
from bot.domain.crisis.detector import DetectorSettings
from bot.domain.crisis.signals import BrandSignals
from tests.fakes.slack_api import check_blocks
from tests.i18n_check import english_in, texts


def test_two_demo_days_post_checklists_within_slacks_limits(tmp_path: Path, capsys) -> None:
    assert main(["demo", "--days", "2", "--output", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Daily social media checklist" in out and "Messages posted:" in out
    assert "\nSimulated 26 Oct 2026 to 28 Oct 2026 (2 days).\n" in out
    calls = [json.loads(line) for line in (tmp_path / "messages.jsonl").read_text().splitlines()]
    posts = [c for c in calls if c["method"] == "chat.postMessage" and not c["thread_ts"]]
    assert {"Daily social media checklist", "Weekly social media checklist"} <= {
        c["blocks"][0]["text"]["text"] for c in posts
    }
    assert any(c["method"] == "chat.update" for c in calls)  # the simulated team ticked items
    for call in calls:
        assert check_blocks(call["blocks"]) is None, call["text"]
        assert "<!channel>" not in json.dumps(call)
    assert (tmp_path / "vahti-demo.db").exists()


def test_the_demo_crisis_raises_one_alert_the_team_handles(tmp_path: Path) -> None:
    """Day 17 (Wednesday 11 November) has the crisis: one alert that day, then acted on."""
    assert main(["demo", "--days", "17", "--quiet", "--output", str(tmp_path)]) == 0
    calls = [json.loads(line) for line in (tmp_path / "messages.jsonl").read_text().splitlines()]
    alerts = [
        c
        for c in calls
        if c["channel"] == "C0ALERTS"
        and c["method"] == "chat.postMessage"
        and not c["thread_ts"]
        and c["at"].startswith("2026-11-11")
    ]
    assert len(alerts) == 1, alerts
    assert "Crisis term" in alerts[0]["text"] and "mold" in alerts[0]["text"]
    updates = [c for c in calls if c["method"] == "chat.update" and c["ts"] == alerts[0]["ts"]]
    assert updates  # acknowledged, owned or resolved from Slack: the message follows


def test_the_demo_in_finnish_says_nothing_in_english(tmp_path: Path, capsys) -> None:
    assert main(["demo", "--days", "2", "--locale", "fi", "--output", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Päivittäinen somen tarkistuslista" in out and "[Tehty]" in out
    summary = out.splitlines()[-3:]  # the closing summary, in the team's language too
    assert summary[0] == "Simuloitu 26.10.2026–28.10.2026 (2 päivää)."
    assert summary[1].startswith("Viestejä lähetetty: ") and "tietokanta: " in summary[2]
    assert english_in("\n".join(summary)) == []
    calls = [json.loads(line) for line in (tmp_path / "messages.jsonl").read_text().splitlines()]
    leaks = [(hit, text) for c in calls for text in texts(c) for hit in english_in(text)]
    assert calls and not leaks, leaks[:5]


def _calls(tmp_path: Path, every_step: bool) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Monday 17:00 to Tuesday 13:00 (Helsinki): the nudge, a night, a morning's checklists
    and clicks, and Tuesday's campaign spike with its alert handled by the team."""
    demo = DemoRun.open(tmp_path / f"every-{every_step}.db", demo_config())
    try:
        _, stats = demo.simulate(
            datetime(2026, 10, 26, 15, 0, tzinfo=UTC),
            datetime(2026, 10, 27, 11, 0, tzinfo=UTC),
            every_step=every_step,
        )
    finally:
        demo.close()
    calls = [c.as_json() for c in demo.gateway.calls]
    return calls, stats


def test_jumping_over_quiet_steps_tells_the_same_story_as_ticking_every_bucket(
    tmp_path: Path,
) -> None:
    fast, fast_stats = _calls(tmp_path, every_step=False)
    slow, slow_stats = _calls(tmp_path, every_step=True)
    assert fast == slow
    assert fast_stats["mentions"] == slow_stats["mentions"]
    assert fast_stats["actions"] == slow_stats["actions"] > 0
    assert fast_stats.get("skipped steps", 0) > 100 and "skipped steps" not in slow_stats
    alerts = [c for c in fast if c["channel"] == "C0ALERTS" and c["method"] == "chat.postMessage"]
    assert alerts and "Mention spike" in str(alerts[0]["text"])
    assert any(c["method"] == "chat.update" and c["ts"] == alerts[0]["ts"] for c in fast)
    assert {"C0SOCIAL", "C0ALERTS"} <= {str(c["channel"]) for c in fast}


def test_the_demo_store_takes_a_look_ahead_back_and_writes_the_rest_at_the_end(
    tmp_path: Path,
) -> None:
    path = tmp_path / "store.db"
    store = DemoStore.create(path)
    with session_scope(store.sessions) as session:
        session.execute(text("CREATE TABLE t (x INTEGER)"))
        session.execute(text("INSERT INTO t VALUES (1)"))
    for x, keep in ((2, False), (3, True)):
        look_ahead = store.savepoint()
        with session_scope(store.sessions) as session:
            session.execute(text("INSERT INTO t VALUES (:x)"), {"x": x})
        look_ahead.commit() if keep else look_ahead.rollback()
    store.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT x FROM t ORDER BY x").fetchall() == [(1,), (3,)]


def test_a_failed_unit_of_work_is_not_left_half_written(tmp_path: Path) -> None:
    store = DemoStore.create(tmp_path / "store.db")
    with pytest.raises(ValueError), session_scope(store.sessions) as session:
        session.execute(text("CREATE TABLE t (x INTEGER)"))
        raise ValueError("the unit of work fails")
    with pytest.raises(RuntimeError, match="rolled back"):
        store.close()


def test_a_look_ahead_snapshot_gives_the_detectors_back_as_they_were() -> None:
    """The snapshot shares the slots' values instead of copying them; learning more afterwards
    makes new values, so taking the look-ahead back restores exactly the state snapshotted."""
    day = TypicalDay(bucket_minutes=5, history_weeks=4)
    start = datetime(2026, 11, 2, tzinfo=UTC)
    for i in range(3000):
        day.learn(start + timedelta(minutes=5 * i), float(i % 7))
    before = pickle.dumps(day)
    snapshot = _Snapshot.of({"brand": day})
    for i in range(3000, 3400):
        day.learn(start + timedelta(minutes=5 * i), float(i % 11))
    assert pickle.dumps(day) != before
    assert pickle.dumps(snapshot.restore()["brand"]) == before


def test_a_snapshot_keeps_a_brands_recent_buckets_by_reference_and_restores_them() -> None:
    """Judged buckets are frozen: the snapshot holds the same objects, and the detectors it
    restores judge the buckets that follow exactly as a deep copy taken at the snapshot does."""
    signals = BrandSignals(DetectorSettings.preset("balanced"), ZoneInfo("Europe/Helsinki"), 26)
    start = datetime(2026, 11, 2, tzinfo=UTC)
    for i in range(2000):
        signals.feed(start + timedelta(minutes=5 * i), 20 + i % 9, i % 4)
    control, kept = copy.deepcopy(signals), list(signals.recent)
    snapshot = _Snapshot.of({"brand": signals})
    assert all(any(v is j for v in snapshot.shared) for j in kept)
    for i in range(2000, 2030):
        signals.feed(start + timedelta(minutes=5 * i), 200, 150)
    restored: BrandSignals = snapshot.restore()["brand"]
    assert all(a is b for a, b in zip(restored.recent, kept, strict=True))
    later = [
        (start + timedelta(minutes=5 * i), 20 + 300 * (i % 50 < 6), i % 5)
        for i in range(2000, 2300)
    ]
    steps = [restored.feed(*bucket) for bucket in later]
    assert steps == [control.feed(*bucket) for bucket in later]
    assert any(s.signals for s in steps)  # the spikes are judged, not only quiet buckets


def test_a_snapshot_and_the_journal_since_give_the_watch_back_as_it_was() -> None:
    """Taking a look-ahead back restores the last snapshot and feeds the journalled buckets
    again: the detectors, their episodes and where each brand goes on are those of before the
    look-ahead, and judge what follows as the untouched watch does."""
    from bot.services.crisis.watch import EPOCH, CrisisWatch, _Brand
    from models.crisis.counts import BucketCount

    tz, settings = ZoneInfo("Europe/Helsinki"), DetectorSettings.preset("balanced")
    start = datetime(2026, 11, 2, tzinfo=UTC)
    size = timedelta(minutes=5)
    watch = CrisisWatch(journal=[])
    watch.brands = {n: _Brand(BrandSignals(settings, tz, 26), start) for n in ("A", "B")}

    def feed(first: int, last: int, spike: bool = False) -> None:
        for name in watch.brands:
            counts = [
                BucketCount(int((start + i * size - EPOCH) / size), 20 + i % 9 + 400 * spike, i % 4)
                for i in range(first, last)
            ]
            watch._feed(name, counts, start + last * size)

    feed(0, 2000)
    snapshot = _Snapshot.of(watch.brands)
    assert watch.journal is not None
    watch.journal.clear()
    feed(2000, 2300)  # ticks after the snapshot
    control = copy.deepcopy(watch.brands)
    mark = len(watch.journal)
    feed(2300, 2320, spike=True)  # a look-ahead that meets an anomaly
    assert any(b.signals.episodes for b in watch.brands.values())
    watch.brands = snapshot.restore()
    watch.refeed(watch.journal[:mark])
    for name, brand in watch.brands.items():
        assert brand.next_start == control[name].next_start == start + 2300 * size
        assert brand.signals.episodes == control[name].signals.episodes == {}
        later = [(start + i * size, 20 + 300 * (i % 50 < 6), i % 5) for i in range(2300, 2500)]
        steps = [brand.signals.feed(*b) for b in later]
        assert steps == [control[name].signals.feed(*b) for b in later]
        assert any(s.signals for s in steps)


def test_the_demo_runs_with_the_batch_collector_and_puts_it_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from bot.cli.common import BATCH_GC_THRESHOLD

    seen: list[tuple[int, int]] = []

    def simulate(self: DemoRun, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        seen.append((gc.get_threshold()[0], gc.get_freeze_count()))
        return 0, {}

    monkeypatch.setattr(DemoRun, "simulate", simulate)
    before = gc.get_threshold(), gc.get_freeze_count()
    assert main(["demo", "--days", "1", "--quiet", "--output", str(tmp_path)]) == 0
    assert seen[0][0] == BATCH_GC_THRESHOLD and seen[0][1] > 0
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
