"""Manual KPIs in the daily checklist's KPI line and the end-of-day reminder to log them."""

from __future__ import annotations

import json
import threading
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.engine import Engine

from bot.clock import FrozenClock
from bot.config import VahtiConfig
from bot.db import session_scope
from bot.deps import Deps
from bot.domain.kpi.metrics import Metric
from bot.features import job_specs
from bot.services.kpi.reports import ManualValue, log_value
from jobs.checklists import post_due_checklists
from jobs.kpi import nudge_kpi_logs
from jobs.scheduler import build_scheduler
from models.kpi import targets as kpi_target_repo
from tests.fakes.deps import make_deps
from tests.fakes.slack_api import FakeSlack
from tests.kpi_data import mention, store

TUESDAY = date(2026, 11, 3)
END_OF_DAY = datetime(2026, 11, 3, 15, 0, tzinfo=UTC)  # 17:00 in Helsinki


def set_target(deps: Deps, metric: str, value: float) -> None:
    with session_scope(deps.sessions) as session:
        kpi_target_repo.set_target(
            session=session,
            team_id=deps.team_id,
            metric=metric,
            value=value,
            now=datetime(2026, 10, 30, tzinfo=UTC),
        )


def log(deps: Deps, metric: Metric, value: float, day: date = TUESDAY) -> None:
    log_value(deps, ManualValue(metric, value, day, "slack", "U1"))


def daily_blocks(fake: FakeSlack) -> str:
    found = [c.args for c in fake.calls_of("chat.postMessage") if "Daily" in c.args["text"]]
    assert len(found) == 1
    return json.dumps(found[0]["blocks"], ensure_ascii=False)


def nudges(fake: FakeSlack) -> list[dict]:
    return [
        c.args for c in fake.calls_of("chat.postMessage") if "Not logged today" in c.args["text"]
    ]


def test_kpi_line_says_not_logged_yet_never_zero(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    clock.set(datetime(2026, 11, 3, 7, 0, tzinfo=UTC))
    store(deps.sessions, [mention(datetime(2026, 11, 3, 6, 0, tzinfo=UTC)) for _ in range(3)])
    set_target(deps, "new_followers", 40)
    post_due_checklists(deps)
    daily = daily_blocks(fake_slack)
    assert "*New followers* not logged yet · target 40" in daily
    assert "`/kpi log new_followers 42`" in daily
    assert "*New followers* 0" not in daily and "*New followers* —" not in daily
    assert "*Shares* 3 · no target" in daily  # the roll-ups' shares of today's mentions


def test_kpi_line_shows_logged_new_followers_and_shares(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    clock.set(datetime(2026, 11, 3, 7, 0, tzinfo=UTC))
    store(deps.sessions, [mention(datetime(2026, 11, 3, 6, 0, tzinfo=UTC)) for _ in range(3)])
    set_target(deps, "new_followers", 40)
    log(deps, Metric.NEW_FOLLOWERS, 42)
    log(deps, Metric.SHARES, 250)
    log(deps, Metric.NEW_FOLLOWERS, 17, TUESDAY - timedelta(days=1))  # another day: not today's
    post_due_checklists(deps)
    daily = daily_blocks(fake_slack)
    assert "*New followers* 42 · target 40" in daily and "not logged yet" not in daily
    assert "*Shares* 250 · no target" in daily


def test_nudge_fires_once_at_end_of_day_in_the_daily_thread(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    set_target(deps, "new_followers", 40)
    clock.set(datetime(2026, 11, 3, 7, 0, tzinfo=UTC))
    post_due_checklists(deps)
    daily = next(c for c in fake_slack.calls_of("chat.postMessage") if "Daily" in c.args["text"])
    clock.set(END_OF_DAY - timedelta(minutes=1))
    assert nudge_kpi_logs(deps) is False  # not the end of the day yet
    clock.set(END_OF_DAY)
    assert nudge_kpi_logs(deps) is True
    clock.advance(timedelta(minutes=1))
    assert nudge_kpi_logs(deps) is False  # a retry of the job
    found = nudges(fake_slack)
    assert len(found) == 1
    assert found[0]["channel"] == daily.args["channel"] and found[0]["thread_ts"]
    assert "*New followers*" in found[0]["text"]
    assert "`/kpi log new_followers 42`" in found[0]["text"]


def test_no_nudge_when_logged_or_without_a_target(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    clock.set(END_OF_DAY)
    assert nudge_kpi_logs(deps) is False  # no target for any manual KPI: nothing to remind
    set_target(deps, "new_followers", 40)
    log(deps, Metric.NEW_FOLLOWERS, 0)  # a logged zero is a value, not a missing one
    assert nudge_kpi_logs(deps) is False
    assert nudges(fake_slack) == []


def test_target_from_vahti_yml_without_a_daily_run_goes_to_the_channel(
    engine: Engine, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    config = VahtiConfig.model_validate(
        {
            "timezone": "Europe/Helsinki",
            "channels": {"checklists": "C0CHECK"},
            "kpi_targets": {"new_followers": 30},
        }
    )
    deps = make_deps(engine, fake_slack, clock, config)
    clock.set(END_OF_DAY + timedelta(hours=2))  # a late start still nudges that day, once
    assert nudge_kpi_logs(deps) is True
    found = nudges(fake_slack)
    assert len(found) == 1 and found[0]["channel"] == "C0CHECK" and not found[0].get("thread_ts")


def test_no_nudge_on_a_non_working_day(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    set_target(deps, "new_followers", 40)
    clock.set(datetime(2026, 11, 7, 15, 0, tzinfo=UTC))  # Saturday 17:00 in Helsinki
    assert nudge_kpi_logs(deps) is False
    assert nudges(fake_slack) == []


def test_a_second_process_posts_nothing(
    engine: Engine, fake_slack: FakeSlack, config: VahtiConfig
) -> None:
    clock = FrozenClock(END_OF_DAY)
    first, second = (make_deps(engine, fake_slack, clock, config) for _ in range(2))
    set_target(first, "new_followers", 40)
    assert nudge_kpi_logs(first) is True
    assert nudge_kpi_logs(second) is False
    assert len(nudges(fake_slack)) == 1


def test_processes_racing_on_postgres_post_one_nudge(
    pg_engine: Engine, fake_slack: FakeSlack, config: VahtiConfig
) -> None:
    clock = FrozenClock(END_OF_DAY)
    processes = [make_deps(pg_engine, fake_slack, clock, config) for _ in range(3)]
    set_target(processes[0], "new_followers", 40)
    barrier = threading.Barrier(len(processes))
    results: list[bool] = []

    def fire(deps: Deps) -> None:
        barrier.wait()
        results.append(nudge_kpi_logs(deps))

    threads = [threading.Thread(target=fire, args=(d,)) for d in processes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False, False, True]
    assert len(nudges(fake_slack)) == 1


def test_the_job_fires_at_end_of_day_on_working_days(deps: Deps) -> None:
    scheduler = build_scheduler(deps, job_specs(deps))
    trigger = scheduler.get_job("kpi.log_nudge").trigger
    friday = datetime(2026, 11, 6, 18, 0, tzinfo=deps.config.tz)
    fire = trigger.get_next_fire_time(None, friday)
    assert fire == datetime(
        2026, 11, 9, 17, 0, tzinfo=deps.config.tz
    )  # Monday, skipping the weekend
