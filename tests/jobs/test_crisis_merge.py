"""One problem of a brand is one incident: a crisis term, a negative shift and a spike together.

Through the real watch and jobs on a generated stream: one top-level post, updated in place,
one thread reply per added signal, buttons acting on the merged incident; retries and a second
process file each signal once. Routing rules (other brands, drops, watched accounts, cooldown
after a resolve, a person's severity) are tested on `file_sighting` directly.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy.engine import Engine

from bot.clock import FrozenClock
from bot.config import VahtiConfig
from bot.db import session_scope
from bot.deps import Deps
from bot.domain.crisis.figures import Figures
from bot.ids import ActionId, IncidentRef
from bot.services.crisis import actions as crisis_actions
from bot.services.crisis.incidents import Filed, Sighting, file_sighting
from bot.services.crisis.publish import publish
from bot.services.crisis.watch import CrisisWatch
from jobs.crisis import post_immediate_alerts
from models.crisis import incidents as alert_repo
from models.crisis import signals as signal_repo
from tests.crisis_streams import (
    BUCKET,
    TEAM,
    Stream,
    at_utc,
    copy_engine,
    crisis_config,
    history_engine,
    replies,
    rhythm,
    roots,
    store,
)
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackSender

T0 = at_utc(2026, 11, 3, 12, 0)  # Tuesday 14:00 in Helsinki
COOLDOWN = timedelta(minutes=60)


@pytest.fixture(scope="module")
def history() -> Engine:
    return history_engine(T0 - timedelta(weeks=3), T0)


@pytest.fixture
def engine(history: Engine) -> Engine:
    return copy_engine(history)


@pytest.fixture
def config() -> VahtiConfig:
    return crisis_config(ack_reminder_minutes=30)


def header(call: dict) -> str:
    return str(call["blocks"][0]["text"]["text"])


def bucket(deps: Deps, stream: Stream, at: datetime, count: int, **overrides: object) -> None:
    """Store a bucket's mentions (the after-store hooks run as in an import)."""
    with session_scope(deps.sessions) as session:
        store(session, list(stream.bucket(at, count, **overrides)), deps.config)


def run_jobs(deps: Deps, clock: FrozenClock, watches: list[CrisisWatch], at: datetime) -> None:
    """Each process's tick and immediate-alert pass, 20 s after the bucket ends."""
    clock.set(at + BUCKET + timedelta(seconds=20))
    for watch in watches:
        watch.tick(deps)
        post_immediate_alerts(deps)


def test_crisis_term_then_shift_then_spike_is_one_message_with_a_reply_per_signal(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock, send: SlackSender
) -> None:
    watches, stream = [CrisisWatch(), CrisisWatch()], Stream(seed=5)  # two processes
    run_jobs(deps, clock, watches, T0 - BUCKET)
    bucket(deps, stream, T0, 1, text="Northwind recall, mold in my cup", reach=5000)
    bucket(deps, stream, T0, round(rhythm(T0)))
    run_jobs(deps, clock, watches, T0)
    sour = {"label": "negative", "text": "Northwind tastes awful now"}
    for k in range(1, 7):  # a negative shift at the usual volume
        at = T0 + k * BUCKET
        bucket(deps, stream, at, round(rhythm(at)), **sour)
        run_jobs(deps, clock, watches, at)
    for k in range(7, 11):  # then people pile on
        at = T0 + k * BUCKET
        bucket(deps, stream, at, 150, **sour)
        run_jobs(deps, clock, watches, at)
    [root] = roots(fake_slack)
    assert header(root) == "🚨 Crisis term · Northwind"
    root_ts = fake_slack.messages[0]["ts"]
    updates = [c.args for c in fake_slack.calls_of("chat.update")]
    assert updates and all(u["ts"] == root_ts for u in updates)
    added = [r for r in replies(fake_slack) if r["text"].startswith("Also:")]
    assert [r["text"].split(":")[1] for r in added] == [" 😠 negative shift", " 📈 mention spike"]
    assert all(r["thread_ts"] == root_ts for r in replies(fake_slack))
    # The shift turned into a crisis (all negative at three times the volume) before the spike
    # did: the first of the most severe signals leads, and every other keeps a line.
    title = "😠 Negative shift + crisis term + mention spike · Northwind"
    assert header(updates[-1]) == title
    shown = json.dumps(updates[-1]["blocks"], ensure_ascii=False)
    assert "🚨 Crisis term: “recall” in 1 post; the widest reach is 5,000." in shown
    assert "📈 Mention spike: " in shown and "mentions in the last" in shown
    with session_scope(deps.sessions) as session:
        [incident] = alert_repo.recent(session=session, team_id=TEAM, limit=5)
        signals = signal_repo.signals(session=session, incident_ids=[incident.id])[incident.id]
    assert [s.kind for s in signals] == ["crisis_term", "negative_shift", "volume_spike"]
    assert incident.severity == "crisis"
    value = IncidentRef(incident.id).encode()
    for _ in range(2):
        send.block_action(ActionId.CRISIS_ACK, value, channel="C0ALERT", message_ts=root_ts)
    ack = fake_slack.last("chat.update").args
    assert ack["ts"] == root_ts and "*Acknowledged*" in json.dumps(ack["blocks"])
    assert header(ack) == title
    clock.advance(timedelta(hours=1))
    publish(deps)
    reminders = [r for r in replies(fake_slack) if "<!subteam^S0SOCIAL>" in r["text"]]
    assert len(reminders) == 1  # one reminder for the one incident, none after the ack
    assert not fake_slack.calls_of("conversations.open")


def sight(kind: str, at: datetime, brand: str = "Northwind", **extra: object) -> Sighting:
    severity = str(extra.pop("severity", "elevated"))
    subject = str(extra.pop("subject", ""))
    figures = Figures(observed=40, typical=4.0, ratio=10.0, window_minutes=60, matches=1)
    return Sighting(kind, brand, subject, at, at + BUCKET, severity, 10.0, figures)


def file(deps: Deps, sighting: Sighting) -> Filed | None:
    with session_scope(deps.sessions) as session:
        return file_sighting(session, TEAM, sighting, COOLDOWN)


def filed(deps: Deps, sighting: Sighting) -> Filed:
    found = file(deps, sighting)
    assert found is not None
    return found


def incident_ids(deps: Deps) -> list[int]:
    with session_scope(deps.sessions) as session:
        found = alert_repo.recent(session=session, team_id=TEAM, limit=20)
    return sorted(i.id for i in found if i.id is not None)


def test_other_brands_drops_and_watched_accounts_get_their_own_incidents(deps: Deps) -> None:
    first = filed(deps, sight("crisis_term", T0))
    assert first.created
    assert filed(deps, sight("volume_spike", T0 + BUCKET, brand="Bluebird")).created
    assert filed(deps, sight("volume_drop", T0 + BUCKET)).created  # a feed outage, not the rise
    assert filed(deps, sight("watched_account", T0 + BUCKET, subject="maija")).created
    joined = filed(deps, sight("negative_shift", T0 + 2 * BUCKET))
    assert joined.added and joined.incident_id == first.incident_id
    assert len(incident_ids(deps)) == 4


def test_filing_the_same_signal_twice_adds_it_once(deps: Deps, fake_slack: FakeSlack) -> None:
    first = filed(deps, sight("crisis_term", T0))
    publish(deps)
    spike = sight("volume_spike", T0 + BUCKET, severity="crisis")
    again = [file(deps, spike), file(deps, spike)]
    publish(deps)
    publish(deps)
    assert [a.added for a in again if a] == [True, False]
    assert {a.incident_id for a in again if a} == {first.incident_id}
    assert len(roots(fake_slack)) == 1
    assert len([r for r in replies(fake_slack) if r["text"].startswith("Also:")]) == 1
    with session_scope(deps.sessions) as session:
        incident = alert_repo.get(session=session, team_id=TEAM, incident_id=first.incident_id)
        events = alert_repo.events(session=session, incident_id=first.incident_id)
    assert incident is not None and incident.severity == "crisis"
    assert [e.kind for e in events] == ["opened", "signal"]


def test_a_persons_severity_stays_when_a_signal_joins(deps: Deps) -> None:
    first = filed(deps, sight("crisis_term", T0))
    click = crisis_actions.Click(first.incident_id, TEAM, "U0BOB", "a1")
    assert crisis_actions.set_severity(deps, click, "watch")
    file(deps, sight("volume_spike", T0 + BUCKET, severity="crisis"))
    with session_scope(deps.sessions) as session:
        incident = alert_repo.get(session=session, team_id=TEAM, incident_id=first.incident_id)
    assert incident is not None and (incident.severity, incident.severity_set_by) == (
        "watch",
        "U0BOB",
    )


def test_after_a_resolve_the_cooldown_holds_then_a_new_signal_opens_a_new_incident(
    deps: Deps, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    first = filed(deps, sight("volume_spike", T0))
    clock.set(T0 + 2 * BUCKET)
    click = crisis_actions.Click(first.incident_id, TEAM, "U0BOB", "r1")
    assert crisis_actions.close(deps, click, false_alarm=False, summary="launch day")
    assert file(deps, sight("volume_spike", T0 + 4 * BUCKET)) is None  # cooldown
    later = T0 + 2 * BUCKET + COOLDOWN + BUCKET
    for kind in ("volume_spike", "crisis_term"):
        assert filed(deps, sight(kind, later)).incident_id != first.incident_id
    publish(deps)
    assert len(incident_ids(deps)) == 2
    [new] = [i for i in incident_ids(deps) if i != first.incident_id]
    with session_scope(deps.sessions) as session:
        signals = signal_repo.signals(session=session, incident_ids=[new])[new]
    assert [s.kind for s in signals] == ["volume_spike", "crisis_term"]
