"""`vahti demo` runs with no Slack and no network, and every message it shows is one Slack takes."""

from __future__ import annotations

import json
from pathlib import Path

from bot.cli import main
from tests.fakes.slack_api import check_blocks
from tests.i18n_check import english_in, texts


def test_two_demo_days_post_checklists_within_slacks_limits(tmp_path: Path, capsys) -> None:
    assert main(["demo", "--days", "2", "--output", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Daily social media checklist" in out and "Messages posted:" in out
    calls = [json.loads(line) for line in (tmp_path / "messages.jsonl").read_text().splitlines()]
    posts = [c for c in calls if c["method"] == "chat.postMessage" and not c["thread_ts"]]
    assert {"Daily social media checklist", "Weekly social media checklist"} <= {
        c["blocks"][0]["text"]["text"] for c in posts
    }
    assert any(c["method"] == "chat.update" for c in calls)  # the simulated team ticked items
    for call in calls:
        assert check_blocks(call["blocks"]) is None, call["text"]
        assert "<!channel>" not in json.dumps(call)
    assert (tmp_path / "vahti-demo.db").exists()


def test_the_demo_crisis_raises_one_alert_the_team_handles(tmp_path: Path) -> None:
    """Day 17 (Wednesday 11 November) has the crisis: one alert that day, then acted on."""
    assert main(["demo", "--days", "17", "--quiet", "--output", str(tmp_path)]) == 0
    calls = [json.loads(line) for line in (tmp_path / "messages.jsonl").read_text().splitlines()]
    alerts = [
        c
        for c in calls
        if c["channel"] == "C0ALERTS"
        and c["method"] == "chat.postMessage"
        and not c["thread_ts"]
        and c["at"].startswith("2026-11-11")
    ]
    assert len(alerts) == 1, alerts
    assert "Crisis term" in alerts[0]["text"] and "mold" in alerts[0]["text"]
    updates = [c for c in calls if c["method"] == "chat.update" and c["ts"] == alerts[0]["ts"]]
    assert updates  # acknowledged, owned or resolved from Slack: the message follows


def test_the_demo_in_finnish_says_nothing_in_english(tmp_path: Path, capsys) -> None:
    assert main(["demo", "--days", "2", "--locale", "fi", "--output", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Päivittäinen somen tarkistuslista" in out and "[Tehty]" in out
    calls = [json.loads(line) for line in (tmp_path / "messages.jsonl").read_text().splitlines()]
    leaks = [(hit, text) for c in calls for text in texts(c) for hit in english_in(text)]
    assert calls and not leaks, leaks[:5]
