"""Every surface gives the same mentions and share of voice, and it is the direct count.

Posts name the brand, the competitor, both or none, at the edges of local days and around both
DST changes in Europe/Helsinki, arriving late or into an empty history (Hypothesis generates
them); `/kpi`, `vahti kpi`, the checklist's KPI line and `vahti export kpis|mentions|year` must
all say what a direct count says.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.time import local_midnight
from tests.figures_check import (
    HEL,
    TEXTS,
    Post,
    checklist_line,
    checklist_lines,
    database,
    export_kpis,
    export_mentions,
    export_year,
    kpi_cli,
    kpi_slack,
    truth,
)


def _close(a: float | None, b: float | None, places: int) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 0.5 * 10**-places + 1e-9


def assert_all_agree(batches: Sequence[Sequence[Post]], extra_days: Sequence[date] = ()) -> None:
    posts = [p for batch in batches for p in batch]
    days = sorted({p.local_day() for p in posts} | set(extra_days))
    first, last = days[0], days[-1]
    with database(batches) as offline:
        kpis = export_kpis(first, last)
        listed = export_mentions(first, last)
        year = export_year(first.replace(day=1), last)
        for day in days:
            want = truth(posts, lambda p, d=day: p.local_day() == d)
            cli_mentions, cli_sov, cli_unmatched = kpi_cli(day)
            assert (cli_mentions, cli_unmatched) == (want.mentions, want.unmatched), day
            assert _close(cli_sov, want.share_of_voice, 2), (day, cli_sov, want)
            slack_mentions, slack_sov = kpi_slack(offline, day)
            assert slack_mentions == want.mentions and _close(slack_sov, want.share_of_voice, 2)
            assert checklist_line(offline, day) == want.mentions
            assert float(kpis[(day, "mentions")]) == want.mentions
            sov = kpis[(day, "share_of_voice")]
            assert _close(float(sov) if sov else None, want.share_of_voice, 4), (day, sov)
            exported = [b for at, b in listed if at.astimezone(HEL).date() == day]
            assert sum("Acme" in b for b in exported) == want.mentions
        assert sorted((at, b) for at, b in listed) == sorted(
            (p.at, p.names) for p in posts if first <= p.local_day() <= last
        )
        for month, (mentions, sov) in year.items():
            want = truth(posts, lambda p, m=month: f"{p.local_day():%Y-%m}" == m)
            assert mentions == want.mentions, month
            assert _close(float(sov) if sov else None, want.share_of_voice, 3), (month, sov)


def at(local: str) -> datetime:
    """A Helsinki wall-clock time (unambiguous ones) in UTC."""
    return datetime.fromisoformat(local).replace(tzinfo=HEL).astimezone(UTC)


def test_the_issue_day_27_brand_posts_and_6_unmatched_is_27_and_59_percent() -> None:
    """27 posts name the brand, 19 the competitor, 6 none: 27 mentions and 59%, everywhere."""
    day = [at(f"2026-11-16T{h:02d}:10") for h in range(8, 20)]
    posts = [Post(day[i % 12] + timedelta(minutes=i), ("Acme",)) for i in range(27)]
    posts += [Post(day[i % 12] + timedelta(minutes=i), ("Rival",)) for i in range(19)]
    posts += [Post(day[i] + timedelta(minutes=40), ()) for i in range(6)]
    assert kpi_cli_after([posts], date(2026, 11, 16)) == (27, 0.59, 6)
    assert_all_agree([posts])


def kpi_cli_after(batches: Sequence[Sequence[Post]], day: date) -> tuple[int, float | None, int]:
    with database(batches):
        return kpi_cli(day)


def test_edges_of_local_days_across_the_end_of_summer_time() -> None:
    """Midnight edges in local time, the repeated hour of 25 Oct 2026, both-brand posts."""
    posts = [
        Post(at("2026-10-24T23:59"), ("Acme",)),
        Post(at("2026-10-25T00:00"), ("Acme", "Rival")),
        Post(datetime(2026, 10, 25, 0, 30, tzinfo=UTC), ("Acme",)),  # 03:30 EEST, first pass
        Post(datetime(2026, 10, 25, 1, 30, tzinfo=UTC), ("Rival",)),  # 03:30 EET, second pass
        Post(at("2026-10-25T23:59"), ()),
        Post(at("2026-10-26T00:00"), ("Acme",)),
        Post(at("2026-10-31T23:30"), ("Acme",)),
        Post(at("2026-11-01T00:30"), ("Acme", "Rival")),
    ]
    assert_all_agree([posts[4:], posts[:4]])  # the older half arrives late


LOCAL_DAYS = [
    date(2026, 3, 28),
    date(2026, 3, 29),
    date(2026, 3, 30),
    date(2026, 10, 24),
    date(2026, 10, 25),
    date(2026, 10, 26),
]
EDGES = [0, 1, 59, 60, 119, 120, 179, 180, 181, 239, 240, 1380, 1439]


@st.composite
def posts(draw: st.DrawFn) -> Post:
    day = draw(st.sampled_from(LOCAL_DAYS))
    minute = draw(st.one_of(st.sampled_from(EDGES), st.integers(-90, 25 * 60)))
    names = draw(st.sampled_from(sorted(TEXTS)))
    return Post(local_midnight(day, HEL) + timedelta(minutes=minute), names)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    batches=st.lists(st.lists(posts(), min_size=1, max_size=12), min_size=1, max_size=2),
    empty_day=st.sampled_from(LOCAL_DAYS),
)
def test_every_surface_gives_the_direct_count(batches: list[list[Post]], empty_day: date) -> None:
    assert_all_agree(batches, extra_days=[empty_day])


def test_typical_by_this_hour_is_local_time_after_summer_time_ends() -> None:
    """Monday 26 Oct 2026 09:00, the day after the clocks went back: a typical Monday by 09:00
    is 00:00–09:00 of earlier Mondays (45), not the 7×24 h before (01:00–10:00, 54); the
    checklist's volume line and its KPI line say the same."""
    mondays = [date(2026, 10, 26) - timedelta(weeks=k) for k in range(1, 5)]
    history = [
        Post(at(f"{day}T{hour:02d}:20"), ("Acme",))
        for day in mondays
        for hour in range(24)
        for _ in range(hour + 1)
    ]
    now = at("2026-10-26T09:00")
    with database([history]) as offline:
        volume = checklist_lines(offline, "volume_today", date(2026, 10, 26), now)
        kpi = checklist_lines(offline, "kpi_today", date(2026, 10, 26), now)
    assert volume[0] == "*Acme*: 0 so far; a typical day has 45 by 09:00 (0.0×)"
    assert any(line.startswith("*Mentions* 0 ·") and "typical 45 ·" in line for line in kpi), kpi
