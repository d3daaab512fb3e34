"""Ranking negative posts by harm: negativity weighted by reach, reposts shown once."""

from __future__ import annotations

import pytest

from bot.domain.crisis.harm import harm, worst_first


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ((-0.5, 48_000), (-0.9, 400)),  # sour but seen by 48,000 beats furious but seen by 400
        ((-0.9, 1000), (-0.3, 1000)),  # same reach: the more negative first
        ((-0.9, 400), (-0.06, 1_000_000)),  # barely negative news does not bury a furious post
    ],
)
def test_harm_orders_reach_and_negativity(a: tuple[float, int], b: tuple[float, int]) -> None:
    assert harm(*a) > harm(*b)


def test_positive_posts_do_no_harm() -> None:
    assert harm(0.4, 1_000_000) == 0.0


def test_reposts_of_one_post_are_shown_once() -> None:
    posts = [
        ("RT @coldbrew_truth: Found MOLD in my cold brew", -0.6, 42_000),
        ("Found MOLD in my cold brew", -0.6, 48_000),
        ("Worst latte ever :(", -0.9, 300),
        ("rt @someone: found mold in my cold brew", -0.6, 30_000),
    ]
    assert worst_first(posts, limit=3) == [1, 2]
