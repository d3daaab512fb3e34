"""Sentiment scorer: direction, social-text handling, thresholds, language, brand mentions."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest
from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from bot.domain.sentiment.lexicons import afinn
from bot.domain.sentiment.scorer import (
    LINK_DAMPING,
    QUESTION_DAMPING,
    Components,
    Sentiment,
    Thresholds,
    blended_polarity,
    components,
    score,
    score_many,
)
from bot.domain.sentiment.social_text import clean, has_link, tokenize

BRAND_CHECK_SET = Path(__file__).resolve().parents[2] / "data" / "brand_mentions.csv"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("I love this, it is wonderful", "positive"),
        ("What a great day", "positive"),
        ("This is terrible and I hate it", "negative"),
        ("Worst experience ever", "negative"),
        ("The meeting is at 10am in room 4", "neutral"),
        ("", "neutral"),
    ],
)
def test_clear_cases_get_the_right_label(text: str, label: str) -> None:
    assert score(text).label == label


@pytest.mark.parametrize(
    ("plain", "negated"),
    [("good", "not good"), ("this is good", "this is not so good"), ("happy", "I dont feel happy")],
)
def test_negation_turns_positive_into_negative(plain: str, negated: str) -> None:
    assert score(plain).polarity > 0
    assert score(negated).polarity < 0
    assert score(negated).label == "negative"


FACES = [(":(", "negative"), (":-(", "negative"), (":)", "positive"), (":D", "positive")]
EMOJI = [("😍", "positive"), ("❤️", "positive"), ("😡", "negative"), ("👎", "negative")]


@pytest.mark.parametrize(("text", "label"), [*FACES, *EMOJI])
def test_emoticons_and_emoji_carry_sentiment(text: str, label: str) -> None:
    assert score(text).label == label
    assert score(f"ok then {text}").polarity != score("ok then").polarity


@pytest.mark.parametrize(
    ("elongated", "plain"), [("goooood", "good"), ("I loooove it", "I love it")]
)
def test_elongated_words_are_recognised_and_stressed(elongated: str, plain: str) -> None:
    assert score(elongated).polarity >= score(plain).polarity > 0


def test_capitals_stress_a_word_unless_the_whole_post_shouts() -> None:
    assert score("this is GOOD").polarity > score("this is good").polarity
    stressed = [token.emphasised for token in tokenize("THIS IS GOOD")]
    assert not any(stressed)


@pytest.mark.parametrize(
    ("text", "label"), [("#EpicFail again", "negative"), ("#LoveIt", "positive")]
)
def test_hashtags_are_unhashed_and_split(text: str, label: str) -> None:
    assert score(text).label == label


@pytest.mark.parametrize(
    ("raw", "cleaned_words"),
    [
        ("RT @bob: nice &amp; easy http://t.co/x", ["nice", "easy"]),
        ("@airline #FlightDelayed www.example.com", ["flight", "delayed"]),
    ],
)
def test_cleaning_drops_links_handles_and_entities(raw: str, cleaned_words: list[str]) -> None:
    words = [token.text for token in tokenize(clean(raw)) if token.kind == "word"]
    assert words == cleaned_words


def test_thresholds_are_configurable() -> None:
    mild = score("it is okay I guess").polarity
    assert 0 < mild < 0.9
    assert score("it is okay I guess", Thresholds(positive=0.9, negative=-0.9)).label == "neutral"
    assert score("it is okay I guess", Thresholds(positive=0.0, negative=-0.9)).label == "positive"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Tämä palvelu on aivan kamala, en suosittele kenellekään.", "fi"),
        ("Das ist wirklich nicht gut, ich bin sehr enttäuscht von euch.", "de"),
    ],
)
def test_foreign_posts_are_kept_unscored(text: str, lang: str) -> None:
    assert score(text) == Sentiment(0.0, 0.0, "neutral", lang, scored=False)


@pytest.mark.parametrize(
    "text", ["LMAO, AMAZING!", "ok", "Yay. Another good phone interview.", "😍😍"]
)
def test_short_english_is_scored(text: str) -> None:
    result = score(text)
    assert result.scored
    assert result.lang in (None, "en")


def test_score_many_keeps_order_and_matches_score() -> None:
    texts = ["great", "awful", "", "the bus leaves at nine", "Das ist nicht gut, ich bin sauer!"]
    assert score_many(texts) == [score(text) for text in texts]
    assert [s.label for s in score_many(texts)][:3] == ["positive", "negative", "neutral"]


def test_ranges() -> None:
    for result in score_many(["AMAZING!!! 😍😍😍 :D", "worst. ever. 😡😡 :(((", "meh"]):
        assert -1.0 <= result.polarity <= 1.0
        assert 0.0 <= result.subjectivity <= 1.0


# Hand-written brand mentions (not from any dataset): complaints, praise and plain questions.
BRAND_MENTIONS = [
    ("negative", "my flight was delayed 3 hours and nobody helped"),
    ("negative", "@airline lost my luggage again. Worst service ever"),
    ("negative", "Been on hold for 2 hours, this is ridiculous"),
    ("negative", "Cancelled my flight with no explanation and no refund #fail"),
    ("negative", "@telco internet has been down all day, totally unacceptable"),
    ("negative", "Rude staff at the check-in desk, never flying with you again"),
    ("negative", "@hotel the room was dirty and the AC was broken"),
    ("negative", "Terrible experience, would not recommend"),
    ("negative", "Food arrived cold and two hours late :("),
    ("negative", "thanks for nothing @airline, stranded in Chicago overnight"),
    ("negative", "Your customer service is a joke"),
    ("negative", "Paid for wifi that doesn't work. Not happy"),
    ("positive", "@airline thanks for the upgrade!"),
    ("positive", "Great service at the gate today, the crew was amazing"),
    ("positive", "Love the new app update, so much faster 😍"),
    ("positive", "@bank quick and helpful answer on chat, thank you!"),
    ("positive", "Kudos to the team for sorting out my refund so quickly"),
    ("positive", "Really enjoyed the flight, comfy seats and friendly staff"),
    ("positive", "Can't wait to fly with you again!"),
    ("positive", "Smooth check-in, no queues, very happy :)"),
    ("neutral", "@airline what is the baggage allowance for international flights?"),
    ("neutral", "Flight 221 boarding at gate 12"),
    ("neutral", "@bank how do I change my address in the app?"),
    ("neutral", "New store opening on Friday at 10am"),
    ("neutral", "Just ordered a new phone from @shop"),
    ("neutral", "What time does check-in close for the 6am flight?"),
]


def _textblob_label(text: str) -> str:
    polarity = TextBlob(text).sentiment.polarity
    return "positive" if polarity > 0.05 else "negative" if polarity < -0.05 else "neutral"


def test_brand_mentions_beat_plain_textblob() -> None:
    gold = [label for label, _ in BRAND_MENTIONS]
    ours = [s.label for s in score_many(text for _, text in BRAND_MENTIONS)]
    plain = [_textblob_label(text) for _, text in BRAND_MENTIONS]
    ours_right = sum(g == p for g, p in zip(gold, ours, strict=True))
    plain_right = sum(g == p for g, p in zip(gold, plain, strict=True))
    assert ours_right >= 0.85 * len(gold)
    assert ours_right > plain_right


@pytest.mark.parametrize(("label", "text"), BRAND_MENTIONS[:8] + BRAND_MENTIONS[12:18])
def test_clear_brand_mentions_point_the_right_way(label: str, text: str) -> None:
    polarity = score(text).polarity
    assert polarity < 0 if label == "negative" else polarity > 0


@pytest.mark.parametrize(
    ("plain", "negated"), [("good", "not good"), ("the crew was helpful", "the crew wasnt helpful")]
)
def test_afinn_component_reads_words_and_negation(plain: str, negated: str) -> None:
    assert components(plain).afinn > 0
    assert components(negated).afinn < 0
    assert -1.0 < components("good good great awesome amazing").afinn < 1.0


def test_afinn_lexicon_knows_the_shared_additions() -> None:
    lexicon = afinn()
    assert lexicon["good"] > 0
    assert lexicon["delayed"] < 0  # a service word AFINN lacks
    assert lexicon["😡"] < 0
    assert "please" not in lexicon  # requests to a brand are not praise


def _parts(polarity: float, question: bool = False, link: bool = False) -> Components:
    return Components(polarity, polarity, polarity, 0.5, question, link, "en", scored=True)


def test_questions_and_links_pull_polarity_towards_zero() -> None:
    plain = blended_polarity(_parts(0.5))
    assert plain == pytest.approx(0.5)
    assert blended_polarity(_parts(0.5, question=True)) == pytest.approx(0.5 - QUESTION_DAMPING)
    assert blended_polarity(_parts(-0.5, link=True)) == pytest.approx(-0.5 + LINK_DAMPING)
    both = QUESTION_DAMPING + LINK_DAMPING
    assert blended_polarity(_parts(both / 2, question=True, link=True)) == 0.0


def test_question_and_link_are_detected() -> None:
    assert components("@airline is the lounge open?").question
    assert not components("@airline the lounge is open").question
    assert components("news https://example.com/a?b=1").link
    assert not components("news https://example.com/a?b=1").question  # "?" inside the link
    assert has_link("see www.example.com") and not has_link("no link here")


def test_strong_questions_keep_their_sign() -> None:
    assert score("why is your service so terrible?").label == "negative"
    assert score("@airline is the lounge open for early flights?").label == "neutral"


def test_unscored_posts_carry_no_polarity() -> None:
    parts = components("Das ist wirklich nicht gut, ich bin sehr enttäuscht von euch.")
    assert not parts.scored
    assert replace(parts, textblob=0.9).scored is False


def _macro_f1(gold: list[str], predicted: list[str]) -> float:
    f1 = []
    for name in ("negative", "neutral", "positive"):
        both = sum(g == name == p for g, p in zip(gold, predicted, strict=True))
        total = gold.count(name) + predicted.count(name)
        f1.append(2 * both / total if total else 0.0)
    return sum(f1) / 3


def test_brand_check_set_beats_both_baselines() -> None:
    """A regression guard on the hand-written brand set (a check set: never tune on it)."""
    with BRAND_CHECK_SET.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    gold = [row["label"] for row in rows]
    texts = [row["text"] for row in rows]
    analyzer = SentimentIntensityAnalyzer()
    ours = _macro_f1(gold, [s.label for s in score_many(texts)])
    vader = _macro_f1(gold, [_cut(analyzer.polarity_scores(t)["compound"]) for t in texts])
    textblob = _macro_f1(gold, [_textblob_label(text) for text in texts])
    assert len(rows) == 250
    assert ours >= 0.75
    assert ours > vader > textblob


def _cut(polarity: float) -> str:
    return "positive" if polarity > 0.05 else "negative" if polarity < -0.05 else "neutral"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Found MOLD in my cold brew. Never drinking this again. Is there a recall??", "negative"),
        ("Never flying with them again", "negative"),
        ("never again!!", "negative"),
        ("@airline is there wifi on board?", "neutral"),
    ],
)
def test_complaints_that_end_in_a_question_stay_complaints(text: str, label: str) -> None:
    assert score(text).label == label


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("Is there a recall??", True),
        ("Bad. Worse. Is it over?", False),
        ("Why? How? Fine.", True),
        ("ok", False),
    ],
)
def test_is_question_counts_sentences(text: str, question: bool) -> None:
    from bot.domain.sentiment.scorer import is_question

    assert is_question(text) is question


@pytest.mark.parametrize(
    "text",
    [
        "The food was GREAT!!! but the service... not so much :(",
        "kind of ok I guess, not the worst",
        "  I don't hate it, it's sort of fine?  ",
        "Love it 😍 but the price 😡",
        "",
        "never so good, without doubt the best, not bad at all",
        "I aint happy and it isn't great, nor is it never this nice",
        "no",
    ],
)
def test_fast_vader_path_matches_vader(text: str) -> None:
    """The ASCII shortcut in the shared analyzer must give VADER's own scores."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as Stock

    from bot.domain.sentiment.lexicons import vader

    ours = vader()
    stock = Stock()
    stock.lexicon = ours.lexicon
    assert ours.polarity_scores(text) == stock.polarity_scores(text)
