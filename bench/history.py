"""Costs flat in history: every answer over one year and over five years of the same traffic.

Two stores hold the same daily traffic (`--per-day` mentions a day, three brands, a pool of
authors who keep posting over the years, hashtags and videos); one holds the last year, the
other the last five. Each day's mentions come from a generator seeded by the day, so the last
year is the same rows in both. Every `/kpi` period, every `/pulse` subcommand, every live line of
`bot.features.PROVIDERS`, the crisis warm-up (the first tick: five weeks per brand) and every
export is timed on both (median of 3, the two stores alternating); an answer whose cost follows
history instead of its window shows a five-year/one-year ratio above 1.2.

SQLite figures are CPU seconds of this process (SQLite runs inside it), medians of 3;
PostgreSQL figures (`--pg URL`) are wall seconds, as the server's work is not in this process,
and the fastest of 5, since on a shared machine other work only ever adds to a run. The stores
are built once with Core bulk inserts, planner statistics refreshed as `vahti ingest` does, and
kept in `bench/.cache/` (SQLite files) or in schemas `hist_1y`/`hist_5y` (PostgreSQL).
Run: `PYTHONPATH=. python bench/history.py [--pg postgresql://...] [--per-day 550]`.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bench._results import write_section
from bot.clock import FrozenClock
from bot.config import Settings, VahtiConfig
from bot.db import create_schema, make_engine, session_factory
from bot.demo.gateway import RecordingGateway
from bot.deps import Deps
from bot.domain.insights.args import parse_pulse
from bot.domain.kpi.metrics import parse_period
from bot.features import EXPORTERS, PROVIDERS
from bot.live.context import LiveContext
from bot.services.crisis.watch import CrisisWatch
from bot.services.exports import ExportRequest
from bot.services.insights.pulse import ANSWERS
from bot.services.insights.reports import Scope
from bot.services.kpi.reports import summary_in
from models.kpi.rollups import rebuild_rollups
from models.mentions.tables import Mention, MentionBrand, MentionTag
from models.sql.statistics import refresh_statistics

TEAM = "THIST"
NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)  # a Wednesday morning
BRANDS = ("Acme", "Rival", "Other")
YEARS = (1, 5)
CACHE = Path(__file__).resolve().parent / ".cache"
CONFIG = VahtiConfig.model_validate(
    {
        "timezone": "Europe/Helsinki",
        "channels": {"checklists": "C0HIST", "alerts": "C0ALERT"},
        "brand": {"name": "Acme", "hashtags": ["acme"]},
        "competitors": [{"name": "Rival"}, {"name": "Other"}],
        "campaigns": [{"name": "Autumn", "hashtags": ["autumn"], "start": "2026-09-01"}],
    }
)
POLARITY = {"positive": 0.5, "neutral": 0.0, "negative": -0.5}
PERIODS = {  # the checklist period each live line is shown in
    "day": ("crisis_check", "volume_today", "advocates_24h", "kpi_today"),
    "week": ("advocates_week", "activation_week", "top_content_week", "jump_sources"),
    "month": ("share_of_voice", "campaign_curves", "campaign_sentiment", "kpi_month"),
    "year": ("year_in_review", "year_export", "year_notes"),
}


def _day_rows(day: date, per_day: int) -> Iterator[dict[str, Any]]:
    """One day's mentions, the same whichever store they go into."""
    rng = random.Random(day.toordinal())
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    for n in range(per_day):
        label = rng.choices(["positive", "neutral", "negative"], [5, 3, 2])[0]
        at = start + timedelta(seconds=rng.randrange(86400))
        yield {
            "team_id": TEAM,
            "source": rng.choice(["x", "instagram", "tiktok"]),
            "external_id": f"{day.isoformat()}-{n}",
            "created_at": at,
            "ingested_at": at,
            "author": f"user{int(rng.paretovariate(1.1)) % 20_000}",
            "text": "autumn at acme #acme" if n % 50 == 0 else "a post",
            "url": None,
            "reach": rng.randrange(10**5),
            "engagement": rng.randrange(300),
            "shares": rng.randrange(20),
            "media": "video" if n % 10 == 0 else "text",
            "lang": "en",
            "brand": BRANDS[n % 3],
            "polarity": POLARITY[label],
            "subjectivity": 0.5,
            "label": label,
            "scored": True,
            "tag": rng.choice(["acme", "autumn", "coffee", f"t{rng.randrange(200)}"]),
        }


def _days(years: int) -> list[date]:
    last = NOW.date()
    return [last - timedelta(days=k) for k in range(365 * years, -1, -1)]


def populate(engine: Engine, years: int, per_day: int) -> int:
    """Store the traffic of the last `years` years, in time order, by Core bulk inserts."""
    mention, brand, tag = (t.__table__ for t in (Mention, MentionBrand, MentionTag))  # type: ignore[attr-defined]
    next_id, stored = 1, 0
    days = _days(years)
    for start in range(0, len(days), 30):
        rows = [r for day in days[start : start + 30] for r in _day_rows(day, per_day)]
        rows = [r for r in rows if r["created_at"] < NOW]
        for r in rows:
            r["id"], next_id = next_id, next_id + 1
        links = [
            {"mention_id": r["id"], "team_id": TEAM, "created_at": r["created_at"]} for r in rows
        ]
        with engine.begin() as conn:
            conn.execute(
                insert(mention), [{k: v for k, v in r.items() if k != "tag"} for r in rows]
            )
            pairs = list(zip(links, rows, strict=True))
            conn.execute(insert(brand), [link | {"brand": r["brand"]} for link, r in pairs])
            tagged = [
                link | {"kind": "hashtag", "value": r["tag"]} for link, r in pairs if r["id"] % 2
            ]
            conn.execute(insert(tag), tagged)
        stored += len(rows)
    with Session(engine) as session:
        rebuild_rollups(
            session=session,
            team_id=TEAM,
            start=NOW - timedelta(days=366 * years),
            end=NOW + timedelta(hours=1),
        )
        session.commit()
    refresh_statistics(engine)
    return stored


def _count(engine: Engine) -> int:
    with Session(engine) as session:
        return int(session.execute(select(func.count()).select_from(Mention)).scalar_one())


def sqlite_store(years: int, per_day: int) -> Engine:
    """The cached SQLite file of `years` years, built on first use."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"history-{years}y-{per_day}.db"
    fresh = not path.exists()
    engine = make_engine(f"sqlite:///{path}")
    if fresh:
        create_schema(engine)
        began = time.perf_counter()
        print(
            f"built {years}y: {populate(engine, years, per_day):,} mentions "
            f"in {time.perf_counter() - began:.0f} s"
        )
    return engine


def pg_store(url: str, years: int, per_day: int) -> Engine:
    """The PostgreSQL schema of `years` years, built on first use."""
    schema = f"hist_{years}y"
    admin = create_engine(url)
    with admin.begin() as conn:
        exists = conn.execute(
            text(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = :s "
                "AND table_name = 'mention'"
            ),
            {"s": schema},
        ).first()
        if not exists:
            conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    admin.dispose()
    engine = create_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    if not exists or _count(engine) == 0:
        create_schema(engine)
        began = time.perf_counter()
        print(
            f"built {schema}: {populate(engine, years, per_day):,} mentions "
            f"in {time.perf_counter() - began:.0f} s"
        )
    return engine


def _deps(engine: Engine, clock: FrozenClock) -> Deps:
    gateway = RecordingGateway(clock)
    return Deps(Settings(), CONFIG, session_factory(engine), clock, gateway, TEAM, PROVIDERS)


def _period(kind: str) -> tuple[date, date]:
    today = NOW.astimezone(CONFIG.tz).date()
    if kind == "day":
        return today, today + timedelta(days=1)
    if kind == "week":
        monday = today - timedelta(days=today.weekday())
        return monday, monday + timedelta(days=7)
    if kind == "month":
        first = today.replace(day=1)
        return first, (first + timedelta(days=32)).replace(day=1)
    return date(today.year, 1, 1), date(today.year + 1, 1, 1)


def tasks(engine: Engine) -> list[tuple[str, Callable[[Session], object]]]:
    """Every answer to time, each taking an open session."""
    out: list[tuple[str, Callable[[Session], object]]] = []
    for arg in ("today", "week", "month", "2026-11-10"):
        period = parse_period(arg, NOW, CONFIG.tz)
        out.append((f"/kpi {arg}", lambda s, p=period: summary_in(s, TEAM, CONFIG, p)))
    for arg in ("advocates", "detractors", "sov", "campaigns", "activation", "top", "year"):
        request = parse_pulse(arg)
        answer = ANSWERS[request.topic]
        out.append(
            (f"/pulse {arg}", lambda s, a=answer, r=request: a(Scope(s, TEAM, CONFIG), r, NOW))
        )
    for kind, names in PERIODS.items():
        for name in names:
            args = (TEAM, CONFIG, NOW, *_period(kind))
            out.append((f"live {name}", lambda s, p=PROVIDERS[name], c=args: p(LiveContext(s, *c))))
    missing = set(PROVIDERS) - {n for names in PERIODS.values() for n in names}
    assert not missing, f"live lines without a period here: {missing}"
    today = NOW.astimezone(CONFIG.tz).date()
    for what, exporter in EXPORTERS.items():
        since = date(today.year, 1, 1) if what == "year" else today - timedelta(days=29)
        out.append(
            (
                f"export {what}",
                lambda s, e=exporter, a=since: sum(
                    1 for _ in e(ExportRequest(s, TEAM, CONFIG, a, today, NOW))
                ),
            )
        )
    out.append(("crisis warm-up", lambda _s: CrisisWatch().tick(_deps(engine, FrozenClock(NOW)))))
    return out


def _time(engine: Engine, action: Callable[[Session], object], cpu: bool) -> float:
    clock = time.process_time if cpu else time.perf_counter
    with Session(engine) as session:
        began = clock()
        action(session)
        spent = clock() - began
        session.rollback()  # the warm-up files nothing here, but never keep what a run wrote
    return spent


def measure(engines: dict[int, Engine], cpu: bool) -> list[tuple[str, float, float]]:
    """(what, one-year seconds, five-year seconds), stores alternating: CPU medians of 3, or
    the fastest of 5 wall times."""
    runs, pick = (3, statistics.median) if cpu else (5, min)
    listed = {years: tasks(engine) for years, engine in engines.items()}
    out = []
    for i, (name, _) in enumerate(listed[YEARS[0]]):
        times: dict[int, list[float]] = {years: [] for years in YEARS}
        for _ in range(runs):
            for years in YEARS:
                times[years].append(_time(engines[years], listed[years][i][1], cpu))
        out.append((name, pick(times[1]), pick(times[5])))
        print(f"{name}: {out[-1][1]:.4f} {out[-1][2]:.4f}", flush=True)
    return out


def table(title: str, rows: list[tuple[str, float, float]], unit: str) -> list[str]:
    worst = max(rows, key=lambda r: r[2] / max(r[1], 1e-9))
    over = [name for name, a, b in rows if b > 1.2 * a and b - a > 0.002]
    lines = [
        f"**{title}** ({unit})",
        "",
        "| what | 1 year | 5 years | ratio |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {name} | {a:.4f} | {b:.4f} | {b / max(a, 1e-9):.2f} |" for name, a, b in rows]
    lines += [
        "",
        f"Highest ratio: {worst[0]} ({worst[2] / max(worst[1], 1e-9):.2f}). "
        + (
            f"Over 1.2 (and more than 2 ms apart): {', '.join(over)}."
            if over
            else "None is over 1.2 by more than 2 ms."
        ),
        "",
    ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--per-day", type=int, default=550)
    parser.add_argument("--pg", metavar="URL", help="also measure on this PostgreSQL database")
    args = parser.parse_args()
    sections = []
    engines = {years: sqlite_store(years, args.per_day) for years in YEARS}
    counts = {years: _count(engine) for years, engine in engines.items()}
    sections += table("SQLite", measure(engines, cpu=True), "CPU seconds, median of 3")
    if args.pg:
        engines = {years: pg_store(args.pg, years, args.per_day) for years in YEARS}
        sections += table("PostgreSQL", measure(engines, cpu=False), "wall seconds, fastest of 5")
    head = [
        "## Costs flat in history (`bench/history.py`)",
        "",
        f"The same daily traffic ({args.per_day} mentions a day, three brands, 20,000 authors "
        f"who keep posting) over one year ({counts[1]:,} mentions) and five years "
        f"({counts[5]:,}); now = {NOW:%Y-%m-%d %H:%M} UTC. Ratio = five years / one year; the "
        "goal is at most 1.2 for every answer. Load average at the end of the run: "
        f"{os.getloadavg()[0]:.1f} on two cores (PostgreSQL's wall times move with it; rows "
        "that read empty tables show how much).",
        "",
    ]
    text_out = "\n".join(head + sections)
    print(text_out)
    write_section("history", text_out)


if __name__ == "__main__":
    main()
