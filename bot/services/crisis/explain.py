"""Explaining an incident's window from the stored mentions: sources, terms, samples, drop cause.

Run when an incident opens or grows (not every bucket): it reads the window's posts and the same
window in each of the last four weeks, which is what "typical" means for the sources too.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.config import VahtiConfig
from bot.domain.crisis.attribution import baseline_from, candidates, explain
from bot.domain.crisis.drops import drop_cause
from bot.domain.crisis.figures import Figures, with_explanation
from bot.domain.crisis.incidents import Kind
from bot.domain.crisis.top_terms import terms_in
from bot.domain.time import weeks_before
from bot.i18n import translator
from models.crisis.counts import last_ingested_at, source_mix, window_posts

PAST_WEEKS = 4
MAX_WINDOW = timedelta(hours=2)  # a long anomaly is explained by its latest two hours


def _weeks_before(
    start: datetime, end: datetime, k: int, config: VahtiConfig
) -> tuple[datetime, datetime]:
    """The same local clock times k weeks earlier."""
    return weeks_before(start, k, config.tz), weeks_before(end, k, config.tz)


def brand_tags(config: VahtiConfig, brand: str) -> frozenset[str]:
    """The brand's own hashtags (lower case, no '#')."""
    found = next((b for b in config.brands() if b.name == brand), None)
    return frozenset(h.lower().lstrip("#") for h in found.hashtags) if found else frozenset()


def brand_words(config: VahtiConfig, brand: str) -> frozenset[str]:
    """The brand's own names, which every mention contains: never a "top term"."""
    for b in config.brands():
        if b.name == brand:
            words = [b.name, *b.keywords, *b.hashtags, *b.handles]
            return frozenset(w for text in words for w in terms_in(text.replace("#", " ")))
    return frozenset(terms_in(brand))


def explained(
    session: Session,
    config: VahtiConfig,
    where: tuple[str, str],
    span: tuple[datetime, datetime],
    base: Figures,
) -> Figures:
    """`base` (the detector's figures) completed from the window's posts.

    `where` is (team_id, brand); `base.typical` scaled to the window is the expected total.
    """
    team_id, brand = where
    end = span[1]
    start = max(span[0], end - MAX_WINDOW)
    posts = window_posts(session=session, team_id=team_id, brand=brand, span=(start, end))
    past = [
        window_posts(
            session=session, team_id=team_id, brand=brand, span=_weeks_before(start, end, k, config)
        )
        for k in range(1, PAST_WEEKS + 1)
    ]
    exclude, own = brand_words(config, brand), brand_tags(config, brand)
    weeks = [p for p in past if p]
    expected = sum(len(p) for p in weeks) / len(weeks) if weeks else base.typical
    baseline = baseline_from(past, candidates(posts, own), expected, exclude)
    return with_explanation(base, explain(posts, baseline, exclude, own))


def explained_drop(
    session: Session,
    config: VahtiConfig,
    where: tuple[str, str],
    span: tuple[datetime, datetime],
    base: Figures,
) -> Figures:
    """A drop's figures with its likelier cause (feed problem or fading interest)."""
    team_id, brand = where
    start, end = span
    now_mix = source_mix(session=session, team_id=team_id, brand=brand, span=(start, end))
    usual: dict[str, float] = {}
    for k in range(1, PAST_WEEKS + 1):
        past = source_mix(
            session=session, team_id=team_id, brand=brand, span=_weeks_before(start, end, k, config)
        )
        for source, n in past.items():
            usual[source] = usual.get(source, 0.0) + n / PAST_WEEKS
    stored = last_ingested_at(session=session, team_id=team_id, since=end - timedelta(days=1))
    cause = drop_cause(now_mix, usual, stored, end, config.tz, translator(config.locale))
    figures = explained(session, config, where, span, base)
    return replace(figures, cause=cause, sources=())


def explain_for(
    session: Session,
    config: VahtiConfig,
    where: tuple[str, str],
    span: tuple[datetime, datetime],
    kind: str,
    base: Figures,
) -> Figures:
    """The right explanation for a volume or sentiment incident."""
    if kind == Kind.VOLUME_DROP:
        return explained_drop(session, config, where, span, base)
    return explained(session, config, where, span, base)
