"""Posts of known answer, and every surface's figure for them: the check that they all agree.

Posts name Acme, Rival, both or neither; each surface is read as a person or a script reads it
(`vahti kpi`'s Mentions line, `vahti export kpis|mentions|year`, the `/kpi` reply, the daily
checklist's KPI line), and the truth is a direct count over the posts in the team's local days.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

from bot.blocks.kpi import summary as kpi_blocks
from bot.cli import main
from bot.cli.common import OfflineContext, load_offline_context
from bot.db import create_schema, make_engine, session_scope
from bot.domain.kpi.metrics import period_of
from bot.domain.mentions.roles import BrandRoles, Role, share_of_voice
from bot.features import PROVIDERS
from bot.live.context import LiveContext, live_lines
from bot.live.kpi import kpi_today
from bot.services.kpi.reports import summary_in

HEL = ZoneInfo("Europe/Helsinki")
CONFIG = """
workspace: T0FIGURES
timezone: Europe/Helsinki
brand: {name: Acme, keywords: [acme]}
competitors: [{name: Rival, keywords: [rival]}]
kpi_targets: {mentions: 5}
"""
ROLES = BrandRoles.of("Acme", ["Rival"])
TEXTS = {
    (): "nothing to see here",
    ("Acme",): "Acme coffee this morning",
    ("Rival",): "rival beans are fine",
    ("Acme", "Rival"): "Acme beats Rival",
}


@dataclass(frozen=True)
class Post:
    at: datetime  # UTC
    names: tuple[str, ...]

    def local_day(self) -> date:
        return self.at.astimezone(HEL).date()


@dataclass(frozen=True)
class Truth:
    mentions: int
    share_of_voice: float | None
    unmatched: int


def truth(posts: Sequence[Post], inside: object) -> Truth:
    """The direct count over the posts for which `inside(post)` holds."""
    chosen = [p for p in posts if inside(p)]  # type: ignore[operator]
    counts = ROLES.count(p.names for p in chosen)
    sov = share_of_voice(counts[Role.BRAND], counts[Role.COMPETITOR])
    return Truth(counts[Role.BRAND], sov, counts[Role.UNMATCHED])


@contextlib.contextmanager
def database(batches: Sequence[Sequence[Post]]) -> Iterator[OfflineContext]:
    """A fresh team database with the posts imported by `vahti ingest`, batch by batch."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "vahti.yml").write_text(CONFIG, encoding="utf-8")
        env = {
            "DATABASE_URL": f"sqlite:///{root / 'v.db'}",
            "VAHTI_CONFIG": str(root / "vahti.yml"),
        }
        with mock.patch.dict(os.environ, env):
            create_schema(make_engine(env["DATABASE_URL"]))
            serial = 0
            for n, batch in enumerate(batches):
                lines = ["id,created_at,text,author,source"]
                for post in batch:
                    serial += 1
                    lines.append(f"{serial},{post.at:%Y-%m-%dT%H:%M:%SZ},{TEXTS[post.names]},kim,x")
                (root / f"b{n}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
                with contextlib.redirect_stdout(io.StringIO()):
                    assert main(["ingest", str(root / f"b{n}.csv")]) == 0
            yield load_offline_context()


def cli(*argv: str) -> str:
    """What `vahti ARGV` prints."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(list(argv)) == 0
    return out.getvalue()


def _count(text: str) -> int:
    return int(text.replace(",", ""))


def _percent(text: str) -> float | None:
    return None if text == "—" else int(text) / 100


def kpi_cli(day: date) -> tuple[int, float | None, int]:
    """`vahti kpi DAY`: the Mentions and Share of voice lines, and the unmatched line."""
    out = cli("kpi", day.isoformat())
    mentions = re.search(r"^Mentions +([\d,]+) ·", out, re.M)
    sov = re.search(r"^Share of voice +(\d+|—)%? ·", out, re.M)
    nobody = re.search(r"^([\d,]+) posts? matched no brand", out, re.M)
    assert mentions and sov, out
    return _count(mentions[1]), _percent(sov[1]), _count(nobody[1]) if nobody else 0


def kpi_slack(offline: OfflineContext, day: date) -> tuple[int, float | None]:
    """The `/kpi DAY` reply's figures (its fallback text)."""
    period = period_of("day", day, datetime.now(UTC), HEL)
    with session_scope(offline.sessions) as session:
        _, text = kpi_blocks(summary_in(session, offline.team_id, offline.config, period))
    mentions = re.search(r"Mentions ([\d,]+);", text)
    sov = re.search(r"Share of voice (\d+|—)%?", text)
    assert mentions and sov, text
    return _count(mentions[1]), _percent(sov[1])


def checklist_line(offline: OfflineContext, day: date) -> int | None:
    """The daily checklist's KPI line for DAY, read after the day ended."""
    now = datetime.combine(day + timedelta(days=1), datetime.min.time(), HEL) + timedelta(hours=9)
    with session_scope(offline.sessions) as session:
        ctx = LiveContext(
            session,
            offline.team_id,
            offline.config,
            now.astimezone(UTC),
            day,
            day + timedelta(days=1),
        )
        lines = kpi_today(ctx)
    if any(line.startswith("No data for ") for line in lines):
        return 0  # said plainly rather than as a zero to judge
    found = [m for line in lines if (m := re.match(r"\*Mentions\* ([\d,]+) ·", line))]
    return _count(found[0][1]) if found else None


def export_kpis(first: date, last: date) -> dict[tuple[date, str], str]:
    rows = csv.DictReader(
        io.StringIO(cli("export", "kpis", "--since", str(first), "--until", str(last)))
    )
    return {(date.fromisoformat(r["date"]), r["metric"]): r["value"] for r in rows}


def export_mentions(first: date, last: date) -> list[tuple[datetime, tuple[str, ...]]]:
    out = cli("export", "mentions", "--since", str(first), "--until", str(last))
    return [
        (
            datetime.fromisoformat(r["created_at"].replace("Z", "+00:00")),
            tuple(b for b in r["brands"].split(";") if b),
        )
        for r in csv.DictReader(io.StringIO(out))
    ]


def export_year(first: date, last: date) -> dict[str, tuple[int, str]]:
    out = cli("export", "year", "--since", str(first), "--until", str(last))
    return {
        r["month"]: (int(r["mentions"]), r["share_of_voice"])
        for r in csv.DictReader(io.StringIO(out))
    }


def checklist_lines(offline: OfflineContext, provider: str, day: date, now: datetime) -> list[str]:
    """A daily checklist item's live lines for DAY at `now`."""
    with session_scope(offline.sessions) as session:
        ctx = LiveContext(
            session, offline.team_id, offline.config, now, day, day + timedelta(days=1)
        )
        return live_lines(PROVIDERS, provider, ctx)
