"""`vahti run` without credentials, `/healthz`, and secrets kept out of the logs."""

from __future__ import annotations

import json
import logging
import urllib.request

import pytest

from bot.cli import main
from bot.logging_setup import JsonFormatter, redact


def test_run_without_credentials_names_them_and_points_to_demo(monkeypatch, capsys) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "VAHTI_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "SLACK_BOT_TOKEN" in err and "SLACK_APP_TOKEN" in err and "vahti demo" in err
    assert "SLACK_SIGNING_SECRET (HTTP mode)" in err


def test_run_says_what_is_missing_in_the_teams_language(monkeypatch, tmp_path, capsys) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "vahti.yml").write_text("locale: fi\n", encoding="utf-8")
    monkeypatch.setenv("VAHTI_CONFIG", str(tmp_path / "vahti.yml"))
    assert main(["run"]) == 2
    assert capsys.readouterr().err == (
        "vahti run: ympäristömuuttujia puuttuu: SLACK_BOT_TOKEN, SLACK_APP_TOKEN (Socket Mode) tai "
        "SLACK_SIGNING_SECRET (HTTP-tila). Aseta ne (README, 'Connect to Slack') tai kokeile "
        "komentoa `vahti demo`, joka ei tarvitse Slack-tiliä.\n"
    )
    (tmp_path / "vahti.yml").write_text("locale: [fi\n", encoding="utf-8")
    assert main(["run", "--locale", "fi"]) == 2
    assert " ei ole kelvollista YAMLia: " in capsys.readouterr().err


def test_healthz_reports_database(app_url: str) -> None:
    with urllib.request.urlopen(f"{app_url}/healthz", timeout=5) as resp:
        body = json.loads(resp.read())
    assert resp.status == 200 and body["database"] == "ok" and body["ok"] is True


@pytest.mark.parametrize("secret", ["xoxb-123-456-abc", "xapp-1-A0-99-ff", "Bearer s3cr3t"])
def test_tokens_never_reach_the_log(secret: str) -> None:
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "calling with %s", (secret,), None)
    record.token = secret
    line = JsonFormatter().format(record)
    assert secret not in line and "[redacted]" in line
    assert redact(f"token={secret}") == "token=[redacted]"
