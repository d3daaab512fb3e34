"""The shape of an hourly roll-up row, apart from the totals built on it: storing mentions
writes and reads these rows, and needs none of the numpy and pandas that `totals` imports."""

from __future__ import annotations

OWN_FIELDS = ("mentions", "positive", "negative", "neutral", "reach", "engagement", "shares")
"""The brand's own sums per hour, in the roll-up's column order."""

BrandHourRow = tuple[int, str, int, int, int, int, int, int, int]
"""A roll-up row: (epoch second of the UTC hour, brand as stored, *OWN_FIELDS)."""
