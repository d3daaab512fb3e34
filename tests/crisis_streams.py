"""Generated mention streams for the crisis-watch tests: a daily and weekly rhythm, injections.

Counts per bucket are Poisson around a rhythm (quiet nights, busy afternoons, calmer weekends),
so a steady stream has the noise of a real one; a seeded generator keeps tests repeatable.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.config import VahtiConfig
from bot.db import create_schema, make_engine
from bot.services.mentions.after_store import AfterStore, store_mentions
from models.kpi.rollups import rebuild_rollups
from models.mentions.store import NewMention
from models.mentions.tables import Mention, MentionBrand
from tests.fakes.slack_api import FakeSlack

HELSINKI = ZoneInfo("Europe/Helsinki")
BUCKET = timedelta(minutes=5)
TEAM = "T0001"


def rhythm(at: datetime, per_hour: float = 60.0) -> float:
    """Mean mentions per 5-minute bucket at `at`: a daily curve and quieter weekends."""
    local = at.astimezone(HELSINKI)
    hour = local.hour + local.minute / 60
    daily = 0.25 + 0.75 * max(0.0, math.sin(math.pi * (hour - 6) / 16)) if 6 <= hour <= 22 else 0.25
    weekly = 0.6 if local.weekday() >= 5 else 1.0
    return per_hour / 12 * daily * weekly


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth for small means, normal approximation for large ones)."""
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


@dataclass
class Stream:
    """Builds mentions of one brand bucket by bucket."""

    brand: str = "Northwind"
    seed: int = 7
    negative_share: float = 0.1
    rng: random.Random = field(init=False)
    serial: int = 0

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def mention(self, at: datetime, **overrides: object) -> NewMention:
        self.serial += 1
        label = "negative" if self.rng.random() < self.negative_share else "neutral"
        values: dict[str, object] = {
            "team_id": TEAM,
            "source": "twitter",
            "external_id": f"{self.brand}-{self.seed}-{self.serial}",
            "created_at": at,
            "ingested_at": at,
            "author": f"user{self.rng.randrange(5000)}",
            "text": f"Tried {self.brand} coffee today, it was fine",
            "url": None,
            "reach": 100,
            "engagement": 1,
            "shares": 0,
            "media": "text",
            "lang": "en",
            "brand": self.brand,
            "polarity": -0.5 if label == "negative" else 0.0,
            "subjectivity": 0.5,
            "label": label,
            "scored": True,
            "brands": (self.brand,),
        }
        values.update(overrides)
        return NewMention(**values)  # type: ignore[arg-type]

    def bucket(self, start: datetime, count: int, **overrides: object) -> Iterator[NewMention]:
        for _ in range(count):
            offset = timedelta(seconds=self.rng.uniform(0, BUCKET.total_seconds() - 1))
            yield self.mention(start + offset, **overrides)

    def steady(
        self, start: datetime, end: datetime, rate: Callable[[datetime], float] = rhythm
    ) -> list[NewMention]:
        """Mentions from `start` to `end` following `rate` (mean per bucket)."""
        rows: list[NewMention] = []
        at = start
        while at < end:
            rows += self.bucket(at, poisson(self.rng, rate(at)))
            at += BUCKET
        return rows


def store(session: Session, rows: list[NewMention], config: VahtiConfig | None = None) -> int:
    """Save rows in batches; the after-store steps run with `config` as in a real import."""
    after = AfterStore.of(config or crisis_config())
    stored = 0
    for i in range(0, len(rows), 2000):
        stored += len(store_mentions(session=session, rows=rows[i : i + 2000], after=after).stored)
    return stored


def at_utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def crisis_config(**crisis: object) -> VahtiConfig:
    """The test workspace's config with one tracked brand and the crisis settings given."""
    return VahtiConfig.model_validate(
        {
            "timezone": "Europe/Helsinki",
            "channels": {"checklists": "C0CHECK", "alerts": "C0ALERT"},
            "brand": {"name": "Northwind", "keywords": ["northwind"]},
            "crisis": {"reminder_group": "S0SOCIAL", "comms_lead": "U0LEAD", **crisis},
        }
    )


def history_engine(start: datetime, end: datetime, per_hour: float = 60.0) -> Engine:
    """An in-memory database holding a steady stream of the brand from `start` to `end`."""
    engine = make_engine("sqlite://")
    create_schema(engine)
    store_history(engine, start, end, per_hour)
    return engine


def store_history(engine: Engine, start: datetime, end: datetime, per_hour: float) -> None:
    """Bulk-insert a steady stream (ids given, no hooks): history is the past, not news."""
    rows = Stream().steady(start, end, lambda at: rhythm(at, per_hour))
    columns = [c.name for c in Mention.__table__.columns if c.name != "id"]  # type: ignore[attr-defined]
    mentions = [{"id": i, **{c: getattr(r, c) for c in columns}} for i, r in enumerate(rows, 1)]
    links = [
        {"mention_id": i, "brand": r.brand, "team_id": r.team_id, "created_at": r.created_at}
        for i, r in enumerate(rows, 1)
    ]
    with engine.begin() as conn:
        conn.execute(insert(Mention.__table__), mentions)  # type: ignore[attr-defined]
        conn.execute(insert(MentionBrand.__table__), links)  # type: ignore[attr-defined]
        if conn.dialect.name == "postgresql":  # explicit ids: move the sequence past them
            conn.execute(text("SELECT setval('mention_id_seq', (SELECT MAX(id) FROM mention))"))
    with Session(engine) as session, session.begin():  # the roll-ups the ingest hook keeps
        teams = {r.team_id for r in rows}
        for team in teams:
            rebuild_rollups(
                session=session, team_id=team, start=start, end=end + timedelta(hours=1)
            )


def copy_engine(template: Engine) -> Engine:
    """A fresh in-memory copy of `template` (SQLite's backup API), so tests share one history."""
    engine = make_engine("sqlite://")
    source, target = template.raw_connection(), engine.raw_connection()
    try:
        source.driver_connection.backup(target.driver_connection)  # type: ignore[union-attr]
    finally:
        source.close()
        target.close()
    return engine


def roots(fake: FakeSlack) -> list[dict[str, Any]]:
    """Top-level posts to channels (alerts), not thread replies or DMs."""
    return [
        c.args
        for c in fake.calls_of("chat.postMessage")
        if not c.args.get("thread_ts") and str(c.args["channel"]).startswith("C")
    ]


def replies(fake: FakeSlack) -> list[dict[str, Any]]:
    """Thread replies."""
    return [c.args for c in fake.calls_of("chat.postMessage") if c.args.get("thread_ts")]
