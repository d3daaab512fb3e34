"""Share of voice: each tracked brand's part of all brand mentions (and of their reach).

A mention that names two brands counts for both (it is part of each one's conversation), so the
shares are of brand *mentions*, which can outnumber mentions. Month over month is the change in
percentage points against the previous window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class BrandCounts:
    """A brand's mentions and summed reach in each window, oldest window first."""

    brand: str
    mentions: tuple[int, ...]
    reach: tuple[int, ...]


@dataclass(frozen=True)
class BrandShare:
    """One brand's share now and in the previous window (None when that window was empty)."""

    brand: str
    own: bool
    mentions: int
    share: float
    reach_share: float
    previous_mentions: int
    previous_share: float | None
    previous_reach_share: float | None

    @property
    def change_points(self) -> float | None:
        """The change of the mention share in percentage points."""
        if self.previous_share is None:
            return None
        return (self.share - self.previous_share) * 100


@dataclass(frozen=True)
class ShareOfVoice:
    """Every brand's share in the current window against the previous one."""

    label: str
    previous_label: str
    total: int
    previous_total: int
    brands: tuple[BrandShare, ...]


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def shares_in(rows: Sequence[BrandCounts], index: int) -> dict[str, float]:
    """Each brand's share of brand mentions in window `index` (empty when it had none)."""
    whole = sum(r.mentions[index] for r in rows)
    return {r.brand: r.mentions[index] / whole for r in rows} if whole else {}


def _ordered(rows: Sequence[BrandCounts], tracked: Sequence[str]) -> list[BrandCounts]:
    """Tracked brands in their configured order (zeros included), then others by volume."""
    by_name = {r.brand: r for r in rows}
    windows = len(rows[0].mentions) if rows else 2
    zero = (0,) * windows
    first = [by_name.get(name) or BrandCounts(name, zero, zero) for name in tracked]
    rest = sorted(
        (r for r in rows if r.brand not in set(tracked)),
        key=lambda r: (-r.mentions[-1], r.brand),
    )
    return first + rest


def share_of_voice(
    rows: Sequence[BrandCounts],
    tracked: Sequence[str],
    own: str | None,
    labels: tuple[str, str] = ("previous", "current"),
) -> ShareOfVoice:
    """Shares in the last window of `rows` against the one before it."""
    ordered = _ordered(rows, tracked)
    if any(len(r.mentions) < 2 or len(r.reach) != len(r.mentions) for r in ordered):
        raise ValueError("share of voice needs two windows of mentions and reach per brand")
    total = sum(r.mentions[-1] for r in ordered)
    previous_total = sum(r.mentions[-2] for r in ordered)
    reach_total = sum(r.reach[-1] for r in ordered)
    previous_reach = sum(r.reach[-2] for r in ordered)
    brands = tuple(
        BrandShare(
            brand=r.brand,
            own=r.brand == own,
            mentions=r.mentions[-1],
            share=_share(r.mentions[-1], total) or 0.0,
            reach_share=_share(r.reach[-1], reach_total) or 0.0,
            previous_mentions=r.mentions[-2],
            previous_share=_share(r.mentions[-2], previous_total),
            previous_reach_share=_share(r.reach[-2], previous_reach),
        )
        for r in ordered
    )
    return ShareOfVoice(labels[1], labels[0], total, previous_total, brands)
