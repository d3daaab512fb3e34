"""Brand tagging from keywords, hashtags and handles."""

from __future__ import annotations

import pytest

from bot.config import Brand
from bot.domain.mentions.brands import BrandMatcher

BRANDS = [
    Brand(
        name="Northwind Coffee",
        keywords=["northwind", "north wind coffee"],
        hashtags=["#NorthwindCoffee", "NorthwindAutumn"],
        handles=["@northwind"],
    ),
    Brand(
        name="Bluebird Roasters",
        keywords=["bluebird roasters", "bluebird"],
        hashtags=["bluebirdroasters"],
        handles=["bluebirdcoffee"],
    ),
    Brand(name="Harbor Beans", keywords=["harbor beans"], hashtags=[], handles=["@harborbeans"]),
]


@pytest.mark.parametrize(
    ("text", "brands"),
    [
        ("Northwind's new blend is great", ("Northwind Coffee",)),
        ("NORTHWIND cold brew again", ("Northwind Coffee",)),
        ("loving #northwindcoffee today", ("Northwind Coffee",)),
        ("#NorthwindAutumn is here", ("Northwind Coffee",)),
        ("thanks @Northwind for the refill", ("Northwind Coffee",)),
        ("north   wind coffee downtown", ("Northwind Coffee",)),
        ("#northwind trending", ("Northwind Coffee",)),
        ("northwinds of change", ()),
        ("#northwindcoffeeshop is not ours", ()),
        ("@northwind_help answers", ()),
        ("email me at info@northwind", ()),
        ("Bluebird beats Northwind", ("Northwind Coffee", "Bluebird Roasters")),
        ("@bluebirdcoffee and @harborbeans", ("Bluebird Roasters", "Harbor Beans")),
        ("Harbor Beans latte", ("Harbor Beans",)),
        ("harbor and beans", ()),
        ("", ()),
    ],
)
def test_brands_named_in_text(text: str, brands: tuple[str, ...]) -> None:
    assert BrandMatcher(BRANDS).named(text) == brands


def test_main_brand_is_the_first_in_configuration_order() -> None:
    tags = BrandMatcher(BRANDS).tag("harbor beans vs northwind")
    assert tags.brand == "Northwind Coffee"
    assert tags.brands == ("Northwind Coffee", "Harbor Beans")


@pytest.mark.parametrize(
    ("declared", "main", "brands"),
    [
        ("harbor beans", "Harbor Beans", ("Harbor Beans", "Northwind Coffee")),
        ("Acme", "Acme", ("Acme", "Northwind Coffee")),
        ("  ", "Northwind Coffee", ("Northwind Coffee",)),
    ],
)
def test_declared_brand_wins(declared: str, main: str, brands: tuple[str, ...]) -> None:
    tags = BrandMatcher(BRANDS).tag("northwind is fine", declared)
    assert (tags.brand, tags.brands) == (main, brands)


def test_no_brands_configured_tags_nothing() -> None:
    assert BrandMatcher([]).tag("northwind").brands == ()


def test_brands_named_again_are_those_a_fresh_matcher_names() -> None:
    """`named` remembers what each set of matches names; asking again changes nothing."""
    texts = [
        "Harbor Beans beats Northwind",
        "northwind beats harbor beans",
        "Northwind, then NORTHWIND, then #bluebirdroasters",
        "nothing here",
        "Harbor Beans beats Northwind",
    ]
    kept = BrandMatcher(BRANDS)
    first = [kept.named(text) for text in texts]
    assert first == [kept.named(text) for text in reversed(texts)][::-1]
    assert first == [BrandMatcher(BRANDS).named(text) for text in texts]
    assert first[0] == first[1] == ("Northwind Coffee", "Harbor Beans")
    assert first[2] == ("Northwind Coffee", "Bluebird Roasters")
    assert first[3] == ()
