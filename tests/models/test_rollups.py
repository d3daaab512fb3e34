"""Hourly roll-ups stay right when mentions arrive late, twice, or in racing batches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.config import VahtiConfig
from bot.db import session_factory, session_scope
from bot.domain.kpi.hour_rows import BrandHourRow
from bot.domain.kpi.totals import TOTAL_FIELDS, role_sums
from bot.domain.mentions.roles import BrandRoles
from bot.services.mentions.after_store import AfterStore, store_mentions
from models.kpi import rollups as kpi_repo
from models.kpi.tables import MentionHourly
from models.mentions.store import NewMention, StoredMention

NOW = datetime(2026, 11, 3, 8, 20, tzinfo=UTC)
BASE = NewMention(
    team_id="T1",
    source="twitter",
    external_id="1",
    created_at=NOW,
    ingested_at=NOW,
    author="kim",
    text="Acme rocks",
    url=None,
    reach=100,
    engagement=5,
    shares=2,
    media="text",
    lang="en",
    brand="Acme",
    polarity=0.5,
    subjectivity=0.5,
    label="positive",
    scored=True,
)


def new(external_id: str, **changes: object) -> NewMention:
    return BASE._replace(external_id=external_id, **changes)  # type: ignore[arg-type]


def hours(session: Session) -> dict[tuple[str, datetime], tuple[int, ...]]:
    rows = session.execute(select(MentionHourly).order_by(MentionHourly.hour)).scalars()  # type: ignore[arg-type]
    return {
        (r.brand, r.hour): (
            r.mentions,
            r.positive,
            r.negative,
            r.neutral,
            r.unscored,
            r.reach,
            r.engagement,
            r.shares,
        )
        for r in rows
    }


def per_hour(rows: list[BrandHourRow], roles: BrandRoles) -> list[tuple[int, ...]]:
    """Each hour's role sums: the brand's figures, competitors', unmatched, every row's."""
    hours, sums = role_sums(rows, roles)
    fields = [f for f in TOTAL_FIELDS if f != "purchase"]
    return [(int(h), *(int(sums[f][i]) for f in fields)) for i, h in enumerate(hours)]


def store(engine: Engine, rows: list[NewMention]) -> int:
    with session_scope(session_factory(engine)) as session:
        after = AfterStore.of(VahtiConfig())
        return len(store_mentions(session=session, rows=rows, after=after).stored)


def check_late_and_duplicate(engine: Engine) -> None:
    batch = [
        new("1"),
        new("2", label="negative", reach=10, engagement=1, shares=0),
        new("3", brand=None, scored=False, label="neutral"),
        new("4", created_at=NOW - timedelta(days=3, minutes=50), brand="Rival"),  # late
    ]
    assert store(engine, batch) == 4
    this_hour, late_hour = (
        NOW.replace(minute=0),
        (NOW - timedelta(days=3, minutes=50)).replace(minute=0),
    )
    expected = {
        ("Acme", this_hour): (2, 1, 1, 0, 0, 110, 6, 2),
        ("", this_hour): (1, 0, 0, 0, 1, 100, 5, 2),
        ("Rival", late_hour): (1, 1, 0, 0, 0, 100, 5, 2),
    }
    with session_scope(session_factory(engine)) as session:
        assert hours(session) == expected
    assert store(engine, [new("1"), new("4"), new("2")]) == 0  # all duplicates: nothing changes
    assert store(engine, [new("5", created_at=late_hour + timedelta(minutes=59))]) == 1
    expected[("Acme", late_hour)] = (1, 1, 0, 0, 0, 100, 5, 2)
    with session_scope(session_factory(engine)) as session:
        assert hours(session) == expected
        # A rebuild from the stored mentions gives the same figures as the incremental hook.
        kpi_repo.rebuild_rollups(
            session=session,
            team_id="T1",
            start=NOW - timedelta(days=5),
            end=NOW + timedelta(hours=1),
        )
    with session_scope(session_factory(engine)) as session:
        assert hours(session) == expected
        end = this_hour + timedelta(hours=1)
        rows = kpi_repo.brand_hours(session=session, team_id="T1", spans=[(late_hour, end)])
        totals = per_hour(rows, BrandRoles.of("Acme", ["Rival"]))
        # Without a configured brand, every named non-competitor brand is the brand's.
        everyone = per_hour(rows, BrandRoles.of(None, []))
    # Per hour: the brand's figures, then competitors' mentions, unmatched posts, every row.
    assert totals == [
        (int(late_hour.timestamp()), 1, 1, 0, 0, 100, 5, 2, 1, 0, 2),
        (int(this_hour.timestamp()), 2, 1, 1, 0, 110, 6, 2, 0, 1, 3),
    ]
    assert everyone[0] == (int(late_hour.timestamp()), 2, 2, 0, 0, 200, 10, 4, 0, 0, 2)


def test_a_post_naming_two_brands_counts_for_both(engine: Engine) -> None:
    """Each brand the post names gets the post in its row; the hook and a rebuild agree."""
    both = new("9", brands=("Acme", "Rival"))
    assert store(engine, [both, new("10", brand=None)]) == 2
    hour = NOW.replace(minute=0)
    with session_scope(session_factory(engine)) as session:
        assert {k: v[0] for k, v in hours(session).items()} == {
            ("Acme", hour): 1,
            ("Rival", hour): 1,
            ("", hour): 1,
        }
        kpi_repo.rebuild_rollups(
            session=session, team_id="T1", start=hour, end=hour + timedelta(hours=1)
        )
    with session_scope(session_factory(engine)) as session:
        assert {k: v[0] for k, v in hours(session).items()} == {
            ("Acme", hour): 1,
            ("Rival", hour): 1,
            ("", hour): 1,
        }


def test_late_and_duplicate_mentions_keep_rollups_right(engine: Engine) -> None:
    check_late_and_duplicate(engine)


@pytest.mark.postgres
def test_late_and_duplicate_mentions_on_postgres(pg_engine: Engine) -> None:
    check_late_and_duplicate(pg_engine)


def test_the_hook_adds_to_existing_hours(engine: Engine) -> None:
    """Two batches in the same hour add up (the UPSERT adds; it never overwrites)."""
    sessions = session_factory(engine)
    for n in range(2):
        with session_scope(sessions) as session:
            kpi_repo.add_to_rollups(session, [StoredMention(n + 1, new(str(n)))])
    with session_scope(sessions) as session:
        assert hours(session)[("Acme", NOW.replace(minute=0))][:2] == (2, 2)
        rows = kpi_repo.hourly_rows(
            session=session,
            team_id="T1",
            start=NOW - timedelta(hours=1),
            end=NOW + timedelta(hours=1),
        )
        assert rows == [(NOW.replace(minute=0), "Acme", 2, 2, 0, 0, 0, 200, 10, 4)]
