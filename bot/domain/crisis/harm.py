"""Which negative posts can do the most harm: how negative, times how far they reach.

The crisis check shows a few posts a person should look at first. A furious post seen by forty
people matters less than a sour one seen by forty thousand, so negativity is weighted by the
fourth root of the reach (a hundred times the reach counts about three times as much, so a
barely negative post with a huge audience does not bury a furious one); reposts of one post
count as that post, shown once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

_REPOST = re.compile(r"^\s*RT\s+@[\w.]+:\s*", re.IGNORECASE)


def harm(polarity: float, reach: int) -> float:
    """Negativity (0..1) weighted by the fourth root of the reach."""
    return max(0.0, -polarity) * math.pow(max(reach, 0) + 1, 0.25)


def worst_first(posts: Sequence[tuple[str, float, int]], limit: int) -> list[int]:
    """Indexes of (text, polarity, reach) posts, most harmful first, one per repost chain."""
    order = sorted(range(len(posts)), key=lambda i: (-harm(posts[i][1], posts[i][2]), i))
    seen: set[str] = set()
    picked: list[int] = []
    for i in order:
        key = _REPOST.sub("", posts[i][0]).strip().lower()
        if key in seen:
            continue
        seen.add(key)
        picked.append(i)
        if len(picked) == limit:
            break
    return picked
