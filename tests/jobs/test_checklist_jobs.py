"""Scheduled checklist posts: right local time, once per period, restarts and second processes."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from bot.clock import FrozenClock
from bot.deps import Deps
from bot.features import job_specs
from bot.live.context import LiveContext, Provider
from jobs.checklists import nudge_open_checklists, post_due_checklists
from jobs.scheduler import build_scheduler
from models.checklists.tables import ChecklistRun
from tests.fakes.deps import make_deps
from tests.fakes.slack_api import FakeSlack


def posts(fake: FakeSlack) -> list[dict]:
    return [
        c.args
        for c in fake.calls_of("chat.postMessage")
        if not c.args.get("thread_ts") and "__failed__" not in c.args
    ]


def daily(fake: FakeSlack) -> list[dict]:
    return [p for p in posts(fake) if "Daily" in p["text"]]


def test_daily_checklist_posts_at_nine_local_time_once(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    clock.set(datetime(2026, 11, 3, 6, 59, tzinfo=UTC))  # 08:59 Helsinki
    post_due_checklists(deps)
    assert not [p for p in posts(fake_slack) if "Daily" in p["text"]]
    clock.set(datetime(2026, 11, 3, 7, 0, tzinfo=UTC))  # 09:00 Helsinki
    post_due_checklists(deps)
    post_due_checklists(deps)
    daily = [p for p in posts(fake_slack) if "Daily" in p["blocks"][0]["text"]["text"]]
    assert len(daily) == 1
    assert daily[0]["channel"] == "C0CHECK"
    texts = json.dumps(daily[0]["blocks"])
    assert "Publish or schedule today's posts" in texts and "Crisis check" in texts
    assert "0 of 6 done" in texts
    assert daily[0]["metadata"]["event_payload"]["key"] == "checklist:T0001:daily:2026-11-03"


def test_weekly_only_on_monday_and_monthly_on_first_working_day(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    clock.set(
        datetime(2026, 11, 2, 7, 5, tzinfo=UTC)
    )  # Monday 2 Nov, 09:05 Helsinki, first working day
    post_due_checklists(deps)
    titles = sorted(p["blocks"][0]["text"]["text"] for p in posts(fake_slack))
    assert titles == [
        "Daily social media checklist",
        "Monthly social media checklist",
        "Weekly social media checklist",
    ]


def test_late_start_posts_once_and_restart_posts_nothing(
    engine, fake_slack: FakeSlack, config
) -> None:
    clock = FrozenClock(
        datetime(2026, 11, 4, 9, 0, tzinfo=UTC)
    )  # 11:00 Helsinki, bot was down at 09:00
    first = make_deps(engine, fake_slack, clock, config)
    post_due_checklists(first)
    assert len(posts(fake_slack)) == 3  # daily, and the late weekly and monthly
    clock.advance(timedelta(minutes=5))
    restarted = make_deps(engine, fake_slack, clock, config)  # a new process on the same database
    post_due_checklists(restarted)
    assert len(posts(fake_slack)) == 3


def test_scheduler_fires_post_at_the_local_time(deps: Deps) -> None:
    scheduler = build_scheduler(deps, job_specs(deps))
    job = scheduler.get_job("checklists.post")
    prev = datetime(2026, 11, 3, 10, 0, tzinfo=deps.config.tz)
    fire = job.trigger.get_next_fire_time(None, prev)
    assert fire == datetime(2026, 11, 4, 9, 0, tzinfo=deps.config.tz)
    saturday = datetime(2026, 11, 6, 10, 0, tzinfo=deps.config.tz)
    assert job.trigger.get_next_fire_time(None, saturday).weekday() == 0
    assert scheduler.get_job("checklists.nudge").trigger.get_next_fire_time(None, prev).hour == 17


def test_end_of_day_nudge_once_naming_open_items(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    clock.set(datetime(2026, 11, 3, 7, 0, tzinfo=UTC))
    post_due_checklists(deps)
    clock.set(datetime(2026, 11, 3, 14, 59, tzinfo=UTC))
    assert nudge_open_checklists(deps) is False
    clock.set(datetime(2026, 11, 3, 15, 0, tzinfo=UTC))  # 17:00 Helsinki
    assert nudge_open_checklists(deps) is True
    clock.advance(timedelta(minutes=1))
    assert nudge_open_checklists(deps) is False
    replies = [c.args for c in fake_slack.calls_of("chat.postMessage") if c.args.get("thread_ts")]
    assert len(replies) == 1
    assert (
        "Still open at the end of the day" in replies[0]["text"]
        and "Crisis check" in replies[0]["text"]
    )


def test_failed_post_is_retried_without_duplicate(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    clock.set(datetime(2026, 11, 3, 7, 0, tzinfo=UTC))
    fake_slack.fail_next("chat.postMessage", status=500, error="fatal_error")
    fake_slack.fail_next("chat.postMessage", status=500, error="fatal_error")
    fake_slack.fail_next("chat.postMessage", status=500, error="fatal_error")
    post_due_checklists(
        deps
    )  # the client retried twice; the daily post failed, the others went out
    assert daily(fake_slack) == [] and len(posts(fake_slack)) == 2
    clock.advance(timedelta(minutes=1))
    post_due_checklists(deps)  # claim still fresh: another process could be posting
    assert daily(fake_slack) == []
    clock.advance(timedelta(minutes=10))
    post_due_checklists(deps)
    post_due_checklists(deps)
    assert len(daily(fake_slack)) == 1 and len(posts(fake_slack)) == 3


def test_rate_limited_post_is_retried_by_the_client(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    clock.set(datetime(2026, 11, 3, 7, 0, tzinfo=UTC))
    fake_slack.fail_next("chat.postMessage", status=429, retry_after=0)
    post_due_checklists(deps)
    assert next(c.args.get("__failed__") for c in fake_slack.calls_of("chat.postMessage")) == 429
    assert len(daily(fake_slack)) == 1


def test_template_edits_apply_to_new_periods_and_keep_history(
    engine, fake_slack: FakeSlack, config, tmp_path, clock: FrozenClock
) -> None:
    clock.set(datetime(2026, 11, 3, 7, 0, tzinfo=UTC))
    post_due_checklists(make_deps(engine, fake_slack, clock, config))
    (tmp_path / "checklists.en.yml").write_text(
        "daily:\n  title: Our daily list\n  items:\n    - {id: kpis, title: KPIs first}\n"
        "    - {id: publish, title: Publish}\n",
        encoding="utf-8",
    )
    edited = make_deps(
        engine, fake_slack, clock, config.model_copy(update={"templates_dir": tmp_path})
    )
    clock.set(datetime(2026, 11, 4, 7, 0, tzinfo=UTC))
    post_due_checklists(edited)
    tuesday = daily(fake_slack)[0]
    wednesday = next(p for p in posts(fake_slack) if "Our daily list" in p["text"])
    assert "0 of 6 done" in tuesday["text"] and "0 of 2 done" in wednesday["text"]
    with Session(engine) as session:
        runs = session.exec(select(ChecklistRun).where(ChecklistRun.cadence == "daily")).all()
    assert [len(r.items) for r in sorted(runs, key=lambda r: r.period_start)] == [6, 2]


def test_the_nudge_computes_no_live_lines(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    """The end-of-day reply names open items only: no provider runs for it, even with the
    checklist's cached lines out of date."""
    asked: list[str] = []

    def counted(name: str, provider: Provider) -> Provider:
        def ask(ctx: LiveContext) -> list[str]:
            asked.append(name)
            return provider(ctx)

        return ask

    deps = replace(deps, providers={n: counted(n, p) for n, p in deps.providers.items()})
    clock.set(datetime(2026, 11, 3, 7, 0, tzinfo=UTC))
    post_due_checklists(deps)
    assert asked  # posting draws the live lines
    asked.clear()
    clock.set(datetime(2026, 11, 3, 15, 0, tzinfo=UTC))  # 17:00 Helsinki, hours after posting
    assert nudge_open_checklists(deps) is True
    assert asked == []
