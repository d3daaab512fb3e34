"""The example configuration validates; bad files give one clear reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, Settings, load_config

ROOT = Path(__file__).resolve().parents[1]


def test_example_configuration_is_valid() -> None:
    config = load_config(ROOT / "examples" / "vahti.yml")
    assert config.brand is not None and config.brand.name == "Northwind Coffee"
    assert [b.name for b in config.brands()][1:] == ["Bluebird Roasters", "Harbor Beans"]
    assert config.channels.for_cadence("weekly") == "C0123CHECK"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("timezone: Mars/Olympus\n", "unknown time zone"),
        ("schedule: {working_days: [7]}\n", "working_days"),
        ("colour: blue\n", "colour"),
        ("- just\n- a list\n", "must hold a mapping"),
        ("a: [unclosed\n", "not valid YAML"),
    ],
)
def test_bad_configuration_says_why(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "vahti.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "nope.yml")


def test_api_url_gets_a_trailing_slash() -> None:
    assert (
        Settings(slack_api_url="http://127.0.0.1:9/api").slack_api_url == "http://127.0.0.1:9/api/"
    )
