"""Sarcasm, slang and complaint-idiom cues, alone and through the scorer."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from bot.domain.sentiment import cues as sentiment_cues
from bot.domain.sentiment.scorer import (
    COMPLAINT_STEP,
    QUESTION_DAMPING,
    Components,
    blended_polarity,
    components,
    score,
    score_many,
)
from bot.domain.sentiment.social_text import clean

BRAND_POSTS = Path(__file__).resolve().parents[2] / "data" / "brand_posts.csv"


@pytest.mark.parametrize(
    "text",
    [
        "Great, another hour in the queue. Thanks a lot @northwind 🙄",
        "Oh wonderful, the app is down on payday. Again.",
        "@bank thanks for locking my account while I'm abroad. Super helpful",
        "Just what I needed, a middle seat after paying for an aisle",
        "Transfer bounced and @bank charged me for it. Brilliant",
        "@telco hung up on me when I asked for a supervisor. Classy",
        "Love paying for unlimited data that throttles after 20 GB 🙃",
    ],
)
def test_sarcasm_reads_as_a_complaint(text: str) -> None:
    assert components(text).sarcastic
    assert score(text).label == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "@airline thanks for the upgrade!",
        "Thank you for taking such good care of my mum on her first flight",
        "@anonymous oh cool, I will look it up and check it out",
        "I use it daily and LOVE it. Used it all week while my laptop was being fixed",
        "wow perfect skies for this meteor shower, awesome :D",
    ],
)
def test_genuine_praise_is_not_sarcasm(text: str) -> None:
    assert not components(text).sarcastic
    assert score(text).label == "positive"


@pytest.mark.parametrize(
    "text",
    [
        "This is sick 🔥🔥",
        "The new menu slaps",
        "@northwind is the goat",
        "this burger is bussin",
        "Huge W for the support team",
        "@shop you guys never miss",
        "@airline on fire today, landed early",
        "the finale had me dying 😂",
    ],
)
def test_slang_praise_is_positive(text: str) -> None:
    assert score(text).label == "positive"


@pytest.mark.parametrize(
    "text",
    [
        "I'm so sick of the delays",
        "The food made me sick",
        "Huge L for @bank today, app down again",
        "your service is mid and the price is not",
        "the new app is trash",
        "Apparently the warehouse is on fire",
    ],
)
def test_slang_blame_and_literal_senses_stay_negative(text: str) -> None:
    assert score(text).label == "negative"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("@airline thanks for rebooking me after my flight was cancelled!", "positive"),
        ("Staff were super helpful when my flight was cancelled", "positive"),
        ("Thanks for the quick reply but the internet is still down", "negative"),
        ("Thanks for charging me twice for the same seat", "negative"),
    ],
)
def test_thanks_close_a_complaint_unless_the_post_goes_on(text: str, label: str) -> None:
    assert score(text).label == label


def test_slang_rewrites_only_the_slang_sense() -> None:
    assert sentiment_cues.rewrite_slang("This is sick 🔥") == "This is awesome 🔥"
    assert sentiment_cues.rewrite_slang("so sick of it") == "so sick of it"
    assert sentiment_cues.rewrite_slang("she slapped me") == "she slapped me"
    assert sentiment_cues.rewrite_slang("W for West") == "W for West"  # no qualifier, no rewrite
    assert sentiment_cues.rewrite_slang("10/10 would not recommend") == "10/10 would not recommend"


@pytest.mark.parametrize(
    ("text", "at_least"),
    [
        ("2 hours on hold and still no refund", 3),
        ("why is my refund still pending after 2 weeks?", 3),
        ("The courier never arrived and the app says delivered", 1),
        ("@telco no internet since yesterday", 2),
        ("Charged twice for the same seat", 1),
        ("wrong order, third time this month", 2),
    ],
)
def test_complaint_idioms_are_counted(text: str, at_least: int) -> None:
    assert sentiment_cues.complaint_count(clean(text)) >= at_least
    assert score(text).label == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "@airline what is the baggage allowance on the Tokyo route?",
        "@bank how do I change my PIN?",
        "New store opening on Friday at 10am",
        "Landed 20 minutes early, bag was first on the belt",
    ],
)
def test_plain_posts_have_no_complaint_cue(text: str) -> None:
    cues = sentiment_cues.read(clean(text))
    assert (cues.complaints, cues.sarcastic) == (0, False)


def _parts(
    polarity: float, *, question: bool = False, complaints: int = 0, sarcastic: bool = False
):
    return Components(
        polarity, polarity, polarity, 0.5, question, False, "en", True, complaints, sarcastic
    )


def test_sarcasm_turns_praise_into_blame() -> None:
    assert blended_polarity(_parts(0.6, sarcastic=True)) < -0.6
    assert blended_polarity(_parts(-0.4, sarcastic=True)) < -0.4


def test_complaint_cue_survives_question_damping() -> None:
    asked = blended_polarity(_parts(0.0, question=True, complaints=1))
    assert asked == pytest.approx(-COMPLAINT_STEP)
    assert blended_polarity(_parts(QUESTION_DAMPING, question=True)) == pytest.approx(0.0)
    assert blended_polarity(_parts(0.0, complaints=99)) >= -1.0


def _macro_f1(gold: list[str], predicted: list[str]) -> float:
    f1 = []
    for name in ("negative", "neutral", "positive"):
        both = sum(g == name == p for g, p in zip(gold, predicted, strict=True))
        total = gold.count(name) + predicted.count(name)
        f1.append(2 * both / total if total else 0.0)
    return sum(f1) / 3


def test_brand_posts_dev_part_regression_guard() -> None:
    """The dev part the cues were developed on: a guard against regressions, not a claim."""
    with BRAND_POSTS.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["split"] == "dev"]
    gold = [row["label"] for row in rows]
    predicted = [s.label for s in score_many(row["text"] for row in rows)]
    assert len(rows) == 254
    assert _macro_f1(gold, predicted) >= 0.85


def _all_posts() -> list[str]:
    texts = []
    for name in ("brand_posts.csv", "brand_mentions.csv"):
        with (BRAND_POSTS.parent / name).open(encoding="utf-8", newline="") as handle:
            texts += [row["text"] for row in csv.DictReader(handle)]
    return texts


EDGE_CASES = [
    "couldn't get hold of anyone",
    "2h on the tarmac",
    "45min wait",
    "Where's my bag",
    "Huge L 🤡 this is sick!!",
    "in 2026.",
    "no fuss at all, 10/10",
]


def test_trigger_tokens_never_change_a_result() -> None:
    """Rules skipped for want of a trigger token must be rules that would not have matched."""
    from bot.domain.sentiment.social_text import tokenize

    for text in [*_all_posts(), *EDGE_CASES]:
        cleaned = clean(text)
        words = sentiment_cues.vocabulary(cleaned, tokenize(cleaned))
        assert sentiment_cues.rewrite_slang(cleaned, words) == sentiment_cues.rewrite_slang(cleaned)
        assert sentiment_cues.read(cleaned, words) == sentiment_cues.read(cleaned), text


# Posts each rule with further trigger groups (`cues.Triggers`) matches.
GROUPED_RULE_POSTS = [
    "Just what I needed, another delay",
    "missed my bus, love that for me",
    "cool cool cool",
    "and of course it does",
    "best airline said no one ever",
    "cancelled again, what a surprise",
    "Great, another hour in the queue",
    "thanks a lot for losing my bag",
    "Thank you for hanging up on me",
    "it's been 3 days and nothing",
    "has been a week now",
    "no reply for over a month",
    "they locked my account",
    "cancelled the order without asking",
    "still broken in 2026.",
    "took 3 hours to get a table",
    "after 40 mins I left",
    "waited 2h for nothing",
    "queue for over 20 minutes",
    "is the shop open on sunday?",
    "What's the wifi password?",
    "please DM me",
    "please let me know",
    "can you please check my order",
    "could someone help",
    "how do I change my PIN",
    "need to cancel my booking",
    "dm me",
    "follow back pls",
    "prices up again",
    "they raised the price",
    "Great job guys. Still no refund",
    "Well done, delayed again",
    "Oh wonderful, lost my bag",
    "thanks a lot, 2 hours on hold",
    "great service as usual, no answer",
    "love waiting in the queue",
    "funny how the app is down",
    "way to go, cancelled again",
    "bold move, still broken",
    "down again, like clockwork",
]


def _rules() -> list[tuple[str, frozenset[str], re.Pattern[str]]]:
    rules: list[tuple[str, frozenset[str], re.Pattern[str]]]
    rules = [("complaint", t, p) for t, p in sentiment_cues.COMPLAINT_IDIOMS]
    rules += [(name, t, p) for name, t, p in sentiment_cues.SERVICE_COMPLAINTS]
    rules += [("request", t, p) for t, p in sentiment_cues.REQUESTS]
    rules += [("ironic", t, p) for t, p in sentiment_cues.IRONIC_PHRASES]
    rules += [("praise", t, p) for t, p in sentiment_cues.PRAISES]
    return rules


def test_a_rule_matches_only_where_its_trigger_groups_are_all_there() -> None:
    """Every rule that matches a post has one token of its triggers and of each further group,
    so skipping a rule for want of them never changes a result; each grouped rule is seen."""
    from bot.domain.sentiment.social_text import tokenize

    seen = set()
    for text in [*_all_posts(), *EDGE_CASES, *GROUPED_RULE_POSTS]:
        cleaned = clean(text)
        words = sentiment_cues.vocabulary(cleaned, tokenize(cleaned))
        for number, (name, triggers, pattern) in enumerate(_rules()):
            if pattern.search(cleaned) is None:
                continue
            groups = [triggers, *sentiment_cues.Triggers.groups_after(triggers)]
            assert all(not group.isdisjoint(words) for group in groups), (name, text)
            seen.add(number)
    grouped = {
        number
        for number, (_, triggers, _) in enumerate(_rules())
        if sentiment_cues.Triggers.groups_after(triggers)
    }
    assert grouped <= seen, [_rules()[number][2] for number in grouped - seen]


def test_grouped_rules_read_as_when_every_rule_runs() -> None:
    from bot.domain.sentiment.social_text import tokenize

    for text in GROUPED_RULE_POSTS:
        cleaned = clean(text)
        words = sentiment_cues.vocabulary(cleaned, tokenize(cleaned))
        assert sentiment_cues.read(cleaned, words) == sentiment_cues.read(cleaned), text


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Would book again.", "neutral"),
        ("Will definitely fly with you again!", "positive"),
        ("internet down AGAIN", "negative"),
        ("@airline delayed again.", "negative"),
        ("@airline seat 12A was broken but the crew moved me, great service", "positive"),
        ("@airline you guys rock, got home 30 minutes early", "positive"),
    ],
)
def test_again_and_but_read_in_context(text: str, label: str) -> None:
    assert score(text).label == label
