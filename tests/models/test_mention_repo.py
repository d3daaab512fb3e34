"""save_mentions: new rows get ids, links and tags and are returned; duplicates are not."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.db import session_factory, session_scope
from models.crisis.counts import NegativeMention, most_negative
from models.mentions.store import NewMention, existing_keys, save_mentions
from models.mentions.tables import Mention, MentionBrand, MentionTag

WHEN = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)
BASE = NewMention(
    team_id="T1",
    source="twitter",
    external_id="1",
    created_at=WHEN,
    ingested_at=WHEN,
    author="kim",
    text="Northwind #autumn https://nw.example",
    url=None,
    reach=10,
    engagement=2,
    shares=1,
    media="link",
    lang="en",
    brand="Northwind Coffee",
    polarity=0.5,
    subjectivity=0.6,
    label="positive",
    scored=True,
    brands=("Northwind Coffee", "Harbor Beans"),
    hashtags=("autumn", "autumn"),
    links=("https://nw.example",),
)


def mention(external_id: str, **changes: object) -> NewMention:
    return BASE._replace(external_id=external_id, **changes)  # type: ignore[arg-type]


def count(session: Session, table: type) -> int:
    return int(session.execute(select(func.count()).select_from(table)).scalar_one())


def check_store(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []
    sessions = session_factory(engine)
    for _ in range(2):  # the second run finds every key taken
        with session_scope(sessions) as session:
            result = save_mentions(session=session, rows=[mention("1"), mention("2"), mention("1")])
            seen.append([m.row.external_id for m in result.stored])
    assert (len(result.stored), result.duplicates) == (0, 3)
    assert seen == [["1", "2"], []]
    with session_scope(sessions) as session:
        assert count(session, Mention) == 2
        assert count(session, MentionBrand) == 4
        assert count(session, MentionTag) == 4  # hashtag once + link, per mention
        other_team = save_mentions(session=session, rows=[mention("1", team_id="T2")])
        assert len(other_team.stored) == 1
        keys = existing_keys(session=session, team_id="T1", keys=[("twitter", "1"), ("rss", "1")])
        assert keys == {("twitter", "1")}
        stored = session.get(Mention, other_team.stored[0].id)
        assert (
            stored is not None and stored.created_at == WHEN and stored.brand == "Northwind Coffee"
        )


def test_store_on_sqlite(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    check_store(engine, monkeypatch)


@pytest.mark.postgres
def test_store_on_postgresql(pg_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    check_store(pg_engine, monkeypatch)


def test_most_negative_reads_the_brands_negative_posts_since_widest_reach_first(
    engine: Engine,
) -> None:
    rows = [
        mention("1", label="negative", polarity=-0.4, reach=50, url="https://x.example/1"),
        mention("2", label="negative", polarity=-0.9, reach=900, author="sam"),
        mention("3", label="positive", reach=5000),  # not negative
        mention("4", label="negative", reach=7000, created_at=datetime(2026, 11, 2, tzinfo=UTC)),
        mention("5", label="negative", reach=8000, brands=("Harbor Beans",)),  # another brand
        mention("6", label="negative", reach=9000, team_id="T2"),  # another workspace
    ]
    with session_scope(session_factory(engine)) as session:
        save_mentions(session=session, rows=rows)
        found = most_negative(
            session=session, team_id="T1", brand="Northwind Coffee", since=WHEN, limit=10
        )
        anyone = most_negative(session=session, team_id="T1", brand=None, since=WHEN, limit=2)
    assert found == [
        NegativeMention("sam", BASE.text, None, "twitter", 900, -0.9),
        NegativeMention("kim", BASE.text, "https://x.example/1", "twitter", 50, -0.4),
    ]
    assert [m.reach for m in anyone] == [8000, 900]


def test_existing_keys_across_sources_and_chunks(engine: Engine) -> None:
    """Ids of several sources, more than one look-up's worth: each stored key is found once,
    the same id under another source or team is not."""
    sessions = session_factory(engine)
    stored = [mention(str(i)) for i in range(0, 1200, 7)]
    stored += [mention(str(i), source="rss") for i in range(3)]
    with session_scope(sessions) as session:
        save_mentions(session=session, rows=stored)
        save_mentions(session=session, rows=[mention("5", team_id="T2")])
    asked = [(s, str(i)) for s in ("twitter", "rss", "news") for i in range(1200)]
    with session_scope(sessions) as session:
        found = existing_keys(session=session, team_id="T1", keys=asked)
        assert found == {(m.source, m.external_id) for m in stored}
        assert existing_keys(session=session, team_id="T2", keys=asked) == {("twitter", "5")}
        assert existing_keys(session=session, team_id="T1", keys=[]) == set()
