"""How long each `/pulse` answer and insight live-data line takes over a million stored mentions.

A year of synthetic mentions (1,000,000 by default, `--mentions N` to change) for three brands,
50,000 authors, hashtags and videos goes into a temporary SQLite file, stored in time order as
ingestion stores them. Each answer is
timed (median of 3 runs) next to a baseline measured in the same run: reading the last 30 days
of mention rows into Python, which is what an answer that does not aggregate in SQL would start
with. The ratio says how far aggregation in SQL keeps each answer below that.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select
from sqlmodel import Session

from bench._results import write_section
from bot.config import VahtiConfig
from bot.db import create_schema, make_engine
from bot.domain.insights.args import parse_pulse
from bot.domain.insights.windows import Window
from bot.live import insights as providers
from bot.live.context import LiveContext
from bot.services.insights.pulse import ANSWERS
from bot.services.insights.reports import Scope
from models.mentions.tables import Mention, MentionBrand, MentionTag

TEAM = "TBENCH"
NOW = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)
BRANDS = ("Acme", "Rival", "Other")
CONFIG = VahtiConfig.model_validate(
    {
        "timezone": "Europe/Helsinki",
        "brand": {"name": "Acme", "hashtags": ["acme"]},
        "competitors": [{"name": "Rival"}, {"name": "Other"}],
        "campaigns": [{"name": "Autumn", "hashtags": ["autumn"], "start": "2026-09-01"}],
    }
)


POLARITY = {"positive": 0.5, "neutral": 0.0, "negative": -0.5}


def _mention(i: int, at: datetime, rng: random.Random) -> dict[str, object]:
    label = rng.choices(["positive", "neutral", "negative"], [5, 3, 2])[0]
    return {
        "id": i,
        "team_id": TEAM,
        "source": rng.choice(["x", "instagram", "tiktok"]),
        "external_id": f"b{i}",
        "created_at": at,
        "ingested_at": at,
        "author": f"user{int(rng.paretovariate(1.2)) % 50_000}",
        "text": "autumn at acme" if i % 50 == 0 else "a post",
        "reach": rng.randrange(10**6),
        "engagement": rng.randrange(500),
        "media": "video" if i % 10 == 0 else "text",
        "brand": BRANDS[i % 3],
        "polarity": POLARITY[label],
        "label": label,
    }


def _tag(mention: dict[str, object], rng: random.Random) -> dict[str, object]:
    value = rng.choice(["acme", "autumn", "coffee", f"t{rng.randrange(200)}"])
    return {
        "mention_id": mention["id"],
        "kind": "hashtag",
        "value": value,
        "team_id": TEAM,
        "created_at": mention["created_at"],
    }


def populate(path: Path, n: int) -> None:
    """Store `n` mentions with brand and tag rows (SQLite text timestamps, as the app stores)."""
    engine = make_engine(f"sqlite:///{path}")
    create_schema(engine)
    rng = random.Random(11)
    chunk = 50_000
    # Mentions arrive roughly in time order, so ids (row order) follow time, as in production.
    ages = sorted((rng.randrange(365 * 86400) for _ in range(n)), reverse=True)
    with engine.begin() as conn:
        for start in range(1, n + 1, chunk):
            mentions = [
                _mention(i, NOW - timedelta(seconds=ages[i - 1]), rng)
                for i in range(start, min(start + chunk, n + 1))
            ]
            brands = [
                {
                    "mention_id": m["id"],
                    "brand": m["brand"],
                    "team_id": TEAM,
                    "created_at": m["created_at"],
                }
                for m in mentions
            ]
            tags = [_tag(m, rng) for m in mentions if rng.random() < 0.5]
            conn.execute(insert(Mention.__table__), mentions)  # type: ignore[attr-defined]
            conn.execute(insert(MentionBrand.__table__), brands)  # type: ignore[attr-defined]
            conn.execute(insert(MentionTag.__table__), tags)  # type: ignore[attr-defined]
    engine.dispose()


def timed(action: Callable[[], object], runs: int = 3) -> float:
    """Median seconds of `runs` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(path: Path) -> list[tuple[str, float]]:
    engine = make_engine(f"sqlite:///{path}")
    out = []
    with Session(engine) as session:
        scope = Scope(session, TEAM, CONFIG)
        month = Window(NOW - timedelta(days=30), NOW)
        baseline = select(Mention).where(Mention.team_id == TEAM, Mention.created_at >= month.start)  # type: ignore[arg-type]
        out.append(
            ("baseline: read 30 days of rows", timed(lambda: list(session.execute(baseline))))
        )
        for arg in (
            "advocates",
            "detractors month",
            "sov",
            "activation",
            "top",
            "campaigns",
            "year",
        ):
            request = parse_pulse(arg)
            answer = ANSWERS[request.topic]
            out.append((f"/pulse {arg}", timed(lambda a=answer, r=request: a(scope, r, NOW))))
        periods = {  # the checklist period each provider is shown in
            "week": (date(2026, 11, 16), date(2026, 11, 23)),
            "month": (date(2026, 11, 1), date(2026, 12, 1)),
            "year": (date(2026, 1, 1), date(2027, 1, 1)),
        }
        for provider, period in (
            (providers.advocates_24h, "week"),
            (providers.advocates_week, "week"),
            (providers.activation_week, "week"),
            (providers.top_content_week, "week"),
            (providers.share_of_voice, "month"),
            (providers.campaign_curves, "month"),
            (providers.year_in_review, "year"),
        ):
            ctx = LiveContext(session, TEAM, CONFIG, NOW, *periods[period])
            out.append((provider.__name__, timed(lambda p=provider, c=ctx: p(c))))
    engine.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--mentions", type=int, default=1_000_000)
    n = parser.parse_args().mentions
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        start = time.perf_counter()
        populate(path, n)
        print(f"stored {n:,} mentions in {time.perf_counter() - start:.0f} s")
        figures = measure(path)
    base = figures[0][1]
    lines = [
        f"{n:,} mentions over a year, SQLite file, median of 3 runs; ratio = time / baseline.",
        "",
        "| what | seconds | ratio |",
        "|---|---:|---:|",
    ]
    lines += [f"| {what} | {secs:.3f} | {secs / base:.2f} |" for what, secs in figures]
    print("\n".join(lines))
    write_section("insights", "## Insight answers (`bench/insights.py`)\n\n" + "\n".join(lines))


if __name__ == "__main__":
    main()
