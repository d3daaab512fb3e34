"""Single-source attribution of a rise, and the description of its window."""

from __future__ import annotations

import pytest

from bot.domain.crisis.attribution import Baseline, Post, baseline_from, candidates, explain
from bot.domain.crisis.top_terms import normalise_url, terms_in

LINK = "https://news.example.com/northwind-recall"


def post(i: int, author: str = "", text: str = "Northwind coffee again", **kw: object) -> Post:
    values: dict[str, object] = {
        "mention_id": i,
        "author": author or f"user{i}",
        "text": text,
        "url": f"https://x.com/user{i}/status/{i}",
        "source": "twitter",
        "reach": 100,
        "engagement": 1,
        "label": "neutral",
    }
    values.update(kw)
    return Post(**values)  # type: ignore[arg-type]


def usual_week(offset: int) -> list[Post]:
    """A typical window: 50 posts by many authors, two of them by @loud."""
    posts = [post(offset + i, text=f"Northwind latte number {i}") for i in range(48)]
    return posts + [post(offset + 48 + i, author="loud") for i in range(2)]


def rising_window() -> list[Post]:
    """250 posts: 142 share one link (in several spellings), 30 by @loud, 60 tag #boycott."""
    spellings = [
        LINK,
        LINK + "?utm_source=twitter&utm_medium=social",
        "http://www.news.example.com/northwind-recall/",
        LINK + "#comments",
    ]
    reposts = [
        post(1000 + i, text=f"RT this: {spellings[i % 4]} recall refund", label="negative")
        for i in range(142)
    ]
    loud = [post(2000 + i, author="@Loud", text="Northwind ruined my morning") for i in range(30)]
    tagged = [post(3000 + i, text="#Boycott Northwind now") for i in range(60)]
    rest = [post(4000 + i) for i in range(18)]
    return reposts + loud + tagged + rest


def test_link_spellings_normalise_to_one_source() -> None:
    forms = {
        normalise_url(u)
        for u in (
            LINK,
            LINK + "?utm_source=x&fbclid=abc",
            "HTTP://WWW.News.Example.com/northwind-recall/",
            LINK + "#top",
        )
    }
    assert forms == {"news.example.com/northwind-recall"}
    assert normalise_url("https://shop.example.com/item?id=7&utm_medium=x") == (
        "shop.example.com/item?id=7"
    )


def test_largest_author_link_and_hashtag_with_their_share_of_the_rise() -> None:
    window = rising_window()
    past = [usual_week(10_000 * k) for k in range(1, 5)]
    baseline = baseline_from(past, candidates(window), expected_total=50.0)
    result = explain(window, baseline, exclude_terms=frozenset({"northwind"}))
    shares = {s.kind: (s.value, s.count, round(s.share, 2)) for s in result.sources}
    assert result.rise == 200
    assert shares["link"] == ("news.example.com/northwind-recall", 142, 0.71)
    assert shares["author"] == ("loud", 30, 0.14)  # (30 - 2 usual) / 200
    assert shares["hashtag"] == ("boycott", 60, 0.30)
    assert max(result.sources, key=lambda s: s.share).kind == "link"


def test_window_description_terms_hashtags_networks_sentiment_and_samples() -> None:
    window = rising_window()
    window[5] = post(5, author="bignews", text="Recall announced", reach=90_000, engagement=40)
    window[6] = post(6, author="bignews", text="Recall update", reach=80_000, engagement=10)
    window[7] = post(7, author="blogger", text="My take on the recall", reach=5_000, engagement=400)
    window[8] = post(8, author="fan", text="still love it", reach=3_000, source="instagram")
    baseline = Baseline(expected_total=50.0, term_rates={"latte": 0.9})
    result = explain(window, baseline, exclude_terms=frozenset({"northwind"}))
    terms = [t for t, _ in result.top_terms]
    assert terms[0] == "recall" and "refund" in terms
    assert "northwind" not in terms and "this" not in terms
    assert result.top_hashtags[0] == ("boycott", 60)
    assert dict(result.networks) == {"twitter": 249, "instagram": 1}
    assert result.sentiment == (0, 250 - 138, 138)
    assert [p.author for p in result.samples] == ["bignews", "blogger", "fan"]  # one per author


def test_no_rise_means_no_share() -> None:
    window = usual_week(0)
    result = explain(window, Baseline(expected_total=60.0))
    assert all(s.share == 0.0 for s in result.sources)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Northwind's RECALL is a joke https://t.co/x @someone #fail", {"recall", "joke"}),
        ("Tämä on ihan kamala kahvi", {"kamala", "kahvi"}),
        ("42 is 2 small", {"small"}),
    ],
)
def test_terms_skip_stopwords_links_handles_tags_numbers(text: str, expected: set[str]) -> None:
    assert terms_in(text, frozenset({"northwind's", "northwind"})) == expected
