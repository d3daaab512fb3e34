"""Mention ingest: records -> checked -> new ones scored, tagged -> stored, in batches.

Every source (file import, webhook, feeds, the Slack feed channel) goes through `ingest`, so
they count and deduplicate alike. Records stream through in batches of `batch_size`: a batch's
keys are looked up first, so a re-import scores nothing twice; what is new is scored (in worker
processes when asked), tagged with brands, hashtags and links, and stored in its own
transaction, so an interrupted import keeps what it stored and the next run carries on.

A record is stored or rejected on its own: every field is range-checked before anything is
written (`bot.domain.mentions.record`), so one bad record never fails the records around it.

A post Vahti cannot score (a language its scorer does not read, Finnish for one) takes the
listening tool's own label when the record carried one, so it counts as positive or negative
like the rest; the tool's label is kept beside Vahti's on every mention. The report says which
brands the stored rows named, how many named none, and the time span they cover.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from itertools import islice

from bot.clock import Clock
from bot.config import VahtiConfig
from bot.db import SessionFactory, session_scope
from bot.domain.import_summary import summary_line
from bot.domain.mentions.brands import BrandMatcher
from bot.domain.mentions.extract import hashtags, links, media_kind
from bot.domain.mentions.purchase_intent import PURCHASE, shows_purchase_intent
from bot.domain.mentions.record import MentionDraft, RecordRules, Rejected, draft
from bot.domain.mentions.shaping import TOOL_POLARITY
from bot.domain.sentiment.scorer import Sentiment, Thresholds
from bot.i18n import ENGLISH, N_, Phrase, Translator
from bot.services.mentions.after_store import AfterStore, store_mentions
from bot.services.mentions.files import Record
from bot.services.mentions.scoring import PendingScores, Scorer, is_supported, unscored
from bot.services.mentions.statistics import BIG_IMPORT, refresh_statistics
from models.mentions.store import NewMention, existing_keys

BATCH_SIZE = 2000
FUTURE_SLACK = timedelta(days=1)  # clocks and time zones disagree; a week ahead is a wrong date
MAX_KEPT_REJECTIONS = 1000  # a report keeps this many; `on_reject` sees every one


@dataclass(frozen=True)
class Rejection:
    """A record that was not stored: its line (or index) and why (English, a `Phrase` when
    the surface may say it in the team's language)."""

    line: int
    reason: str


@dataclass(frozen=True)
class IngestReport:
    """What an import did; `read == stored + duplicates + rejected`."""

    read: int
    stored: int
    duplicates: int
    rejected: int
    rejections: tuple[Rejection, ...] = ()
    encoding: str | None = None
    brands: tuple[tuple[str, int], ...] = ()  # stored rows naming each brand, config order
    unbranded: int = 0  # stored rows naming no brand
    first_at: datetime | None = None  # the stored rows' time span
    last_at: datetime | None = None

    def summary(self, t: Translator = ENGLISH) -> str:
        """The closing line: in English the one scripts parse (INTERFACES.md), plain digits in
        every language (`--json` is the form for scripts whatever the team's language)."""
        return summary_line(self.read, self.stored, self.duplicates, self.rejected, t)

    def as_dict(self) -> dict[str, object]:
        """The same counts as JSON-ready data (`rejections_omitted` past the first thousand)."""
        return {
            "read": self.read,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "encoding": self.encoding,
            "rejections": [{"line": r.line, "reason": r.reason} for r in self.rejections],
            "rejections_omitted": self.rejected - len(self.rejections),
            "brands": dict(self.brands),
            "unbranded": self.unbranded,
            "first_at": self.first_at.isoformat() if self.first_at else None,
            "last_at": self.last_at.isoformat() if self.last_at else None,
        }


@dataclass(frozen=True)
class IngestPlan:
    """Where the mentions go and how they are read, tagged and scored."""

    team_id: str
    rules: RecordRules
    brands: BrandMatcher
    thresholds: Thresholds
    after: AfterStore
    workers: int = 1
    batch_size: int = BATCH_SIZE


def plan_for(config: VahtiConfig, team_id: str, rules: RecordRules, workers: int = 1) -> IngestPlan:
    """A plan with the team's brands, sentiment thresholds and text limit from `config`."""
    sentiment = config.sentiment
    rules = RecordRules(rules.source, rules.brand, rules.date_format, config.sources.max_text_chars)
    thresholds = Thresholds(positive=sentiment.positive, negative=sentiment.negative)
    return IngestPlan(
        team_id,
        rules,
        BrandMatcher(config.brands()),
        thresholds,
        AfterStore.of(config),
        max(1, workers),
    )


@dataclass
class _Tally:
    on_reject: Callable[[Rejection], None] | None
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    rejected: int = 0
    brands: Counter[str] = field(default_factory=Counter)
    unbranded: int = 0
    first_at: datetime | None = None
    last_at: datetime | None = None

    def count_stored(self, rows: Iterable[NewMention]) -> None:
        """Add a batch of stored rows: each brand a row names counts once for it."""
        rows = list(rows)
        if not rows:
            return
        self.stored += len(rows)
        self.brands.update(brand for row in rows for brand in dict.fromkeys(row.brands))
        self.unbranded += sum(not row.brands for row in rows)
        times = [row.created_at for row in rows]
        first, last = min(times), max(times)
        self.first_at = first if self.first_at is None else min(self.first_at, first)
        self.last_at = last if self.last_at is None else max(self.last_at, last)

    def reject(self, line: int, reason: str) -> None:
        rejection = Rejection(line, reason)
        self.rejected += 1
        if len(self.rejections) < MAX_KEPT_REJECTIONS:
            self.rejections.append(rejection)
        if self.on_reject is not None:
            self.on_reject(rejection)

    def report(self, order: Iterable[str]) -> IngestReport:
        named = [(name, self.brands[name]) for name in order if self.brands[name]]
        named += sorted((n, c) for n, c in self.brands.items() if n not in dict(named))
        return IngestReport(
            self.read,
            self.stored,
            self.duplicates,
            self.rejected,
            tuple(self.rejections),
            None,
            tuple(named),
            self.unbranded,
            self.first_at,
            self.last_at,
        )


@dataclass(frozen=True)
class _Batch:
    drafts: list[MentionDraft]
    scores: PendingScores
    declared: dict[int, Sentiment]  # position -> unscored result for unsupported languages


def _batches(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    iterator = iter(records)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _drafts(chunk: list[Record], rules: RecordRules, tally: _Tally) -> list[MentionDraft]:
    drafts: list[MentionDraft] = []
    for record in chunk:
        tally.read += 1
        if record.values is None:
            tally.reject(record.line, record.problem or Phrase(N_("unreadable")))
            continue
        try:
            drafts.append(draft(record.values, rules))
        except Rejected as exc:
            tally.reject(record.line, exc.phrase)
    return drafts


def _new_only(
    drafts: list[MentionDraft], plan: IngestPlan, sessions: SessionFactory, tally: _Tally
) -> list[MentionDraft]:
    """Drop what is stored already or repeats a key earlier in this batch."""
    keys = {(d.source, d.external_id) for d in drafts}
    with session_scope(sessions) as session:
        stored = existing_keys(session=session, team_id=plan.team_id, keys=keys)
    fresh: dict[tuple[str, str], MentionDraft] = {}
    for item in drafts:
        key = (item.source, item.external_id)
        if key in stored or key in fresh:
            tally.duplicates += 1
        else:
            fresh[key] = item
    return list(fresh.values())


def _submit(drafts: list[MentionDraft], scorer: Scorer) -> _Batch:
    declared = {
        i: unscored(d.lang) for i, d in enumerate(drafts) if d.lang and not is_supported(d.lang)
    }
    texts = [d.text for i, d in enumerate(drafts) if i not in declared]
    return _Batch(drafts, scorer.submit(texts), declared)


def _with_tool_label(sentiment: Sentiment, label: str | None) -> Sentiment:
    """Vahti's score, or the tool's label where Vahti could not score the post."""
    if sentiment.scored or label is None:
        return sentiment
    return Sentiment(TOOL_POLARITY[label], 0.0, label, sentiment.lang, scored=True)


_TextFacts = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]
MAX_REMEMBERED_TEXTS = 20_000  # reposts of a viral post come close together


class _TextReader:
    """Brands, hashtags, links and intents of a text, read once for all its reposts."""

    def __init__(self, brands: BrandMatcher) -> None:
        self._brands = brands
        self._seen: dict[str, _TextFacts] = {}

    def facts(self, text: str) -> _TextFacts:
        found = self._seen.get(text)
        if found is None:
            intents = (PURCHASE,) if shows_purchase_intent(text) else ()
            found = (self._brands.named(text), hashtags(text), links(text), intents)
            if len(self._seen) >= MAX_REMEMBERED_TEXTS:
                self._seen.clear()
            self._seen[text] = found
        return found


def _mention(
    item: MentionDraft, sentiment: Sentiment, plan: IngestPlan, now: datetime, reader: _TextReader
) -> NewMention:
    sentiment = _with_tool_label(sentiment, item.tool_sentiment)
    named, tags_found, links_found, intents = reader.facts(item.text)
    tags = plan.brands.tags_of(named, item.brand)
    media = media_kind(item.media, item.url, links_found)
    return NewMention(
        team_id=plan.team_id,
        source=item.source,
        external_id=item.external_id,
        created_at=item.created_at,
        ingested_at=now,
        author=item.author,
        text=item.text,
        url=item.url,
        reach=item.reach,
        engagement=item.engagement,
        shares=item.shares,
        media=media,
        lang=item.lang or sentiment.lang,
        brand=tags.brand,
        polarity=sentiment.polarity,
        subjectivity=sentiment.subjectivity,
        label=sentiment.label,
        scored=sentiment.scored,
        brands=tags.brands,
        hashtags=tags_found,
        links=links_found,
        intents=intents,
        tool_sentiment=item.tool_sentiment,
    )


@dataclass(frozen=True)
class _Tools:
    """What storing a batch needs besides the plan: where, when, and the scorer."""

    sessions: SessionFactory
    clock: Clock
    scorer: Scorer
    reader: _TextReader


def _store(batch: _Batch, plan: IngestPlan, tools: _Tools, tally: _Tally) -> None:
    sessions, clock, scorer = tools.sessions, tools.clock, tools.scorer
    scored = iter(batch.scores.result(scorer))
    now = clock.now()  # one time per batch: the rows are stored together
    rows = [
        _mention(item, batch.declared.get(i) or next(scored), plan, now, tools.reader)
        for i, item in enumerate(batch.drafts)
    ]
    with session_scope(sessions) as session:
        result = store_mentions(session=session, rows=rows, after=plan.after)
    tally.count_stored(stored.row for stored in result.stored)
    tally.duplicates += result.duplicates


def ingest(
    records: Iterable[Record],
    plan: IngestPlan,
    sessions: SessionFactory,
    clock: Clock,
    on_reject: Callable[[Rejection], None] | None = None,
    scorer: Scorer | None = None,
) -> IngestReport:
    """Check, deduplicate, score, tag and store `records`; returns the counts.

    A caller that ingests small batches again and again (a feed) passes its own `scorer`, so
    its cache of scored texts lasts between calls; otherwise each call has its own.
    """
    tally = _Tally(on_reject)
    rules = replace(plan.rules, latest=plan.rules.latest or clock.now() + FUTURE_SLACK)
    owned = Scorer(plan.thresholds, plan.workers) if scorer is None else nullcontext(scorer)
    with owned as scorer:
        tools = _Tools(sessions, clock, scorer, _TextReader(plan.brands))
        in_flight: deque[_Batch] = deque()
        for chunk in _batches(records, plan.batch_size):
            fresh = _new_only(_drafts(chunk, rules, tally), plan, sessions, tally)
            in_flight.append(_submit(fresh, scorer))
            while len(in_flight) > scorer.window:
                _store(in_flight.popleft(), plan, tools, tally)
        while in_flight:
            _store(in_flight.popleft(), plan, tools, tally)
    if tally.stored >= BIG_IMPORT:  # the planner should know what a big import added
        refresh_statistics(sessions)
    return tally.report(plan.brands.names)
