"""Immediate-alert rules and quiet hours: crisis terms, watched accounts, "22:00-07:00" windows.

Pure: the crisis job and the after-store hook pass values in. Terms match as whole words or
phrases in any case: "recall" matches "RECALL!" but not "recalling", and "data breach" matches
across any whitespace.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

_QUIET = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True)
class TermMatcher:
    """Finds configured crisis terms in text (whole words/phrases, any case)."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]

    @classmethod
    def of(cls, terms: Sequence[str]) -> TermMatcher:
        compiled = []
        for term in terms:
            words = term.strip().lower().split()
            if words:
                body = r"\s+".join(re.escape(w) for w in words)
                compiled.append((" ".join(words), re.compile(rf"(?<!\w){body}(?!\w)", re.I)))
        return cls(tuple(compiled))

    def find(self, text: str) -> list[str]:
        """The terms (normalised to lower case) that occur in `text`, in config order."""
        return [term for term, pattern in self.patterns if pattern.search(text)]


def account_key(name: str) -> str:
    """An author or handle in a comparable form: lower case, no leading '@', no spaces."""
    return name.strip().lstrip("@").strip().lower()


def watched_account(author: str, label: str, watched: frozenset[str]) -> str | None:
    """The watched account that wrote a negative post, or None."""
    key = account_key(author)
    return key if label == "negative" and key and key in watched else None


@dataclass(frozen=True)
class QuietHours:
    """A daily window in the team's zone; it may cross midnight (22:00-07:00)."""

    start: time
    end: time

    @classmethod
    def parse(cls, spec: str) -> QuietHours:
        """Read "HH:MM-HH:MM"; raises ValueError with the expected form."""
        m = _QUIET.match(spec)
        if m is None:
            raise ValueError(f"quiet hours {spec!r} should look like 22:00-07:00")
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
            raise ValueError(f"quiet hours {spec!r} has an impossible time")
        return cls(time(h1, m1), time(h2, m2))

    def contains(self, local: time) -> bool:
        """Whether a local time of day falls in the window."""
        if self.start <= self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def ends_after(self, now: datetime, tz: ZoneInfo) -> datetime | None:
        """When the window holding `now` ends (aware, in `now`'s zone), or None outside it."""
        local = now.astimezone(tz)
        if not self.contains(local.time().replace(tzinfo=None)):
            return None
        end = datetime.combine(local.date(), self.end, tzinfo=tz)
        if end <= local:
            end = datetime.combine(local.date() + timedelta(days=1), self.end, tzinfo=tz)
        return end.astimezone(now.tzinfo)


def held_until(spec: str | None, severity: str, now: datetime, tz: ZoneInfo) -> datetime | None:
    """Until when a new alert of `severity` waits: only `watch` alerts wait out quiet hours."""
    if spec is None or severity != "watch":
        return None
    return QuietHours.parse(spec).ends_after(now, tz)


@dataclass(frozen=True)
class ImmediateRules:
    """What makes one new mention an immediate alert."""

    terms: TermMatcher
    min_reach: int
    watched: frozenset[str]

    @classmethod
    def of(cls, terms: Sequence[str], min_reach: int, watched: Sequence[str]) -> ImmediateRules:
        keys = frozenset(k for k in (account_key(w) for w in watched) if k)
        return cls(TermMatcher.of(terms), min_reach, keys)

    def matches(self, text: str, author: str, label: str, reach: int) -> list[tuple[str, str]]:
        """(kind, subject) pairs: crisis terms at or over the reach floor, watched negatives."""
        found = (
            [("crisis_term", t) for t in self.terms.find(text)] if reach >= self.min_reach else []
        )
        account = watched_account(author, label, self.watched)
        return found + ([("watched_account", account)] if account else [])


# An import of old mentions is history, not news: only mentions this fresh alert at once.
FRESH = timedelta(hours=6)


def is_fresh(created_at: datetime, ingested_at: datetime) -> bool:
    """Whether a mention was new when stored (backfills never page anyone)."""
    return ingested_at - created_at <= FRESH
