"""Service-complaint and request cues: each with posts it must catch and posts it must leave."""

from __future__ import annotations

import pytest

from bot.domain.sentiment import cues as sentiment_cues
from bot.domain.sentiment.scorer import REQUEST_DAMPING, Components, blended_polarity, score
from bot.domain.sentiment.social_text import clean

CUES = {name for name, _, _ in sentiment_cues.SERVICE_COMPLAINTS}

CATCHES = [
    ("refused", "@shop my refund was denied even though the parcel never came"),
    ("refused", "@airline they refused to rebook us"),
    ("refused", "moved to a middle seat without a refund"),
    ("elapsed", "@telco it's been 3 hours and the line is still dead"),
    ("elapsed", "no internet for a week now"),
    ("leaving", "@bank I'm closing my account after this"),
    ("leaving", "taking my business elsewhere"),
    ("blame", "missed my sister's wedding because of you"),
    ("blame", "@airline no one cares at the transfer desk"),
    ("fees", "@hotel a hidden fee at checkout"),
    ("fees", "@courier redelivery fees for a parcel you never tried to deliver"),
    ("day count", "@airline day 3 without my suitcase"),
    ("day count", "promised next day, it's day four"),
    ("always late", "@rail the 17:05 is always late"),
]

LEAVES = [
    ("refused", "without a doubt the best crew I've flown with"),
    ("refused", "refund came through in two days"),
    ("elapsed", "it's been a lovely week with you"),
    ("elapsed", "booked a room for a weekend trip"),
    ("leaving", "opening my account took five minutes"),
    ("blame", "the flight was delayed because of the snow"),
    ("blame", "no one else makes coffee this good"),
    ("fees", "no fees on card payments abroad, nice"),
    ("day count", "what a day to fly, clear skies"),
    ("always late", "the staff are always lovely"),
]


def _fired(text: str) -> set[str]:
    """The service cues whose absence lowers the post's complaint count."""
    cleaned = clean(text)
    full = sentiment_cues.complaint_count(cleaned)
    return {
        name
        for name in CUES
        if sentiment_cues.complaint_count(cleaned, without=frozenset({name})) < full
    }


@pytest.mark.parametrize(("cue", "text"), CATCHES)
def test_service_cue_catches(cue: str, text: str) -> None:
    assert cue in _fired(text)


@pytest.mark.parametrize(("cue", "text"), LEAVES)
def test_service_cue_leaves(cue: str, text: str) -> None:
    assert cue not in _fired(text)


def test_every_service_cue_has_examples_both_ways() -> None:
    assert {cue for cue, _ in CATCHES} == CUES == {cue for cue, _ in LEAVES}


@pytest.mark.parametrize(
    "text",
    [
        "@airline can I bring a folding bike as checked luggage?",
        "@bank how do I change my PIN in the app",
        "@courier please DM me, I need to change the delivery address",
        "@rail will the trains run normally on the holiday?",
    ],
)
def test_requests_for_information_are_neutral(text: str) -> None:
    assert sentiment_cues.read(clean(text)).request
    assert score(text).label == "neutral"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("@friend how was your dinner? amazing!", "positive"),  # a strong opinion word
        ("@airline please help, my bag is lost", "negative"),  # a complaint, not a request
        ("@telco why is my bill doubled?", "negative"),
        ("@hotel the room was lovely", "positive"),  # no question, no request
    ],
)
def test_opinions_and_complaints_are_not_requests(text: str, label: str) -> None:
    assert not sentiment_cues.read(clean(text)).request
    assert score(text).label == label


def test_request_cue_can_be_left_out() -> None:
    cleaned = clean("@bank how do I change my PIN?")
    assert sentiment_cues.read(cleaned).request
    assert not sentiment_cues.read(cleaned, without=frozenset({"request"})).request


def test_request_damping_pulls_towards_zero_without_crossing() -> None:
    def parts(polarity: float, request: bool) -> Components:
        return Components(
            polarity, polarity, polarity, 0.5, False, False, "en", True, request=request
        )

    assert blended_polarity(parts(REQUEST_DAMPING, True)) == pytest.approx(0.0)
    assert blended_polarity(parts(0.5, True)) == pytest.approx(0.5 - REQUEST_DAMPING)
    assert blended_polarity(parts(-0.5, True)) == pytest.approx(-0.5 + REQUEST_DAMPING)


@pytest.mark.parametrize(
    "text",
    [
        "@telco not happy with the service at all",
        "@airline no help at all from the staff",
        "@shop not impressed with the packaging",
    ],
)
def test_negated_praise_is_negative(text: str) -> None:
    assert score(text).label == "negative"
