"""The live-data providers by the name a checklist template gives in `data:`.

Each feature lists its providers here explicitly, so what an item can show is visible in one place.
"""

from __future__ import annotations

from bot.live_data import Provider

PROVIDERS: dict[str, Provider] = {}
