"""With `locale: fi` every surface is Finnish: checklists with their live lines, the crisis alert
and its buttons, thread replies and nudges, every command's answer and help, modals, App Home.

The messages go through the app and the fake Slack as in production; their text is searched for
the English phrases of the code's message ids (tests/i18n_check.py).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.clock import FrozenClock
from bot.config import VahtiConfig
from bot.db import session_scope
from bot.deps import Deps
from bot.domain.crisis.figures import Figures, Sample, Share
from bot.ids import ActionId, BlockId, CallbackId, IncidentRef, ItemRef
from bot.services.crisis.incidents import Sighting, file_sighting
from bot.services.crisis.publish import publish
from jobs.checklists import nudge_open_checklists, post_due_checklists
from models.checklists import runs as run_repo
from tests.crisis_streams import TEAM, crisis_config, store
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import Reply, SlackSender
from tests.i18n_check import english_in, stopwords_in, texts
from tests.kpi_data import mention

NOW = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)  # Tuesday 10:00 in Helsinki
POSTS = {
    "maija": ("positive", 0.6, "Northwindin kahvi on parasta, kiitos!"),
    "pekka": ("negative", -0.6, "Northwindin jono oli taas pitkä ja kahvi kylmää"),
    "liisa": ("neutral", 0.0, "Onko Northwind auki pyhäpäivinä?"),
}


@pytest.fixture
def config() -> VahtiConfig:
    base = crisis_config()
    return base.model_copy(update={"locale": "fi", "kpi_targets": {"mentions": 100}})


def _history(deps: Deps) -> None:
    """Two weeks of the brand's mentions: an advocate, a detractor and someone asking."""
    rows = []
    for hour in range(14 * 24 + 8):
        at = NOW - timedelta(days=14) + timedelta(hours=hour)
        for author, (label, polarity, text) in POSTS.items():
            rows.append(
                mention(
                    at,
                    team_id=TEAM,
                    author=author,
                    label=label,
                    polarity=polarity,
                    text=text,
                    brand="Northwind",
                    brands=("Northwind",),
                    lang="fi",
                    url=f"https://x.com/{author}/{hour}",
                )
            )
    with session_scope(deps.sessions) as session:
        store(session, rows, deps.config)


def _alert(deps: Deps) -> int:
    """One spike, traced to one author, posted to the alert channel."""
    sample = Sample("pekka", "Northwindin kahvi oli kylmää", "https://x.com/p/1", "twitter", 900, 3)
    figures = Figures(
        observed=412,
        typical=38.0,
        ratio=10.8,
        window_minutes=60,
        typical_label="a typical Tuesday 10:00",
        reason="rise to 10.8x the typical 38 (by hour of week)",
        sentiment=(10, 20, 30),
        networks=(("twitter", 40),),
        samples=(sample,),
        sources=(Share("author", "pekka", 30, 0.71),),
    )
    sighting = Sighting(
        "volume_spike", "Northwind", "", NOW, NOW + timedelta(minutes=10), "crisis", 10.8, figures
    )
    with session_scope(deps.sessions) as session:
        filed = file_sighting(session, TEAM, sighting, timedelta(minutes=60))
    assert filed is not None
    publish(deps)
    return filed.incident_id


def _daily_item(deps: Deps) -> ItemRef:
    with session_scope(deps.sessions) as session:
        run = run_repo.run_for_period(
            session=session, team_id=TEAM, cadence="daily", start=NOW.date()
        )
        assert run is not None and run.id is not None
        return ItemRef(run.id, run.items[0]["id"])


def _english(payload: Any) -> list[tuple[str, str]]:
    """English phrases of the message ids, and English words never marked for translation."""
    found = [(hit, text) for text in texts(payload) for hit in english_in(text)]
    return found + [(w, text) for text in texts(payload) for w in stopwords_in(text)]


def _command_texts(send: SlackSender) -> list[Reply]:
    asked = [
        ("/kpi", "today"),
        ("/kpi", "week"),
        ("/kpi", "help"),
        ("/kpi", "set mentions 120"),
        ("/kpi", "log new_followers 4"),
        ("/kpi", "set reach lots"),
        ("/kpi", "tomorrow"),
        ("/pulse", "advocates"),
        ("/pulse", "detractors"),
        ("/pulse", "sov"),
        ("/pulse", "top"),
        ("/pulse", "activation"),
        ("/pulse", "campaigns"),
        ("/pulse", "year"),
        ("/pulse", "help"),
        ("/pulse", "sov day"),
        ("/crisis", "status"),
        ("/crisis", "list"),
        ("/crisis", "help"),
        ("/crisis", "list 999"),
        ("/checklist", "history"),
        ("/checklist", "daily"),
        ("/checklist", "help"),
        ("/checklist", "hourly"),
    ]
    return [send.command(command, text) for command, text in asked]


def test_a_finnish_workspace_reads_finnish_everywhere(
    deps: Deps, clock: FrozenClock, fake_slack: FakeSlack, send: SlackSender
) -> None:
    clock.set(NOW)
    _history(deps)
    incident = _alert(deps)
    clock.set(NOW + timedelta(minutes=65))  # nobody acknowledged: reminder, then escalation
    publish(deps)
    publish(deps)
    assert post_due_checklists(deps) >= 1
    replies = _command_texts(send)
    ref = IncidentRef(incident).encode()
    send.block_action(ActionId.CRISIS_ACK, ref, channel="C0ALERT")
    send.block_action(ActionId.CRISIS_NOTE, ref, channel="C0ALERT")
    send.block_action(ActionId.CRISIS_RESOLVE, ref, channel="C0ALERT")
    send.block_action(ActionId.CHECKLIST_NOTE, _daily_item(deps).encode())
    send.block_action(ActionId.KPI_LOG_OPEN, "log")
    empty = {BlockId.NOTE_INPUT: {BlockId.NOTE_TEXT: {"type": "plain_text_input", "value": " "}}}
    refused = send.view_submission(CallbackId.CHECKLIST_NOTE, _daily_item(deps).encode(), empty)
    send.event({"type": "app_home_opened", "user": "U0ALICE", "channel": "D1", "tab": "home"})
    clock.set(NOW + timedelta(hours=8))  # 18:00: the end-of-day nudge
    nudge_open_checklists(deps)
    publish(deps)

    shown = ["chat.postMessage", "chat.update", "views.open", "views.publish"]
    calls = [c for c in fake_slack.calls if c.method in shown]
    assert {c.method for c in calls} == set(shown)
    threads = [c for c in calls if c.method == "chat.postMessage" and c.args.get("thread_ts")]
    assert len(threads) >= 2  # the nudge and the reminder
    payloads: list[Any] = [c.args for c in calls] + fake_slack.responses
    payloads += [json.loads(r.body) for r in [*replies, refused] if r.body]
    leaks = [leak for p in payloads for leak in _english(p)]
    assert not leaks, leaks[:10]

    everything = json.dumps(payloads, ensure_ascii=False)
    for finnish in (
        "Kuittaa",
        "Hoidan tämän",
        "Ratkaise",
        "Väärä hälytys",
        "Kielteisimmät eilisestä",
        "Päivän tarkistuslista",
        "tavallisesti tiistaisin klo 10.00",
        "71\u00a0%",
        "Puolestapuhujat",
        "Keskusteluosuus",
        "*Käyttö:*",
        "Kirjoita ensin muistiinpano.",
        "Vielä auki päivän päättyessä",
        "kukaan ei ole kuitannut",
        "keskiarvo +0,60",
        "ti 3.11.2026, klo 11.05 asti",
    ):
        assert finnish in everything, finnish
    assert "1\u00a0014 mainintaa" in everything  # Finnish digit grouping and plural
    charts = [c.args for c in fake_slack.calls_of("files.completeUploadExternal")]
    titles = json.dumps(charts, ensure_ascii=False)
    assert "KPI:t · viikko 45 (2.11.–8.11.2026)" in titles, titles
    assert "Keskusteluosuus · viimeiset 30 päivää" in titles, titles
