"""Plain rows the insight queries return and the insight maths reads (no database types)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Post:
    """One mention as shown to people: who, where, what, and how far it went."""

    author: str
    source: str
    created_at: datetime
    text: str
    url: str | None
    engagement: int
    reach: int
    polarity: float


@dataclass(frozen=True)
class AuthorTotals:
    """One author's mentions in a window; `reach` is the largest reach seen (their audience)."""

    author: str
    mentions: int
    positive: int
    negative: int
    polarity_sum: float
    reach: int
    engagement: int

    @property
    def mean_polarity(self) -> float:
        return self.polarity_sum / self.mentions if self.mentions else 0.0


@dataclass(frozen=True)
class AuthorDetail:
    """Where and when an author posts: mentions per network, per UTC hour, first mention ever."""

    networks: tuple[tuple[str, int], ...]
    hours: tuple[tuple[datetime, int], ...]
    first_seen: datetime | None
    top_post: Post | None


@dataclass(frozen=True)
class Totals:
    """Mentions in a window with their sentiment, reach and engagement sums."""

    mentions: int = 0
    positive: int = 0
    negative: int = 0
    polarity_sum: float = 0.0
    reach: int = 0
    engagement: int = 0

    @property
    def mean_polarity(self) -> float:
        return self.polarity_sum / self.mentions if self.mentions else 0.0

    @property
    def neutral(self) -> int:
        return self.mentions - self.positive - self.negative

    def share(self, part: int) -> float:
        return part / self.mentions if self.mentions else 0.0
