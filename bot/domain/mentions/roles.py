"""Whose a post is: the one definition behind every mentions and share-of-voice figure.

The brand's *mentions* are the posts that name the brand; a post naming two tracked brands counts
for both. *Share of voice* is the brand's mentions over the brand's and its competitors' mentions.
A post naming no brand at all is nobody's (*unmatched*): never the brand's, never in share of
voice, and counted on its own so a team sees an import that missed. A brand named in a source's
own column but not configured (*other*) is in neither figure. Without a configured brand, every
named brand that is not a competitor is the brand's (a team that only declares brands on import).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

UNMATCHED = ""
"""The roll-up brand of a post that names no brand."""


class Role(StrEnum):
    BRAND = "brand"
    COMPETITOR = "competitor"
    OTHER = "other"
    UNMATCHED = "unmatched"


@dataclass(frozen=True)
class BrandRoles:
    """The team's brand and competitors, compared case-insensitively."""

    brand: str | None  # lower case; None: no brand configured
    competitors: frozenset[str]  # lower case

    @classmethod
    def of(cls, brand: str | None, competitors: Iterable[str]) -> BrandRoles:
        """Roles from the configured names."""
        own = brand.strip().lower() if brand and brand.strip() else None
        return cls(own, frozenset(c.strip().lower() for c in competitors if c.strip()))

    def role(self, name: str | None) -> Role:
        """The role of one brand a post names ('' or None: the post names none)."""
        key = (name or "").strip().lower()
        if not key:
            return Role.UNMATCHED
        if key in self.competitors:
            return Role.COMPETITOR
        if self.brand is None or key == self.brand:
            return Role.BRAND
        return Role.OTHER

    def count(self, names_per_post: Iterable[Iterable[str]]) -> dict[Role, int]:
        """The direct count: each brand a post names adds one to its role; a post naming none
        adds one to UNMATCHED (so competitors' mentions are the sum of each competitor's)."""
        counts = dict.fromkeys(Role, 0)
        for names in names_per_post:
            distinct = {n.strip().lower() for n in names if n and n.strip()}
            for name in distinct or {UNMATCHED}:
                counts[self.role(name)] += 1
        return counts


def share_of_voice(mentions: float, competitor_mentions: float) -> float | None:
    """The brand's mentions over its and its competitors' mentions (None when both are 0)."""
    whole = mentions + competitor_mentions
    return mentions / whole if whole else None
