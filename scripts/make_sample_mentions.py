"""Generate the demo's sample mentions: bot/data/sample_mentions.csv.gz (seeded, repeatable).

Story: Northwind Coffee (the team's brand; northwind, #northwindcoffee, @northwind) and two
competitors, Bluebird Roasters and Harbor Beans, from Monday 2026-10-19 00:00 UTC to Friday
2026-11-20 18:00 UTC (weeks 1-5; week 1 starts 2026-10-19).

- Volume: Poisson counts per hour and brand, with a daily rhythm in Helsinki time (quiet nights,
  peaks at breakfast, lunch and evening) and quieter weekends. About 1,000 mentions a day.
- Authors: a few thousand, most posting once or twice; ten repeat advocates of Northwind (mostly
  praise) and six repeat detractors (mostly complaints); followers are log-normal.
- Networks: twitter, instagram, facebook, reddit, tiktok, youtube, linkedin and news sites, with
  permalinks that show the media kind (instagram /p/ = image, /reel/ and tiktok/youtube = video).
- Campaign: #NorthwindAutumn launches Tuesday 2026-10-27 at 08:00 UTC (week 2): a burst of mostly
  positive posts, many with the campaign video or landing page, fading with a half-life of about
  two days.
- Crisis (ONE, for the crisis watch demo): Wednesday 2026-11-11 (week 4), 13:00-19:00 UTC
  (15:00-21:00 in Helsinki). At 13:05 UTC the author `coldbrew_truth` (48,000 followers) posts
  "Found MOLD in my @northwind cold brew..." (id `crisis-origin`); about two thirds of the
  crisis posts are reposts of it ("RT @coldbrew_truth: ..."), the rest mostly negative posts on
  mold and a recall. Northwind's volume in the peak hour (14:00-15:00 UTC) is about ten times
  that hour's usual volume; it fades by 19:00. Crisis rows have ids starting `crisis-`.

Run: `python scripts/make_sample_mentions.py [--out PATH] [--seed N]`.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import itertools
import math
import random
import string
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_texts import FINNISH, TEMPLATES, fill

START = datetime(2026, 10, 19, 0, 0, tzinfo=UTC)
END = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
CAMPAIGN_START = datetime(2026, 10, 27, 8, 0, tzinfo=UTC)
CRISIS_START = datetime(2026, 11, 11, 13, 0, tzinfo=UTC)
CRISIS_HOURS = (160, 300, 260, 170, 100, 50)  # extra Northwind posts in each crisis hour
HELSINKI = ZoneInfo("Europe/Helsinki")
DAILY_MEAN = {"Northwind Coffee": 430.0, "Bluebird Roasters": 330.0, "Harbor Beans": 190.0}
MOOD = {
    "Northwind Coffee": (0.45, 0.35),
    "Bluebird Roasters": (0.42, 0.36),
    "Harbor Beans": (0.38, 0.40),
}
HOUR_SHAPE = [
    0.2,
    0.1,
    0.08,
    0.06,
    0.08,
    0.2,
    0.5,
    1.1,
    1.6,
    1.5,
    1.2,
    1.3,
    1.6,
    1.4,
    1.1,
    1.0,
    1.1,
    1.3,
    1.5,
    1.6,
    1.5,
    1.2,
    0.8,
    0.4,
]
NETWORKS = [
    ("twitter", 40),
    ("instagram", 20),
    ("facebook", 12),
    ("reddit", 8),
    ("tiktok", 7),
    ("news", 6),
    ("youtube", 3),
    ("linkedin", 4),
]
COLUMNS = [
    "id",
    "created_at",
    "network",
    "author",
    "text",
    "url",
    "followers",
    "likes",
    "shares",
    "comments",
    "media",
    "lang",
]
ORIGIN_TEXT = (
    "Found MOLD in my @northwind cold brew. Never drinking this again. Is there a recall?? "
    "#northwindcoffee https://pbs.twimg.com/media/nw-mold.jpg"
)
FIRST_NAMES = [
    "anna",
    "mika",
    "li",
    "sam",
    "joe",
    "kaisa",
    "omar",
    "ella",
    "ben",
    "noor",
    "ville",
    "maya",
    "tom",
    "aino",
    "raj",
    "sofia",
    "leo",
    "iida",
    "max",
    "zoe",
]
NEWS_SITES = ["dailybrew.example", "citynews.example", "foodmag.example"]
SUBREDDITS = ["coffee", "espresso", "helsinki"]
Authors = tuple[list["Author"], list["Author"], list["Author"]]  # crowd, advocates, detractors


@dataclass(frozen=True)
class Author:
    handle: str
    followers: int
    leaning: str | None = None  # "advocate" or "detractor" of Northwind


def _handle(rng: random.Random) -> str:
    first = rng.choice(FIRST_NAMES)
    tail = rng.choice(["", "_", "."]) + "".join(
        rng.choices(string.ascii_lowercase + string.digits, k=4)
    )
    return first + tail


def make_authors(rng: random.Random) -> Authors:
    crowd = [Author(_handle(rng), int(rng.lognormvariate(5.6, 1.5))) for _ in range(4000)]
    advocates = [
        Author(f"brewfan_{i}", int(rng.lognormvariate(7.5, 1.0)), "advocate") for i in range(10)
    ]
    detractors = [
        Author(f"bitter_bean_{i}", int(rng.lognormvariate(6.5, 1.0)), "detractor") for i in range(6)
    ]
    return crowd, advocates, detractors


def _poisson(rng: random.Random, mean: float) -> int:
    if mean > 50:  # normal approximation keeps big hours fast
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def hourly_mean(brand: str, hour: datetime) -> float:
    local = hour.astimezone(HELSINKI)
    weekend = 0.7 if local.weekday() >= 5 else 1.0
    return DAILY_MEAN[brand] / sum(HOUR_SHAPE) * HOUR_SHAPE[local.hour] * weekend


def campaign_mean(hour: datetime) -> float:
    if hour < CAMPAIGN_START:
        return 0.0
    days = (hour - CAMPAIGN_START).total_seconds() / 86400
    local = hour.astimezone(HELSINKI)
    return 60.0 * 0.5 ** (days / 2.0) * HOUR_SHAPE[local.hour]


class Writer:
    """Builds rows with unique ids, urls and media kinds that fit the network."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.count, self.rows = rng, 0, []

    def url_and_media(
        self, network: str, author: Author, post_id: str, text: str
    ) -> tuple[str, str]:
        rng = self.rng
        if network == "twitter":
            url = f"https://x.com/{author.handle}/status/{post_id}"
        elif network == "instagram":
            url = f"https://www.instagram.com/{rng.choice(['p', 'p', 'reel'])}/{post_id}/"
        elif network == "facebook":
            url = f"https://www.facebook.com/{author.handle}/posts/{post_id}"
        elif network == "reddit":
            url = f"https://www.reddit.com/r/{rng.choice(SUBREDDITS)}/comments/{post_id}/"
        elif network == "tiktok":
            url = f"https://www.tiktok.com/@{author.handle}/video/{post_id}"
        elif network == "youtube":
            url = f"https://www.youtube.com/watch?v={post_id}"
        elif network == "linkedin":
            url = f"https://www.linkedin.com/posts/{author.handle}_{post_id}"
        else:
            url = f"https://{rng.choice(NEWS_SITES)}/a/{post_id}"
        if network in ("tiktok", "youtube") or "/reel/" in url or "youtu.be" in text:
            return url, "video"
        if "/p/" in url or ".jpg" in text:
            return url, "image"
        return url, "link" if "https://" in text or network == "news" else "text"

    def add(
        self,
        when: datetime,
        author: Author,
        text: str,
        *,
        network: str | None = None,
        post_id: str | None = None,
        lang: str = "en",
        boost: float = 1.0,
    ) -> None:
        rng = self.rng
        self.count += 1
        network = network or rng.choices([n for n, _ in NETWORKS], [w for _, w in NETWORKS])[0]
        post_id = post_id or f"{network[:2]}{self.count:07d}"
        url, media = self.url_and_media(network, author, post_id, text)
        reach = author.followers
        likes = int(rng.expovariate(1.0) * (3 + reach**0.5 / 4) * boost)
        shares, comments = int(likes * rng.uniform(0.05, 0.3)), int(likes * rng.uniform(0.02, 0.2))
        stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.rows.append(
            [
                post_id,
                stamp,
                network,
                author.handle,
                text,
                url,
                reach,
                likes,
                shares,
                comments,
                media,
                lang,
            ]
        )


def pick_author(rng: random.Random, brand: str, authors: Authors, mood: str) -> Author:
    crowd, advocates, detractors = authors
    if brand == "Northwind Coffee" and mood == "positive" and rng.random() < 0.12:
        return rng.choice(advocates)
    if brand == "Northwind Coffee" and mood == "negative" and rng.random() < 0.15:
        return rng.choice(detractors)
    return rng.choices(crowd, cum_weights=_CROWD_WEIGHTS)[0]


# A few of the crowd post often, most once or twice (Zipf-like activity).
_CROWD_WEIGHTS = list(itertools.accumulate(1 / (rank + 50) ** 0.5 for rank in range(4000)))


def _mood(rng: random.Random, brand: str) -> str:
    positive, neutral = MOOD[brand]
    roll = rng.random()
    return "positive" if roll < positive else "neutral" if roll < positive + neutral else "negative"


def regular(writer: Writer, authors: Authors) -> None:
    rng, hour = writer.rng, START
    while hour < END:
        for brand in DAILY_MEAN:
            for _ in range(_poisson(rng, hourly_mean(brand, hour))):
                when = hour + timedelta(seconds=rng.randrange(3600))
                if brand == "Northwind Coffee" and rng.random() < 0.03:
                    writer.add(
                        when,
                        rng.choice(authors[0]),
                        fill(rng, rng.choice(FINNISH), brand),
                        lang="fi",
                    )
                    continue
                mood = _mood(rng, brand)
                text = fill(rng, rng.choice(TEMPLATES[mood]), brand)
                writer.add(when, pick_author(rng, brand, authors, mood), text)
        for _ in range(_poisson(rng, campaign_mean(hour))):
            when = hour + timedelta(seconds=rng.randrange(3600))
            mood = "positive" if rng.random() < 0.7 else "neutral"
            text = fill(rng, rng.choice(TEMPLATES["campaign_" + mood]), "Northwind Coffee")
            writer.add(when, rng.choice(authors[0] + authors[1]), text, boost=1.5)
        hour += timedelta(hours=1)


def crisis(writer: Writer, authors: Authors) -> None:
    rng = writer.rng
    origin = Author("coldbrew_truth", 48_000)
    writer.add(
        CRISIS_START + timedelta(minutes=5),
        origin,
        ORIGIN_TEXT,
        network="twitter",
        post_id="crisis-origin",
        boost=40,
    )
    number = 0
    for offset, extra in enumerate(CRISIS_HOURS):
        for _ in range(_poisson(rng, extra)):
            number += 1
            start = 6 * 60 if offset == 0 else 0
            when = CRISIS_START + timedelta(hours=offset, seconds=rng.randrange(start, 3600))
            roll = rng.random()
            if roll < 0.67:
                text, network = f"RT @coldbrew_truth: {ORIGIN_TEXT}", "twitter"
            else:
                text = fill(
                    rng,
                    rng.choice(TEMPLATES["crisis" if roll < 0.93 else "defence"]),
                    "Northwind Coffee",
                )
                network = None
            writer.add(
                when,
                rng.choice(authors[0] + authors[2]),
                text,
                network=network,
                post_id=f"crisis-{number:05d}",
            )


def generate(seed: int) -> list[list[object]]:
    rng = random.Random(seed)
    writer = Writer(rng)
    authors = make_authors(rng)
    regular(writer, authors)
    crisis(writer, authors)
    writer.rows.sort(key=lambda row: (str(row[1]), str(row[0])))
    return writer.rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("bot/data/sample_mentions.csv.gz"))
    parser.add_argument("--seed", type=int, default=20261120)
    args = parser.parse_args()
    rows = generate(args.seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the compressed file byte-identical between runs.
    args.out.write_bytes(gzip.compress(buffer.getvalue().encode("utf-8"), compresslevel=9, mtime=0))
    size = args.out.stat().st_size / 1e6
    sys.stdout.write(f"{len(rows)} mentions -> {args.out} ({size:.2f} MB)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
