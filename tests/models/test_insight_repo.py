"""The insight queries aggregate in SQL and agree with the domain rules (SQLite and PostgreSQL)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.domain.insights.activation import Contributor
from bot.domain.insights.advocates import AdvocateRules, Side, rank
from bot.domain.insights.rows import AuthorTotals
from bot.domain.insights.windows import Window
from models.insights import counts
from models.insights import people as repo
from tests.fakes.slack_api import TEAM
from tests.insight_data import add

T0 = datetime(2026, 10, 1, tzinfo=UTC)
WEEK = Window(T0, T0 + timedelta(days=7), "week")
RULES = AdvocateRules()


@pytest.fixture(params=["sqlite", "postgres"])
def db(request: pytest.FixtureRequest, engine: Engine) -> Iterator[Engine]:
    yield engine if request.param == "sqlite" else request.getfixturevalue("pg_engine")


def expected_totals(rows: list[tuple[str, str, int]]) -> list[AuthorTotals]:
    """Per-author totals worked out in Python from (author, label, reach) rows."""
    out = []
    for author in sorted({a for a, _, _ in rows}):
        mine = [(label, reach) for a, label, reach in rows if a == author]
        pos = sum(label == "positive" for label, _ in mine)
        neg = sum(label == "negative" for label, _ in mine)
        out.append(
            AuthorTotals(author, len(mine), pos, neg, 0.6 * (pos - neg), max(r for _, r in mine), 0)
        )
    return out


def test_advocates_ranked_in_sql_exactly_like_the_domain(db: Engine) -> None:
    rng = random.Random(7)
    rows = [
        (
            f"user{rng.randrange(15)}",
            rng.choice(["positive", "positive", "neutral", "negative"]),
            rng.choice([5, 500, 50_000, 2_000_000_000]),
        )
        for _ in range(80)
    ]
    with Session(db) as s:
        for i, (author, label, reach) in enumerate(rows):
            add(s, T0 + timedelta(hours=i), author, label, reach=reach)
        add(s, T0 + timedelta(hours=1), "", "positive")  # no author: never ranked
        add(s, T0 + timedelta(hours=2), "", "positive")
        add(s, T0 - timedelta(days=1), "user0", "negative")  # outside the window
        add(s, T0 + timedelta(hours=5), "user0", "positive", team="T0OTHER")
        s.commit()
        for side in Side:
            found = repo.author_totals(
                session=s, team_id=TEAM, window=WEEK, side=side, rules=RULES, limit=100
            )
            expected = rank(expected_totals(rows), side, RULES, 100)
            assert found, side
            assert [a.author for a in found] == [a.author for a in expected]
            limited = repo.author_totals(
                session=s, team_id=TEAM, window=WEEK, side=side, rules=RULES, limit=2
            )
            assert limited == found[:2]


def test_author_totals_fields_and_details(db: Engine) -> None:
    with Session(db) as s:
        add(s, T0 - timedelta(days=30), "ann", "neutral", source="x")  # first seen, before window
        add(s, T0 + timedelta(hours=15), "ann", "positive", source="x", reach=2000, engagement=5)
        add(
            s,
            T0 + timedelta(days=1, hours=15),
            "ann",
            "positive",
            source="instagram",
            reach=300,
            engagement=40,
            text="love it",
            url="https://ig/1",
        )
        add(s, T0 + timedelta(days=2, hours=6), "ann", "neutral", source="x", reach=10)
        s.commit()
        [ann] = repo.author_totals(
            session=s, team_id=TEAM, window=WEEK, side=Side.ADVOCATE, rules=RULES, limit=5
        )
        assert ann == AuthorTotals("ann", 3, 2, 0, pytest.approx(1.2), 2000, 46)
        detail = repo.author_details(session=s, team_id=TEAM, window=WEEK, authors=["ann"])["ann"]
    assert sorted(detail.networks) == [("instagram", 1), ("x", 2)]
    assert sorted(detail.hours) == [
        (datetime(2026, 10, 1, 15, tzinfo=UTC), 1),
        (datetime(2026, 10, 2, 15, tzinfo=UTC), 1),
        (datetime(2026, 10, 3, 6, tzinfo=UTC), 1),
    ]
    assert detail.first_seen == T0 - timedelta(days=30)
    assert detail.top_post is not None and detail.top_post.url == "https://ig/1"


def test_weekly_counts_totals_and_top_posts(db: Engine) -> None:
    weeks = [Window(T0 + timedelta(days=7 * i), T0 + timedelta(days=7 * (i + 1))) for i in range(3)]
    with Session(db) as s:
        for i, (week, n) in enumerate(zip(weeks, (2, 0, 3), strict=True)):
            for j in range(n):
                add(
                    s,
                    week.start + timedelta(hours=j),
                    "ann",
                    "positive",
                    engagement=10 * i + j,
                    reach=100,
                )
        add(s, weeks[2].start, "bob", "negative", engagement=999, reach=7)
        s.commit()
        per_week = repo.author_window_counts(
            session=s, team_id=TEAM, windows=weeks, authors=["ann", "zed"]
        )
        assert per_week == {"ann": [2, 0, 3], "zed": [0, 0, 0]}
        totals = counts.window_totals(session=s, team_id=TEAM, windows=weeks)
        assert [t.mentions for t in totals] == [2, 0, 4]
        assert (totals[2].positive, totals[2].negative, totals[2].reach) == (3, 1, 307)
        assert totals[2].polarity_sum == pytest.approx(3 * 0.6 - 0.6)
        top = repo.top_posts(session=s, team_id=TEAM, window=weeks[2], limit=2)
        assert [p.author for p in top] == ["bob", "ann"] and top[1].engagement == 22


def test_tag_and_video_counts_with_their_largest_source(db: Engine) -> None:
    weeks = [
        Window(T0, T0 + timedelta(days=7)),
        Window(T0 + timedelta(days=7), T0 + timedelta(days=14)),
    ]
    with Session(db) as s:
        add(s, T0, "ann", hashtags=["acme"], links=["https://a/1"])
        for i in range(4):
            add(
                s,
                weeks[1].start + timedelta(hours=i),
                "bob",
                hashtags=["deal", "acme"],
                media="video",
            )
        add(s, weeks[1].start, "cy", hashtags=["deal"], links=["https://a/1", "https://a/2"])
        s.commit()
        assert counts.tag_counts(session=s, team_id=TEAM, kind="hashtag", windows=weeks) == [1, 9]
        assert counts.tag_counts(
            session=s, team_id=TEAM, kind="hashtag", windows=weeks, values=["acme"]
        ) == [1, 4]
        assert counts.tag_counts(session=s, team_id=TEAM, kind="link", windows=weeks) == [1, 2]
        assert counts.video_counts(session=s, team_id=TEAM, windows=weeks) == [0, 4]
        tops = counts.tag_contributors(session=s, team_id=TEAM, kind="hashtag", window=weeks[1])
        assert tops == [Contributor("hashtag", "deal", 5), Contributor("author", "bob", 8)]
        videos = counts.video_contributors(session=s, team_id=TEAM, window=weeks[1])
        assert videos == [Contributor("author", "bob", 4)]


def test_brand_counts_count_every_brand_a_mention_names(db: Engine) -> None:
    windows = [
        Window(T0, T0 + timedelta(days=1)),
        Window(T0 + timedelta(days=1), T0 + timedelta(days=2)),
    ]
    with Session(db) as s:
        add(s, T0, brands=["Acme", "Rival"], reach=10)
        add(s, T0 + timedelta(days=1), brands=["Acme"], reach=5)
        add(s, T0 + timedelta(days=1, hours=1), brands=["Acme"], reach=5)
        s.commit()
        rows = {r.brand: r for r in counts.brand_counts(session=s, team_id=TEAM, windows=windows)}
    assert rows["Acme"].mentions == (1, 2) and rows["Acme"].reach == (10, 10)
    assert rows["Rival"].mentions == (1, 0)


def test_campaign_hours_by_hashtag_or_keyword(db: Engine) -> None:
    with Session(db) as s:
        add(s, T0 + timedelta(hours=1), "a", "positive", hashtags=["autumndeal"])
        add(s, T0 + timedelta(hours=1, minutes=30), "b", "negative", text="The 50% AUTUMN sale")
        add(s, T0 + timedelta(hours=2), "c", text="autumn leaves")  # no keyword match
        add(s, T0 + timedelta(hours=3), "d", text="50x autumn sale")  # % is not a wildcard
        add(s, T0 + timedelta(days=9), "e", hashtags=["autumndeal"])  # outside the window
        s.commit()
        hours = counts.campaign_hours(
            session=s, team_id=TEAM, window=WEEK, hashtags=["AutumnDeal"], keywords=["50% autumn"]
        )
        assert [(h, t.mentions, t.positive, t.negative) for h, t in hours] == [
            (datetime(2026, 10, 1, 1, tzinfo=UTC), 2, 1, 1)
        ]
        assert (
            counts.campaign_hours(session=s, team_id=TEAM, window=WEEK, hashtags=[], keywords=[])
            == []
        )


def test_brand_filter_keeps_mentions_naming_the_brand(db: Engine) -> None:
    with Session(db) as s:
        add(s, T0, "fan", "positive", brands=["Acme"], hashtags=["acme"], media="video")
        add(s, T0 + timedelta(hours=1), "fan", "positive", brands=["Rival", "Acme"])
        add(s, T0 + timedelta(hours=2), "rivalfan", "positive", brands=["Rival"], media="video")
        add(s, T0 + timedelta(hours=3), "rivalfan", "positive", brands=["Rival"], hashtags=["r"])
        s.commit()
        people = repo.author_totals(
            session=s,
            team_id=TEAM,
            window=WEEK,
            side=Side.ADVOCATE,
            rules=RULES,
            limit=5,
            brand="Acme",
        )
        assert [p.author for p in people] == ["fan"]
        [acme] = counts.window_totals(session=s, team_id=TEAM, windows=[WEEK], brand="Acme")
        [everyone] = counts.window_totals(session=s, team_id=TEAM, windows=[WEEK])
        assert (acme.mentions, everyone.mentions) == (2, 4)
        assert counts.tag_counts(
            session=s, team_id=TEAM, kind="hashtag", windows=[WEEK], brand="Acme"
        ) == [1]
        assert counts.video_counts(session=s, team_id=TEAM, windows=[WEEK], brand="Acme") == [1]
        posts = repo.top_posts(session=s, team_id=TEAM, window=WEEK, limit=10, brand="Acme")
        assert {p.author for p in posts} == {"fan"}


def test_window_sums_agree_on_and_off_the_hour(db: Engine) -> None:
    times = [T0 + timedelta(hours=5 * i, minutes=7) for i in range(30)]
    with Session(db) as s:
        for i, at in enumerate(times):
            add(s, at, "ann", "positive", reach=i, brands=["Acme", "Rival"] if i % 3 else ["Acme"])
        s.commit()
        hourly = [Window(T0 + timedelta(days=d), T0 + timedelta(days=d + 1)) for d in range(8)]
        # Shift each bound by a second: no row sits in that second, so the sums must not change.
        shifted = [
            Window(w.start + timedelta(seconds=1), w.end + timedelta(seconds=1)) for w in hourly
        ]
        expected = [sum(w.contains(t) for t in times) for w in hourly]
        assert expected == [5, 5, 5, 5, 4, 5, 1, 0]
        for windows in (hourly, shifted):
            totals = counts.window_totals(session=s, team_id=TEAM, windows=windows)
            assert [t.mentions for t in totals] == expected
            assert sum(t.reach for t in totals) == sum(range(30))
            rows = {
                r.brand: r for r in counts.brand_counts(session=s, team_id=TEAM, windows=windows)
            }
            assert list(rows["Acme"].mentions) == expected
            assert sum(rows["Rival"].mentions) == 20 and sum(rows["Acme"].reach) == sum(range(30))
            bare = counts.brand_counts(session=s, team_id=TEAM, windows=windows, reach=False)
            assert {r.brand: r.mentions for r in bare} == {b: r.mentions for b, r in rows.items()}
            per_author = repo.author_window_counts(
                session=s, team_id=TEAM, windows=windows, authors=["ann"]
            )
            assert per_author == {"ann": expected}
