"""The alert message: what it says, what it escapes, which controls each state offers."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.blocks.crisis.alert import message
from bot.blocks.crisis.replies import group_ref, list_reply, reminder_text, text_modal, thread_text
from bot.blocks.crisis.signals import headline
from bot.domain.crisis.figures import (
    Figures,
    IncidentView,
    Sample,
    Share,
    SignalView,
    TimelineEntry,
    headline_first,
    typical_label,
)
from bot.ids import ActionId, IncidentRef

TZ = ZoneInfo("Europe/Helsinki")
AT = datetime(2026, 11, 3, 12, 0, tzinfo=UTC)  # Tuesday 14:00 in Helsinki


def view(state: str = "open", owner: str | None = None, **figures: object) -> IncidentView:
    values: dict[str, object] = {
        "observed": 412,
        "typical": 38.0,
        "ratio": 10.8,
        "typical_label": typical_label("hour_of_week", AT, TZ),
        "sentiment": (10, 50, 40),
        "networks": (("twitter", 300), ("news", 12)),
        "terms": (("recall", 120),),
        "hashtags": (("boycott", 60),),
        "sources": (Share("link", "news.example.com/story", 292, 0.71),),
        "samples": (
            Sample(
                "<@U999>",
                "<!channel> <@U123> *bold* & more",
                "https://x.com/a/1",
                "twitter",
                9000,
                40,
            ),
        ),
    }
    values.update(figures)
    return IncidentView(
        incident_id=7,
        kind="volume_spike",
        brand="Northwind",
        subject="",
        state=state,
        severity="elevated",
        owner=owner,
        started_at=AT,
        last_seen_at=AT,
        ended_at=None,
        resolved_at=None,
        resolved_by="U0BOB" if state in ("resolved", "false_alarm") else None,
        summary="Launch traffic" if state == "resolved" else None,
        figures=Figures(**values),  # type: ignore[arg-type]
        timeline=(TimelineEntry("note", "U0BOB", AT, "<!here> legal is on it"),),
        tz=TZ,
    )


def test_the_alert_explains_what_moved_against_typical_and_why() -> None:
    blocks, text = message(view())
    shown = json.dumps(blocks, ensure_ascii=False)
    assert "*412 mentions in the last hour*; a typical Tuesday 14:00 has 38, 10.8×." in shown
    assert "*71% of the rise* is reposts of one post: <https://news.example.com/story|" in shown
    assert "Sentiment: 10% positive · 50% neutral · 40% negative" in shown
    assert "Networks: twitter 300, news 12" in shown and "recall (120)" in shown
    assert "#boycott (60)" in shown and "severity *Elevated*" in shown
    assert text.startswith("📈 Mention spike · Northwind: 412 mentions in the last hour")


def test_outside_text_is_escaped_and_never_pings() -> None:
    blocks, text = message(view())
    raw = json.dumps(blocks, ensure_ascii=False) + text
    assert "<!channel>" not in raw and "<@U123>" not in raw and "<@U999>" not in raw
    assert "<!here>" not in raw and "*bold*" not in raw
    assert "&lt;!channel&gt; &lt;@U123&gt;" in raw and "&amp; more" in raw


@pytest.mark.parametrize(
    ("state", "owner", "expected"),
    [
        (
            "open",
            None,
            {
                "crisis_ack",
                "crisis_own",
                "crisis_assign",
                "crisis_severity",
                "crisis_note",
                "crisis_resolve",
                "crisis_false_alarm",
            },
        ),
        (
            "acknowledged",
            "U0BOB",
            {
                "crisis_assign",
                "crisis_severity",
                "crisis_note",
                "crisis_resolve",
                "crisis_false_alarm",
            },
        ),
        ("resolved", "U0BOB", {"crisis_note"}),
        ("false_alarm", None, {"crisis_note"}),
    ],
)
def test_controls_change_with_the_state(state: str, owner: str | None, expected: set[str]) -> None:
    blocks, _ = message(view(state, owner))
    controls = blocks[-1]
    assert controls["type"] == "actions" and controls["block_id"] == IncidentRef(7).encode()
    assert {e["action_id"] for e in controls["elements"]} == expected


def test_resolved_alert_says_by_whom_and_why() -> None:
    shown = json.dumps(message(view("resolved", "U0BOB"))[0], ensure_ascii=False)
    assert "*Resolved* by <@U0BOB>: Launch traffic" in shown


@pytest.mark.parametrize(
    ("kind", "subject", "figures", "expected"),
    [
        (
            "volume_spike",
            "",
            {"observed": 99, "window_minutes": 10, "typical": 10.0, "ratio": 9.1},
            "*99 mentions in the last 10 min*; a typical Tuesday 14:00 has 10 in that time, 9.1×.",
        ),
        (
            "volume_drop",
            "",
            {"observed": 0, "typical": 40.0},
            "*Only 0 mentions in the last hour*; a typical Tuesday 14:00 has 40.",
        ),
        (
            "negative_shift",
            "",
            {
                "observed": 67,
                "negative": 31,
                "negative_share": 0.46,
                "typical_negative_share": 0.08,
            },
            "*46% negative in the last hour* (31 of 67 mentions); usually 8%.",
        ),
        (
            "crisis_term",
            "",
            {"matches": 3, "reach": 52000, "matched": (("boycott", 3), ("recall", 1))},
            "*“boycott”, “recall”* in 3 posts; the widest reach is 52,000.",
        ),
        (
            "watched_account",
            "maija",
            {"reach": 1200},
            "*maija* (a watched account) posted something negative (reach 1,200).",
        ),
    ],
)
def test_headlines(kind: str, subject: str, figures: dict, expected: str) -> None:
    base = {"typical_label": typical_label("hour_of_week", AT, TZ)}
    assert headline(kind, subject, Figures(**(base | figures))) == expected


def test_typical_label_follows_the_baseline_source() -> None:
    assert typical_label("hour_of_day", AT, TZ) == "a typical day at 14:00"
    assert typical_label("global", AT, TZ) == "a typical hour"


def test_modals_reminder_and_list() -> None:
    modal = text_modal(IncidentRef(7), True, "Mention spike · <Northwind>")
    assert modal["callback_id"] == "crisis_resolve_modal" and modal["private_metadata"] == "inc:7"
    assert "&lt;Northwind&gt;" in json.dumps(modal)
    assert group_ref("S0SOCIAL") == "<!subteam^S0SOCIAL>" and group_ref("<!channel>") == ""
    assert reminder_text("S0SOCIAL", timedelta(minutes=30)).startswith(
        "<!subteam^S0SOCIAL>: nobody has acknowledged this alert for 30 minutes."
    )
    blocks, text = list_reply([view("resolved", "U0BOB"), view("false_alarm"), view()], 30)
    assert (
        text == "3 incidents in the last 30 days; 2 closed, 1 marked false alarm (50% of closed)."
    )
    assert len(blocks) <= 50


def test_actions_use_the_registered_ids() -> None:
    ids = {e["action_id"] for e in message(view())[0][-1]["elements"]}
    assert ids <= {a.value for a in ActionId}


def signal(kind: str, severity: str, minutes: int, **figures: object) -> SignalView:
    at = AT + timedelta(minutes=minutes)
    ended = figures.pop("ended", None)
    return SignalView(kind, "", severity, at, at, ended, Figures(**figures))  # type: ignore[arg-type]


def merged(*signals: SignalView) -> IncidentView:
    ordered = headline_first(signals)
    base = view()
    return replace(
        base,
        kind=ordered[0].kind,
        figures=ordered[0].figures,
        signals=ordered,
        severity=max((s.severity for s in signals), key=("watch", "elevated", "crisis").index),
    )


TERM = {"matches": 3, "reach": 48000, "matched": (("mold", 3),)}
SHIFT = {"observed": 33, "negative": 25, "negative_share": 0.76, "typical_negative_share": 0.16}
SPIKE = {
    "observed": 49,
    "typical": 4.0,
    "ratio": 10.0,
    "window_minutes": 10,
    "typical_label": "a typical Wednesday 16:00",
}


def test_several_signals_one_message_the_most_severe_leads() -> None:
    v = merged(
        signal("crisis_term", "elevated", 0, **TERM),
        signal("negative_shift", "elevated", 10, **SHIFT),
        signal("volume_spike", "crisis", 65, ended=AT + timedelta(hours=3), **SPIKE),
    )
    blocks, text = message(v)
    assert blocks[0]["text"]["text"] == (
        "📈 Mention spike + crisis term + negative shift · Northwind"
    )
    assert blocks[1]["text"]["text"].startswith("*49 mentions in the last 10 min*")
    assert blocks[2]["text"]["text"].split("\n") == [
        "🚨 Crisis term: “mold” in 3 posts; the widest reach is 48,000.",
        "😠 Negative shift: 76% negative in the last hour (25 of 33 mentions); usually 16%.",
    ]
    assert text.startswith("📈 Mention spike + crisis term + negative shift · Northwind: 49")
    assert len(blocks) <= 50


def test_equal_severities_keep_the_first_signal_as_headline() -> None:
    v = merged(
        signal("crisis_term", "crisis", 0, **TERM),
        signal("volume_spike", "crisis", 65, ended=AT + timedelta(hours=3), **SPIKE),
    )
    lines = message(v)[0][2]["text"]["text"]
    assert v.kind == "crisis_term"
    assert lines.endswith("10.0×. _(back to typical since 17:00)_")


def test_thread_replies_name_the_signal_they_are_about() -> None:
    v = merged(
        signal("crisis_term", "crisis", 0, **TERM),
        signal("volume_spike", "elevated", 65, ended=AT + timedelta(hours=3), **SPIKE),
    )
    assert thread_text(v, "signal", "volume_spike") == (
        "Also: 📈 mention spike: 49 mentions in the last 10 min; "
        "a typical Wednesday 16:00 has 4 in that time, 10.0×."
    )
    assert thread_text(v, "ended", "volume_spike").startswith(
        "Mention spike back to typical since 17:00. At its peak: 49 mentions"
    )
    assert thread_text(v, "grew", "crisis_term") == (
        "Still growing: “mold” in 3 posts; the widest reach is 48,000."
    )
    alone = merged(signal("volume_spike", "elevated", 0, ended=AT + timedelta(hours=1), **SPIKE))
    assert thread_text(alone, "ended", "volume_spike").startswith("Back to typical since 15:00.")
