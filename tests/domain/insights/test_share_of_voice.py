"""Share of voice: shares of brand mentions and reach, month over month in points."""

from __future__ import annotations

import pytest

from bot.domain.insights.share_of_voice import BrandCounts, share_of_voice, shares_in


def test_shares_and_changes_in_points() -> None:
    rows = [
        BrandCounts("Rival", (50, 30), (1000, 3000)),
        BrandCounts("Acme", (50, 60), (1000, 6000)),
        BrandCounts("Other", (0, 10), (0, 1000)),
    ]
    sov = share_of_voice(rows, ["Acme", "Rival", "Quiet"], "Acme", ("Sep", "Oct"))
    names = [b.brand for b in sov.brands]
    assert names == ["Acme", "Rival", "Quiet", "Other"]  # configured order, then others
    acme = sov.brands[0]
    assert acme.own and acme.share == pytest.approx(0.6) and acme.previous_share == 0.5
    assert acme.change_points == pytest.approx(10.0)
    assert acme.reach_share == pytest.approx(0.6)
    quiet = sov.brands[2]
    assert quiet.mentions == 0 and quiet.share == 0.0 and quiet.change_points == 0.0
    other = sov.brands[3]
    assert other.previous_share == 0.0 and other.change_points == pytest.approx(10.0)
    assert (sov.total, sov.previous_total, sov.label, sov.previous_label) == (
        100,
        100,
        "Oct",
        "Sep",
    )


def test_an_empty_previous_window_has_no_change() -> None:
    sov = share_of_voice([BrandCounts("Acme", (0, 4), (0, 40))], ["Acme"], "Acme")
    assert sov.brands[0].previous_share is None and sov.brands[0].change_points is None
    assert sov.brands[0].share == 1.0


def test_shares_in_a_window_and_bad_rows() -> None:
    rows = [BrandCounts("A", (1, 0), (0, 0)), BrandCounts("B", (3, 0), (0, 0))]
    assert shares_in(rows, 0) == {"A": 0.25, "B": 0.75}
    assert shares_in(rows, 1) == {}
    with pytest.raises(ValueError):
        share_of_voice([BrandCounts("A", (1,), (1,))], ["A"], "A")
