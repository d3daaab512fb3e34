"""Mentions for KPI tests, stored as an import stores them (after-store steps included)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

from bot.config import VahtiConfig
from bot.db import SessionFactory, session_scope
from bot.services.mentions.after_store import AfterStore, store_mentions
from models.mentions.store import NewMention
from tests.fakes.slack_api import TEAM

_ids = count(1)
WHEN = datetime(2026, 11, 3, 7, 0, tzinfo=UTC)
BASE = NewMention(
    team_id=TEAM,
    source="twitter",
    external_id="0",
    created_at=WHEN,
    ingested_at=WHEN,
    author="kim",
    text="Acme is great",
    url=None,
    reach=100,
    engagement=4,
    shares=1,
    media="text",
    lang="en",
    brand="Acme",
    polarity=0.5,
    subjectivity=0.5,
    label="positive",
    scored=True,
)


def mention(at: datetime, **changes: object) -> NewMention:
    """A new mention at `at` with a fresh id."""
    return BASE._replace(external_id=str(next(_ids)), created_at=at, **changes)  # type: ignore[arg-type]


def store(sessions: SessionFactory, rows: list[NewMention]) -> int:
    """Store as an import does (so the roll-ups are kept); returns how many were new."""
    with session_scope(sessions) as session:
        after = AfterStore.of(VahtiConfig())
        return len(store_mentions(session=session, rows=rows, after=after).stored)


def history(start: datetime, days: int, per_hour: int, **changes: object) -> list[NewMention]:
    """`per_hour` mentions in every hour of `days` days from `start`."""
    return [
        mention(start + timedelta(hours=h, minutes=m), **changes)
        for h in range(24 * days)
        for m in range(per_hour)
    ]
