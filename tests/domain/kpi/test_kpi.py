"""KPI domain: periods (DST included), argument parsing, targets over time, typical, marks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from bot.blocks.kpi import checklist_lines, plain_text
from bot.domain.command_args import UsageError
from bot.domain.kpi.args import parse_kpi
from bot.domain.kpi.figures import (
    compute,
    daily_targets,
    needs_every_day,
    reference_spans,
    references,
)
from bot.domain.kpi.metrics import (
    Metric,
    Status,
    TargetChange,
    Targets,
    judge,
    parse_period,
    period_of,
)
from bot.domain.kpi.series import series
from bot.domain.kpi.totals import HourTotals, build_data, window_values
from bot.domain.mentions.roles import BrandRoles
from bot.domain.time import local_midnight

HEL = ZoneInfo("Europe/Helsinki")
NOW = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)  # Tue 10:00 in Helsinki
COLUMNS = [
    "hour",
    "brand",
    "mentions",
    "positive",
    "negative",
    "neutral",
    "reach",
    "engagement",
    "shares",
]


def hour_row(
    at: datetime,
    mentions: int,
    brand: str = "Acme",
    positive: int = 0,
    negative: int = 0,
    reach: int = 0,
    shares: int = 0,
) -> tuple:
    neutral = mentions - positive - negative
    return (at, brand, mentions, positive, negative, neutral, reach, 0, shares)


def frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)


def data_of(
    rows: list[tuple],
    targets: Targets | None = None,
    logs: dict | None = None,
    competitors: frozenset[str] = frozenset(),
):
    totals = HourTotals.from_frame(frame(rows), BrandRoles.of(None, competitors))
    return build_data(totals, logs or {}, targets or Targets(), HEL, bool(competitors))


def row_of(summary, metric: Metric):
    return next(r for r in summary.metrics if r.metric is metric)


# --- periods -------------------------------------------------------------------------------------


def test_today_week_month_in_local_time() -> None:
    late = datetime(2026, 11, 1, 22, 30, tzinfo=UTC)  # already Mon 2 Nov 00:30 in Helsinki
    today = parse_period("today", late, HEL)
    assert (today.kind, today.start, today.end) == ("day", date(2026, 11, 2), date(2026, 11, 3))
    assert today.partial and today.as_of == late
    week = parse_period("week", NOW, HEL)
    assert (week.start, week.end) == (date(2026, 11, 2), date(2026, 11, 9))
    month = parse_period("month", NOW, HEL)
    assert (month.start, month.end) == (date(2026, 11, 1), date(2026, 12, 1))
    assert parse_period("", NOW, HEL) == parse_period("today", NOW, HEL)


@pytest.mark.parametrize(
    ("day", "hours"), [("2026-10-25", 25), ("2026-03-29", 23), ("2026-06-01", 24)]
)
def test_a_local_day_spans_23_24_or_25_utc_hours(day: str, hours: int) -> None:
    period = parse_period(day, NOW, HEL)
    assert not period.partial and period.as_of == period.end_utc
    assert (period.end_utc - period.start_utc) == timedelta(hours=hours)


def test_dst_day_counts_its_extra_hour() -> None:
    # 25 Oct 2026 in Helsinki: 21:00 UTC on the 24th to 22:00 UTC on the 25th.
    rows = [
        hour_row(datetime(2026, 10, 24, 20, tzinfo=UTC), 100),  # 23:00 on the 24th: not counted
        hour_row(datetime(2026, 10, 24, 21, tzinfo=UTC), 1),
        hour_row(datetime(2026, 10, 25, 21, tzinfo=UTC), 2),  # 23:00 EET, the 25th hour
        hour_row(datetime(2026, 10, 25, 22, tzinfo=UTC), 100),
    ]  # already the 26th
    summary = compute(data_of(rows), parse_period("2026-10-25", NOW, HEL), with_typical=False)
    assert row_of(summary, Metric.MENTIONS).value == 3


@pytest.mark.parametrize(
    "arg", ["2026-02-30", "2026-13-01", "26-11-03", "2026-1-3", "tomorrow", "2027-01-01"]
)
def test_bad_dates_and_words_answer_with_the_forms(arg: str) -> None:
    with pytest.raises(UsageError) as err:
        parse_period(arg, NOW, HEL)
    reply = err.value.reply()
    assert "YYYY-MM-DD" in reply and "share_of_voice" in reply and "/kpi set" in reply


# --- arguments -----------------------------------------------------------------------------------


def test_set_and_log_arguments() -> None:
    req = parse_kpi("set positive 60%", NOW, HEL)
    assert (req.action, req.metric, req.value) == ("set", Metric.POSITIVE_SHARE, 0.6)
    assert parse_kpi("set mentions 120", NOW, HEL).value == 120
    assert parse_kpi("set sov 0.4", NOW, HEL).value == 0.4
    log = parse_kpi("log followers 42 2026-11-01", NOW, HEL)
    assert (log.action, log.metric, log.value, log.day) == (
        "log",
        Metric.NEW_FOLLOWERS,
        42,
        date(2026, 11, 1),
    )
    assert parse_kpi("log new_followers 7", NOW, HEL).day == date(2026, 11, 3)
    assert parse_kpi("help", NOW, HEL).action == "help"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("set likes 3", "I don't know the metric `likes`"),
        ("set mentions lots", "`lots` is not a number"),
        ("set mentions -4", "must be a number of zero or more"),
        ("set positive_share 140%", "over 100%"),
        ("set mentions", "takes a metric and a value"),
        ("log mentions 4", "is worked out from mentions"),
        ("log new_followers 4 2026-11-31", "is not a date"),
        ("today please", "I don't know"),
    ],
)
def test_bad_arguments_say_what_was_wrong(text: str, problem: str) -> None:
    with pytest.raises(UsageError) as err:
        parse_kpi(text, NOW, HEL)
    assert problem in str(err.value)
    assert "new_followers" in err.value.usage


# --- marks ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected", "lower", "status"),
    [
        (120, 100, False, Status.AHEAD),
        (109, 100, False, Status.ON_TRACK),
        (91, 100, False, Status.ON_TRACK),
        (80, 100, False, Status.BEHIND),
        (0.05, 0.10, True, Status.AHEAD),  # a lower negative share is better
        (0.20, 0.10, True, Status.BEHIND),
        (5, None, False, Status.NO_TARGET),
        (None, 100, False, Status.NO_DATA),
        (0, 0, False, Status.ON_TRACK),
    ],
)
def test_marks(value, expected, lower, status) -> None:
    mark, gap = judge(value, expected, lower)
    assert mark is status
    assert gap == (None if value is None or expected is None else value - expected)


# --- targets -------------------------------------------------------------------------------------


def test_a_report_uses_the_target_in_force_on_its_day() -> None:
    targets = Targets(
        (
            TargetChange(Metric.MENTIONS, 100, datetime(2026, 10, 20, 12, tzinfo=UTC)),
            TargetChange(Metric.MENTIONS, 150, datetime(2026, 11, 2, 9, tzinfo=UTC)),
        ),
        ((Metric.MENTIONS, 80),),
    )
    data = data_of([hour_row(datetime(2026, 10, 27, 9, tzinfo=UTC), 100)], targets)
    assert (
        row_of(compute(data, parse_period("2026-10-27", NOW, HEL)), Metric.MENTIONS).target == 100
    )
    assert (
        row_of(compute(data, parse_period("2026-11-02", NOW, HEL)), Metric.MENTIONS).target == 150
    )
    # Before any /kpi set, vahti.yml's target applies; the day it was set, the new one does.
    assert row_of(compute(data, parse_period("2026-10-19", NOW, HEL)), Metric.MENTIONS).target == 80
    assert (
        row_of(compute(data, parse_period("2026-10-20", NOW, HEL)), Metric.MENTIONS).target == 100
    )
    week = compute(data, parse_period("week", NOW, HEL))
    assert row_of(week, Metric.MENTIONS).target == 7 * 150


def test_days_before_the_first_target_borrow_it_and_later_days_keep_theirs() -> None:
    targets = Targets(
        (
            TargetChange(Metric.MENTIONS, 100, datetime(2026, 10, 21, 12, tzinfo=UTC)),
            TargetChange(Metric.MENTIONS, 150, datetime(2026, 10, 23, 9, tzinfo=UTC)),
        )
    )
    data = data_of([hour_row(datetime(2026, 10, 20, 9, tzinfo=UTC), 10)], targets)
    days = [date(2026, 10, 19) + timedelta(days=i) for i in range(7)]
    assert daily_targets(data, Metric.MENTIONS, days) == [100, 100, 100, 100, 150, 150, 150]
    assert daily_targets(data, Metric.REACH, days) is None


# --- typical by this hour ------------------------------------------------------------------------


def test_typical_is_the_median_of_the_same_weekday_up_to_the_same_local_hour() -> None:
    rows = []
    for weeks, per_hour in zip(range(1, 9), [4, 5, 6, 7, 8, 9, 10, 11], strict=True):
        day_start = local_midnight(date(2026, 11, 3) - timedelta(weeks=weeks), HEL)  # Tuesdays
        rows += [hour_row(day_start + timedelta(hours=h), per_hour) for h in range(24)]
    rows += [
        hour_row(datetime(2026, 11, 2, 22, tzinfo=UTC) + timedelta(hours=h), 3) for h in range(10)
    ]
    targets = Targets(defaults=((Metric.MENTIONS, 200),))
    summary = compute(data_of(rows, targets), parse_period("today", NOW, HEL))
    mentions = row_of(summary, Metric.MENTIONS)
    assert summary.basis == "the same weekday of the last 8 weeks" and summary.references == 8
    assert mentions.value == 30  # 10 hours (00:00–10:00) of 3
    assert mentions.typical == 10 * 7.5  # median per hour of 4..11 is 7.5
    # Pace: a typical Tuesday has 10/24 of its mentions by 10:00, so 200 × 10/24 is expected.
    assert mentions.expected == pytest.approx(200 * 10 / 24)
    assert mentions.status is Status.BEHIND


def test_typical_counts_the_current_hour_pro_rata_and_falls_back_to_every_day() -> None:
    rows = []
    for days in range(1, 15):  # two weeks of history: only 2 earlier Tuesdays
        day_start = local_midnight(date(2026, 11, 3) - timedelta(days=days), HEL)
        rows += [hour_row(day_start + timedelta(hours=h), 6) for h in range(24)]
    now = NOW + timedelta(minutes=30)  # 10:30
    summary = compute(data_of(rows), parse_period("today", now, HEL))
    assert summary.basis == "every day of the last 28 days" and summary.references == 14
    assert row_of(summary, Metric.MENTIONS).typical == pytest.approx(10.5 * 6)


# --- values --------------------------------------------------------------------------------------


def test_shares_logs_and_share_of_voice() -> None:
    at = datetime(2026, 11, 3, 6, tzinfo=UTC)
    rows = [
        hour_row(at, 10, positive=6, negative=1, reach=500, shares=3),
        hour_row(at, 30, brand="Rival", positive=30),
    ]
    logs = {
        (Metric.SHARES, date(2026, 11, 3)): 25.0,
        (Metric.NEW_FOLLOWERS, date(2026, 11, 3)): 40.0,
    }
    targets = Targets(defaults=((Metric.NEW_FOLLOWERS, 50), (Metric.NEGATIVE_SHARE, 0.2)))
    summary = compute(
        data_of(rows, targets, logs, frozenset({"rival"})), parse_period("today", NOW, HEL)
    )
    assert row_of(summary, Metric.MENTIONS).value == 10  # competitors' mentions are not ours
    assert row_of(summary, Metric.POSITIVE_SHARE).value == 0.6
    assert row_of(summary, Metric.SHARE_OF_VOICE).value == 0.25
    assert row_of(summary, Metric.SHARES).value == 25  # the team's logged figure replaces the day's
    assert row_of(summary, Metric.REACH).value == 500
    followers = row_of(summary, Metric.NEW_FOLLOWERS)
    assert (followers.value, followers.expected, followers.status) == (40, 50, Status.BEHIND)
    assert row_of(summary, Metric.NEGATIVE_SHARE).status is Status.AHEAD
    purchases = row_of(summary, Metric.PURCHASE_OPPORTUNITIES)  # detected: none in these rows
    assert (purchases.value, purchases.status) == (0, Status.NO_TARGET)


def test_no_competitors_means_no_share_of_voice() -> None:
    data = data_of([hour_row(datetime(2026, 11, 3, 6, tzinfo=UTC), 10)])
    assert window_values(data, date(2026, 11, 3), NOW)[Metric.SHARE_OF_VOICE] is None


def test_week_series_runs_day_by_day_against_target_and_typical() -> None:
    history = [local_midnight(date(2026, 11, 2) - timedelta(days=d), HEL) for d in range(1, 57)]
    rows = [hour_row(day + timedelta(hours=h), 1) for day in history for h in range(24)]
    targets = Targets(defaults=((Metric.MENTIONS, 20),))
    data = data_of([*rows, hour_row(datetime(2026, 11, 2, 6, tzinfo=UTC), 5)], targets)
    period = parse_period("week", NOW, HEL)
    mentions = next(
        s for s in series(data, period, references(data, period)[0]) if s.metric is Metric.MENTIONS
    )
    assert mentions.days == (date(2026, 11, 2), date(2026, 11, 3))
    assert mentions.targets == (20, 40)
    assert mentions.values[0] == 5
    assert mentions.typical == (24, 34)  # Tuesday cut at 10:00 like today


def test_a_day_report_reads_only_its_reference_days_unless_it_falls_back() -> None:
    period = parse_period("today", NOW, HEL)
    spans = reference_spans(period)
    assert spans[0] == (date(2026, 11, 3), date(2026, 11, 4))
    assert [s for s, _ in spans[1:]] == [
        date(2026, 11, 3) - timedelta(weeks=k) for k in range(1, 9)
    ]
    assert len(reference_spans(period, every_day=True)) == 1 + 28
    two_tuesdays = [
        hour_row(local_midnight(date(2026, 11, 3) - timedelta(weeks=k), HEL), 1) for k in (1, 2)
    ]
    assert needs_every_day(data_of(two_tuesdays), period)
    third = hour_row(local_midnight(date(2026, 10, 13), HEL), 1)
    assert not needs_every_day(data_of([*two_tuesdays, third]), period)
    month = parse_period("month", NOW, HEL)
    assert [s for s, _ in reference_spans(month)][1:3] == [date(2026, 10, 1), date(2026, 9, 1)]


# --- cold start ----------------------------------------------------------------------------------


def test_a_period_without_data_is_not_judged_against_its_target() -> None:
    """A month with no data is not 'behind −13,500', and 01:40 on an empty day not 'behind'."""
    targets = Targets(defaults=((Metric.MENTIONS, 450.0),))
    empty_month = compute(data_of([], targets), period_of("month", date(2026, 11, 1), NOW, HEL))
    mentions = row_of(empty_month, Metric.MENTIONS)
    assert not empty_month.has_data and mentions.status is Status.NO_DATA and mentions.gap is None
    history = [
        hour_row(datetime(2026, 11, 3, 6, tzinfo=UTC) - timedelta(weeks=k, hours=h), 1)
        for k in range(1, 5)
        for h in range(4)
    ]
    early = datetime(2026, 11, 2, 23, 40, tzinfo=UTC)  # Tue 01:40 in Helsinki, nothing yet today
    night = compute(data_of(history, targets), parse_period("today", early, HEL))
    assert row_of(night, Metric.MENTIONS).status is Status.NO_DATA
    later = compute(
        data_of([*history, hour_row(datetime(2026, 11, 3, 0, tzinfo=UTC), 1)], targets),
        parse_period("today", NOW, HEL),
    )
    assert later.has_data and row_of(later, Metric.MENTIONS).status is Status.BEHIND


def test_cold_start_is_said_plainly() -> None:
    first = datetime(2026, 11, 3, 6, tzinfo=UTC)  # today's 08:00: the team's first data
    data = build_data(
        HourTotals.from_frame(frame([hour_row(first, 3)]), BrandRoles.of("Acme", [])),
        {},
        Targets(),
        HEL,
        False,
        first,
    )
    report = compute(data, parse_period("today", NOW, HEL))
    assert report.references == 0 and report.days_of_data == 1
    assert "No typical yet (new — 1 day of data so far)" in plain_text(report)
    month = compute(data_of([]), period_of("month", date(2026, 11, 1), NOW, HEL))
    assert checklist_lines(month)[0].startswith("No data for November 2026")
