"""Socket Mode end to end: apps.connections.open on the fake API, envelopes over a WebSocket."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import FrozenClock
from bot.config import Settings, VahtiConfig
from bot.runtime import build_runtime, start_socket_mode
from tests.fakes.slack_api import FakeSlack
from tests.fakes.socket_mode import running_socket_mode_server


def test_slash_command_over_socket_mode_is_acked_and_answered(
    fake_slack: FakeSlack, tmp_path
) -> None:
    settings = Settings(
        slack_bot_token="xoxb-test",
        slack_app_token="xapp-test",
        slack_api_url=fake_slack.url,
        database_url=f"sqlite:///{tmp_path / 'vahti.db'}",
    )
    config = VahtiConfig.model_validate(
        {"timezone": "Europe/Helsinki", "channels": {"checklists": "C0CHECK"}}
    )
    clock = FrozenClock(datetime(2026, 11, 3, 8, 0, tzinfo=UTC))
    with running_socket_mode_server() as ws:
        fake_slack.ws_url = ws.url
        runtime = build_runtime(settings, config, clock)
        assert runtime.deps.team_id == "T0001"  # from auth.test on the fake API
        handler = start_socket_mode(runtime)
        try:
            assert ws.connected.wait(10)
            opened = fake_slack.last("apps.connections.open")
            assert opened.token == "xapp-test"
            ws.send(
                {
                    "envelope_id": "env-1",
                    "type": "slash_commands",
                    "accepts_response_payload": True,
                    "payload": {
                        "command": "/checklist",
                        "text": "daily",
                        "team_id": "T0001",
                        "user_id": "U0ALICE",
                        "channel_id": "C0CMD",
                        "response_url": fake_slack.response_url("sm1"),
                        "trigger_id": "1.t",
                        "api_app_id": "A0VAHTI",
                    },
                }
            )
            ws.wait_for_ack("env-1")
            assert fake_slack.wait_for(lambda: bool(fake_slack.responses))
            assert fake_slack.responses[0]["text"].startswith(
                "Posted this period's daily checklist"
            )
            ws.send(
                {
                    "envelope_id": "env-2",
                    "type": "slash_commands",
                    "accepts_response_payload": True,
                    "payload": {
                        "command": "/checklist",
                        "text": "nonsense",
                        "team_id": "T0001",
                        "user_id": "U0ALICE",
                        "channel_id": "C0CMD",
                        "response_url": fake_slack.response_url("sm2"),
                    },
                }
            )
            ack = ws.wait_for_ack("env-2")
            assert "I don't know `nonsense`" in ack["payload"]["text"]
        finally:
            handler.close()
    daily = [c for c in fake_slack.calls_of("chat.postMessage") if "Daily" in c.args["text"]]
    assert len(daily) == 1


def test_command_line_uses_the_workspace_the_bot_ran_for(
    fake_slack: FakeSlack, tmp_path, monkeypatch
) -> None:
    from bot.cli.common import LOCAL_TEAM, load_offline_context

    url = f"sqlite:///{tmp_path / 'vahti.db'}"
    monkeypatch.delenv("VAHTI_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    assert load_offline_context(Settings(database_url=url)).team_id == LOCAL_TEAM
    settings = Settings(
        slack_bot_token="xoxb-test",
        slack_signing_secret="s",
        slack_api_url=fake_slack.url,
        database_url=url,
    )
    build_runtime(settings, VahtiConfig(), FrozenClock(datetime(2026, 11, 3, 8, 0, tzinfo=UTC)))
    assert load_offline_context(Settings(database_url=url)).team_id == "T0001"
