"""Hashtags, links, media kind and network of a mention."""

from __future__ import annotations

import pytest

from bot.domain.mentions.extract import extract, hashtags, links, media_kind, network_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#NorthwindAutumn is #here #here", ("northwindautumn", "here")),
        ("We're #1 at #coffee_time!", ("coffee_time",)),
        ("no tags, a&#39;b or x#y", ()),
        ("#kahvi #päivä", ("kahvi", "päivä")),
        ("link https://a.b/#anchor", ()),
    ],
)
def test_hashtags(text: str, expected: tuple[str, ...]) -> None:
    assert hashtags(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see https://nw.example/autumn.", ("https://nw.example/autumn",)),
        ("(http://a.b/c) and https://a.b/c?x=1!", ("http://a.b/c", "https://a.b/c?x=1")),
        ("twice https://a.b https://a.b", ("https://a.b",)),
        ("no link www.a.b", ()),
    ],
)
def test_links(text: str, expected: tuple[str, ...]) -> None:
    assert links(text) == expected


@pytest.mark.parametrize(
    ("declared", "url", "found", "kind"),
    [
        (None, None, (), "text"),
        (None, "https://twitter.com/a/status/1", (), "text"),
        (None, None, ("https://blog.example/post",), "link"),
        (None, None, ("https://pbs.twimg.com/media/x",), "image"),
        (None, None, ("https://cdn.example/a.JPG",), "image"),
        (None, None, ("https://youtu.be/abc", "https://a.b"), "video"),
        (None, "https://www.youtube.com/watch?v=1", (), "video"),
        (None, "https://www.instagram.com/reel/abc/", (), "video"),
        (None, "https://www.instagram.com/p/abc/", (), "image"),
        ("photo", None, (), "image"),
        ("animated_gif", None, (), "video"),
        ("carrier pigeon", None, ("https://a.b",), "link"),
    ],
)
def test_media_kind(
    declared: str | None, url: str | None, found: tuple[str, ...], kind: str
) -> None:
    assert media_kind(declared, url, found) == kind


@pytest.mark.parametrize(
    ("url", "network"),
    [
        ("https://twitter.com/a/status/1", "twitter"),
        ("https://x.com/a/status/1", "twitter"),
        ("https://mobile.twitter.com/a", "twitter"),
        ("https://www.instagram.com/p/x", "instagram"),
        ("https://m.facebook.com/story", "facebook"),
        ("https://www.linkedin.com/posts/x", "linkedin"),
        ("https://old.reddit.com/r/coffee", "reddit"),
        ("https://youtu.be/x", "youtube"),
        ("https://www.tiktok.com/@a/video/1", "tiktok"),
        ("https://box.com/x", "news"),
        ("https://news.example.com/a", "news"),
        (None, None),
    ],
)
def test_network_of(url: str | None, network: str | None) -> None:
    assert network_of(url) == network


def test_extract_combines() -> None:
    found = extract("Try #NorthwindAutumn https://youtu.be/v", "https://x.com/a/1", None)
    assert (found.hashtags, found.links, found.media) == (
        ("northwindautumn",),
        ("https://youtu.be/v",),
        "video",
    )
