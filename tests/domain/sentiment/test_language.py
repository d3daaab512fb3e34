"""Language check: cheap for English, cautious with short posts, sure before calling foreign."""

from __future__ import annotations

import pytest

import bot.domain.sentiment.language as language
from bot.domain.sentiment.language import detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Tämä palvelu on aivan kamala, en suosittele kenellekään.", "fi"),
        ("Lento myöhästyi kolme tuntia eikä kukaan auttanut", "fi"),
        ("Das ist wirklich nicht gut, ich bin sehr enttäuscht.", "de"),
        ("Le service client est nul, je suis vraiment déçu", "fr"),
        ("El servicio es terrible y nadie me ayuda con el problema", "es"),
        ("I have been waiting for my bag for two hours and nobody answers", "en"),
    ],
)
def test_clear_sentences(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["", "ok", "LMAO, AMAZING!", "😍😍😍", "Sehr gut!", "lol wtf"])
def test_short_posts_stay_undetermined(text: str) -> None:
    assert detect_language(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "I think the new update is really good and it is fast",
        "Xbox Live: bthr zero x is currently Away. Last seen 4 hours ago",
        "MoosAndBooze com Best url ever lol rofl",
    ],
)
def test_english_is_not_called_foreign(text: str) -> None:
    assert detect_language(text) in ("en", None)


def test_plain_english_skips_the_statistical_detector(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> str:
        raise AssertionError(f"detector called for {text!r}")

    monkeypatch.setattr(language, "_detect", refuse)
    assert detect_language("Thanks for the quick reply, that was very helpful of you") == "en"
    assert detect_language("Yay another superb phone interview folks") is None


def test_detection_repeats() -> None:
    text = "Kiitos hyvästä palvelusta, olette parhaita!"
    assert {detect_language(text) for _ in range(5)} == {"fi"}


@pytest.mark.parametrize(
    "text",
    [
        "Harbor Beans cinnamon bun oli taas aivan liian kallis ja huono, en suosittele 😤",
        "Tämä Northwind kahvila on ihana, käyn siellä joka aamu :)",
        "Onko Northwind auki myös sunnuntaina? Kiitos jo etukäteen",
        "Paras oat flat white ikinä, kiitos Bluebird! Tosi hyvä palvelu",
        "Northwindin sovellus kaatuu aina kun yritän maksaa, korjatkaa se",
    ],
)
def test_finnish_with_english_names_is_finnish(text: str) -> None:
    """Brand and product names in English must not let a Finnish post pass as English."""
    assert detect_language(text) == "fi"


def test_english_with_foreign_words_stays_english() -> None:
    # Two French function words and an accent send it to CLD2, which reads it as English.
    assert detect_language("Ordered the pain au chocolat et le café, both were great") == "en"


def test_unreliable_verdicts_do_not_make_a_post_foreign(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Tämä on ihan ok mutta hinta on kova"
    monkeypatch.setattr(language, "_cld2", lambda _: (False, "fi", 99))
    assert detect_language(text) is None
    monkeypatch.setattr(language, "_cld2", lambda _: (True, "fi", language.MIN_PERCENT - 1))
    assert detect_language(text) is None
    monkeypatch.setattr(language, "_cld2", lambda _: (True, "fi", language.MIN_PERCENT))
    assert detect_language(text) == "fi"


@pytest.mark.parametrize("junk", ["\ud800", "\x01", "\x85"])
def test_characters_cld2_rejects_are_skipped(junk: str) -> None:
    assert detect_language(f"Kiitos {junk}paljon hyvästä palvelusta, olette parhaita!") == "fi"
