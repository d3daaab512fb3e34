"""Templates: the bundled English and Finnish sets and validation errors for people."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.checklists.periods import Cadence
from bot.domain.checklists.templates import TemplateError, parse_templates
from bot.templates_store import load_templates


@pytest.mark.parametrize("locale", ["en", "fi"])
def test_bundled_templates_cover_every_cadence_with_the_same_items(locale: str) -> None:
    templates = load_templates(locale)
    assert set(templates) == set(Cadence)
    english = load_templates("en")
    for cadence, template in templates.items():
        assert [i.id for i in template.items] == [i.id for i in english[cadence].items]


def test_finnish_titles() -> None:
    titles = [i.title for i in load_templates("fi")[Cadence.DAILY].items]
    assert titles[1] == "Kriisitarkistus" and titles[0] == "Julkaise tai ajasta päivän päivitykset"


def test_team_file_overrides_a_cadence(tmp_path: Path) -> None:
    (tmp_path / "checklists.en.yml").write_text(
        "daily:\n  title: Our day\n  items:\n    - {id: coffee, title: Make coffee}\n"
        "    - {id: publish, title: Publish}\n",
        encoding="utf-8",
    )
    templates = load_templates("en", tmp_path)
    assert [i.id for i in templates[Cadence.DAILY].items] == ["coffee", "publish"]
    assert templates[Cadence.WEEKLY].title == "Weekly social media checklist"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"hourly": {"items": []}}, "unknown cadence"),
        ({"daily": {"items": [{"id": "Bad Id", "title": "x"}]}}, "must be 1-48"),
        ({"daily": {"items": [{"id": "a", "title": ""}]}}, "title must be"),
        ({"daily": {"items": [{"id": "a", "title": "x"}, {"id": "a", "title": "y"}]}}, "unique"),
        ({"daily": {"items": []}}, "between 1 and 12"),
        ([], "a template file maps"),
    ],
)
def test_invalid_templates_say_why(raw: object, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        parse_templates(raw, "en")
