"""Window totals over the hourly roll-ups and manual logs: any metric over any span of hours.

*Mentions* are the posts naming the brand and *share of voice* is the brand's mentions over its
and its competitors' (`bot.domain.mentions.roles`, the one definition); posts naming no brand are
counted apart (*unmatched*). Share of voice exists only when competitors are configured. A
manual log replaces the roll-up's figure for its (metric, day): the team's own number wins.

A local day is the UTC hours that start in [its local midnight, the next one): 23, 24 or 25 of
them, exact for whole-hour zones through DST; in :30 or :45 zones the edges move by that part.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import numpy as np

from bot.domain.kpi.hour_rows import OWN_FIELDS, BrandHourRow
from bot.domain.kpi.metrics import Metric, Targets
from bot.domain.mentions.roles import BrandRoles, Role, share_of_voice
from bot.domain.time import local_midnight

if TYPE_CHECKING:  # pandas is imported where a frame is read: the bot's own paths use none
    import pandas as pd

# "competitors": their mentions (share of voice); "unmatched": posts naming no brand; "all": every
# roll-up row's mentions (whether a period has any data at all).
TOTAL_FIELDS = (*OWN_FIELDS, "competitors", "unmatched", "all", "purchase")
# "purchase": the brand's posts showing intent to buy (purchase opportunities)
FIELD_OF = {Metric.PURCHASE_OPPORTUNITIES: "purchase"}


class HourTotals:
    """Cumulative sums per hour, so the total of any window is two binary searches."""

    def __init__(self, hours: np.ndarray, sums: Mapping[str, np.ndarray]) -> None:
        # Plain lists: a report makes tens of thousands of single look-ups, where `bisect` and
        # list indexing cost a fraction of a numpy call (the values are the same doubles).
        self._hours: list[int] = np.asarray(hours, dtype=np.int64).tolist()
        self._cum: dict[str, list[float]] = {
            f: np.concatenate([[0.0], np.cumsum(np.asarray(sums[f], dtype=float))]).tolist()
            for f in TOTAL_FIELDS
        }

    @classmethod
    def from_brand_rows(
        cls, rows: Sequence[BrandHourRow], roles: BrandRoles, purchase: Mapping[int, int]
    ) -> HourTotals:
        """Roll-up rows `(epoch second, brand, *OWN_FIELDS)`, each brand in its role, plus the
        brand's purchase-intent posts per hour (`purchase`, by epoch second)."""
        hours, sums = role_sums(rows, roles)
        sums["purchase"] = np.array([purchase.get(int(h), 0) for h in hours], dtype=float)
        return cls(hours, sums)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, roles: BrandRoles) -> HourTotals:
        """Per-brand hourly rows (`hour`, `brand`, *OWN_FIELDS), each brand in its role."""
        import pandas as pd

        if frame.empty:
            return cls(np.array([], dtype=np.int64), {f: np.array([]) for f in TOTAL_FIELDS})
        role = frame["brand"].fillna("").map(roles.role)
        own = role == Role.BRAND
        purchase = frame["purchase"] if "purchase" in frame else frame["mentions"] * 0
        parts = {f: frame[f].where(own, 0) for f in OWN_FIELDS} | {
            "competitors": frame["mentions"].where(role == Role.COMPETITOR, 0),
            "unmatched": frame["mentions"].where(role == Role.UNMATCHED, 0),
            "all": frame["mentions"],
            "purchase": purchase.where(own, 0),
        }
        epoch = pd.Timestamp(0, tz="UTC")
        hours = (pd.to_datetime(frame["hour"], utc=True) - epoch) // pd.Timedelta(seconds=1)
        grouped = pd.DataFrame(parts).groupby(hours.to_numpy()).sum().sort_index()
        sums = {f: grouped[f].to_numpy(dtype=float) for f in TOTAL_FIELDS}
        return cls(grouped.index.to_numpy(dtype=np.int64), sums)

    def _index(self, at: datetime) -> int:
        return bisect_left(self._hours, int(at.timestamp()))

    def total(self, field: str, start: datetime, end: datetime) -> float:
        """The sum over hours starting in [start, end)."""
        cum = self._cum[field]
        return cum[self._index(end)] - cum[self._index(start)]

    def prorated(self, field: str, start: datetime, cut: datetime) -> float:
        """Whole hours before `cut`'s hour, plus that hour in proportion to the minutes gone."""
        hour = cut.replace(minute=0, second=0, microsecond=0)
        part = self.total(field, hour, hour + timedelta(hours=1)) * (
            (cut - hour) / timedelta(hours=1)
        )
        return self.total(field, start, hour) + (part if hour >= start else 0.0)


def role_sums(
    rows: Sequence[BrandHourRow], roles: BrandRoles
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Each hour's sums by role (`BrandRoles.role`, the one definition): the brand's
    OWN_FIELDS, competitors' mentions, unmatched posts and every row's mentions, over the hours
    with any row (epoch seconds, ascending). Several brands' figures fold the same rows."""
    if not rows:
        empty = np.array([], dtype=float)
        return np.array([], dtype=np.int64), {f: empty for f in TOTAL_FIELDS if f != "purchase"}
    epochs = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    values = np.array([r[2:] for r in rows], dtype=float).reshape(len(rows), len(OWN_FIELDS))
    role_of = {name: roles.role(name) for name in {r[1] for r in rows}}
    role = [role_of[r[1]] for r in rows]
    hours, at = np.unique(epochs, return_inverse=True)

    def per_hour(weights: np.ndarray, mask: list[bool] | None = None) -> np.ndarray:
        picked = weights if mask is None else np.where(mask, weights, 0.0)
        return np.bincount(at, weights=picked, minlength=len(hours))

    own = [r is Role.BRAND for r in role]
    sums = {f: per_hour(values[:, i], own) for i, f in enumerate(OWN_FIELDS)}
    mentions = values[:, 0]
    sums["competitors"] = per_hour(mentions, [r is Role.COMPETITOR for r in role])
    sums["unmatched"] = per_hour(mentions, [r is Role.UNMATCHED for r in role])
    sums["all"] = per_hour(mentions)
    return hours, sums


@dataclass(frozen=True)
class KpiData:
    """Everything a report reads: roll-up totals, manual logs by (metric, day), target history."""

    totals: HourTotals
    logs: Mapping[tuple[Metric, date], float]
    targets: Targets
    tz: ZoneInfo
    has_competitors: bool
    first_data: datetime | None = None  # the team's first roll-up hour: history begins there


def build_data(
    totals: HourTotals,
    logs: Mapping[tuple[Metric, date], float],
    targets: Targets,
    tz: ZoneInfo,
    has_competitors: bool,
    first_data: datetime | None = None,
) -> KpiData:
    """Everything a report reads, in one value."""
    return KpiData(totals, logs, targets, tz, has_competitors, first_data)


def days_between(start: date, cut: datetime, tz: ZoneInfo) -> list[date]:
    days, day = [], start
    while local_midnight(day, tz) < cut:
        days.append(day)
        day += timedelta(days=1)
    return days


def window_values(
    data: KpiData, start: date, cut: datetime, prorate: bool = False
) -> dict[Metric, float | None]:
    """Each metric over [local midnight of `start`, `cut`)."""
    begin, tz = local_midnight(start, data.tz), data.tz

    def total(field: str, a: datetime, b: datetime) -> float:
        return data.totals.prorated(field, a, b) if prorate else data.totals.total(field, a, b)

    sums = {f: total(f, begin, cut) for f in TOTAL_FIELDS}
    days = days_between(start, cut, tz)
    values: dict[Metric, float | None] = {Metric.MENTIONS: sums["mentions"]}
    for metric in (Metric.REACH, Metric.ENGAGEMENT, Metric.SHARES, Metric.PURCHASE_OPPORTUNITIES):
        field = FIELD_OF.get(metric, metric.value)
        value = sums[field]
        for day in (d for d in days if (metric, d) in data.logs):
            rolled = total(
                field,
                max(begin, local_midnight(day, tz)),
                min(cut, local_midnight(day + timedelta(days=1), tz)),
            )
            value += data.logs[(metric, day)] - rolled
        values[metric] = value
    for metric in (Metric.NEW_FOLLOWERS,):
        logged = [data.logs[(metric, d)] for d in days if (metric, d) in data.logs]
        values[metric] = sum(logged) if logged else None
    scored = sums["positive"] + sums["negative"] + sums["neutral"]
    values[Metric.POSITIVE_SHARE] = sums["positive"] / scored if scored else None
    values[Metric.NEGATIVE_SHARE] = sums["negative"] / scored if scored else None
    sov = share_of_voice(sums["mentions"], sums["competitors"])
    values[Metric.SHARE_OF_VOICE] = sov if data.has_competitors else None
    return values


def unmatched(data: KpiData, start: date, cut: datetime) -> int:
    """Posts naming no brand in [local midnight of `start`, `cut`): nobody's mentions."""
    return round(data.totals.total("unmatched", local_midnight(start, data.tz), cut))
