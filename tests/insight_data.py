"""Mentions for the insight tests, stored directly as Mention, MentionBrand and MentionTag rows."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from models.mentions.tables import Mention, MentionBrand, MentionTag
from tests.fakes.slack_api import TEAM

_ids = itertools.count(1)
POLARITY = {"positive": 0.6, "negative": -0.6, "neutral": 0.0}


def add(
    session: Session,
    at: datetime,
    author: str = "ann",
    label: str = "neutral",
    *,
    source: str = "x",
    reach: int = 100,
    engagement: int = 1,
    media: str = "text",
    text: str = "a post",
    url: str | None = None,
    brands: Sequence[str] = ("Acme",),
    hashtags: Sequence[str] = (),
    links: Sequence[str] = (),
    team: str = TEAM,
) -> int:
    """Store one mention with its brand and tag rows; returns its id."""
    mention = Mention(
        team_id=team,
        source=source,
        external_id=f"m{next(_ids)}",
        created_at=at,
        ingested_at=at,
        author=author,
        text=text,
        url=url,
        reach=reach,
        engagement=engagement,
        media=media,
        brand=brands[0] if brands else None,
        polarity=POLARITY[label],
        label=label,
    )
    session.add(mention)
    session.flush()
    assert mention.id is not None
    for brand in brands:
        session.add(MentionBrand(mention_id=mention.id, brand=brand, team_id=team, created_at=at))
    for kind, values in (("hashtag", hashtags), ("link", links)):
        for value in values:
            session.add(
                MentionTag(
                    mention_id=mention.id, kind=kind, value=value, team_id=team, created_at=at
                )
            )
    return mention.id


def store(engine: Engine, rows: Sequence[dict[str, object]]) -> None:
    """Store several mentions given as keyword dicts for `add`."""
    with Session(engine) as session:
        for row in rows:
            add(session, **row)  # type: ignore[arg-type]
        session.commit()
