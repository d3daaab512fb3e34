"""manifest.yml is a valid Slack app manifest and every command in it has a handler."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.fakes.slack_requests import SlackSender

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT.parent / "shared" / "data" / "slack" / "slack-app-manifest.schema.json"


def manifest() -> dict:
    return yaml.safe_load((ROOT / "manifest.yml").read_text(encoding="utf-8"))


@pytest.mark.skipif(
    not SCHEMA.exists(), reason="../shared/data/slack schema not beside the checkout"
)
def test_manifest_validates_against_slacks_schema() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(manifest(), schema)


def test_manifest_declares_the_interface_commands_and_socket_mode() -> None:
    m = manifest()
    commands = {c["command"] for c in m["features"]["slash_commands"]}
    assert commands == {"/kpi", "/checklist", "/crisis", "/pulse"}
    assert m["settings"]["socket_mode_enabled"] is True
    assert m["settings"]["interactivity"]["is_enabled"] is True
    assert m["features"]["app_home"]["home_tab_enabled"] is True
    assert "app_home_opened" in m["settings"]["event_subscriptions"]["bot_events"]


def test_every_scope_is_justified_by_a_comment() -> None:
    text = (ROOT / "manifest.yml").read_text(encoding="utf-8").splitlines()
    scopes = manifest()["oauth_config"]["scopes"]["bot"]
    for scope in scopes:
        line = next(i for i, ln in enumerate(text) if ln.strip() == f"- {scope}")
        assert text[line - 1].strip().startswith("#"), f"scope {scope} has no comment above it"


@pytest.mark.parametrize(
    "command", [c["command"] for c in manifest()["features"]["slash_commands"]]
)
def test_every_manifest_command_answers_help(command: str, send: SlackSender) -> None:
    reply = send.command(command, "help")
    assert reply.status == 200, f"{command} is not handled"
    answered = (reply.json() or {}).get("text") if reply.body else None
    assert answered or send.fake.responses, f"{command} help gave no answer"
