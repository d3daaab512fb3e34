"""The cross-domain bench (bench/sentiment_domains.py) and its public brand-tweet sets.

Its figures decide which cues and constants ship, so a rule it says it tried must really run,
and the public sets' halves must stay the ones fixed before any post was read.
"""

from __future__ import annotations

import re
from pathlib import Path
from unittest import mock

import pytest

from bench import public_tweets
from bench import sentiment_domains as bench
from bench.sentiment_domains import Domain


def _write(path: Path, rows: list[tuple[str, str, str]]) -> None:
    lines = ["label\tid\ttext", *("\t".join(row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_halves_split_each_set_once_and_for_good(tmp_path: Path) -> None:
    rows = [("negative", str(1000 + i), f"post {i}") for i in range(40)]
    rows += [("neutral", "", f"no id {i}") for i in range(20)]
    _write(tmp_path / "sanders.tsv", rows)
    dev = public_tweets.load(tmp_path, "dev")["sanders"]
    held = public_tweets.load(tmp_path, "held-out")["sanders"]
    assert sorted(dev.texts + held.texts) == sorted(text for _, _, text in rows)
    assert dev.texts and held.texts
    assert not set(dev.texts) & set(held.texts)
    # The half is a function of the key alone: the same post lands in the same half again.
    assert public_tweets.half("1003") == public_tweets.half("1003")
    assert public_tweets.load(tmp_path, "dev")["sanders"] == dev


def test_unknown_label_is_refused(tmp_path: Path) -> None:
    _write(tmp_path / "apple.tsv", [("irrelevant", "", "some post")])
    with pytest.raises(ValueError, match="unknown label"):
        public_tweets.load(tmp_path, "dev")


def test_a_tried_rule_runs_on_the_posts_it_matches() -> None:
    posts = ["The app froze and my zorbleflux failed twice.", "Lovely morning at the cafe."]
    domains = {"probe": Domain(posts, ["negative", "positive"], None)}
    scored = bench.score_domains(domains)
    tried = {"zorble": (frozenset({"zorbleflux"}), r"\bzorbleflux\s+failed\b")}
    with mock.patch.dict(bench.TRIED, tried, clear=True):
        changed = bench.cues_changed(scored, extra="zorble")["probe"]
    before = scored.parts["probe"]
    assert changed[0].complaints == before[0].complaints + 1
    assert changed[1] == before[1]
    assert re.search(tried["zorble"][1], posts[0])
