"""The Finnish catalog is complete and well-formed, and Babel formats the Finnish way."""

from __future__ import annotations

import json
import pickle
import re
from datetime import UTC, date, datetime
from importlib import resources

import pytest
from babel.messages.pofile import read_po

from bot.blocks.kpi import fmt_gap, fmt_value
from bot.domain.checklists.periods import Cadence, Period, period_label
from bot.domain.kpi.metrics import Metric
from bot.i18n import ENGLISH, N_, Phrase, Problem, said, translator
from tests.i18n_check import english_in, extracted

_FIELD = re.compile(r"\{(\w*)")


def _catalog():  # type: ignore[no-untyped-def]
    path = resources.files("bot").joinpath("locale/fi/LC_MESSAGES/vahti.po")
    with path.open("rb") as po:
        return read_po(po, locale="fi")


def test_every_message_in_the_code_has_finnish() -> None:
    catalog = _catalog()
    missing = []
    for message, context in extracted():
        key = message[0] if isinstance(message, tuple) else message
        entry = catalog.get(key, context=context)
        strings = entry.string if entry is not None else ""
        forms = strings if isinstance(strings, tuple) else (strings,)
        if entry is None or not all(forms) or entry.fuzzy:
            missing.append(key)
    assert not missing, f"no Finnish for {missing} (run scripts/i18n.sh, then translate)"


def test_the_catalog_holds_only_messages_the_code_uses() -> None:
    used = {(m[0] if isinstance(m, tuple) else m, c) for m, c in extracted()}
    stale = [
        m.id
        for m in _catalog()
        if m.id and ((m.id if isinstance(m.id, str) else m.id[0]), m.context) not in used
    ]
    assert not stale, f"stale entries {stale}: run scripts/i18n.sh"


def test_translations_keep_every_placeholder() -> None:
    for m in _catalog():
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        wanted = set().union(*(_FIELD.findall(i) for i in ids))
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for text in strings:
            assert set(_FIELD.findall(text)) <= wanted, (m.id, text)
            assert set(_FIELD.findall(text)) >= wanted - {"n"}, (m.id, text)


@pytest.mark.parametrize(
    ("n", "text"), [(1, "1 maininta"), (2, "2 mainintaa"), (1566, "1\u00a0566 mainintaa")]
)
def test_finnish_plurals_and_grouping(n: int, text: str) -> None:
    fi = translator("fi")
    assert fi.ngettext("{n} mention", "{n} mentions", n).format(n=fi.num(n)) == text


def test_finnish_numbers_dates_and_times() -> None:
    fi = translator("fi")
    at = datetime(2026, 12, 2, 8, 0, tzinfo=UTC).astimezone(translator_tz())
    assert fi.num(1566) == "1\u00a0566" and ENGLISH.num(1566) == "1,566"
    assert fi.pct(0.71) == "71\u00a0%" and fi.pct(0.712, 1) == "71,2\u00a0%"
    assert fi.times(1.64) == "1,6×"
    assert fi.date(date(2026, 12, 1), "month") == "joulukuu 2026"
    assert fi.date(at, "weekday_time") == "ke klo 10.00"
    assert fi.date(date(2026, 12, 2), "day") == "ke 2.12.2026"
    assert fi.clock(8) == "8.00" and ENGLISH.clock(8) == "08:00"
    assert fmt_value(Metric.REACH, 1566.0, fi) == "1\u00a0566"
    assert fmt_gap(Metric.POSITIVE_SHARE, -0.009, fi) == "-0,9 %-yks."


def translator_tz():  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/Helsinki")


@pytest.mark.parametrize(
    ("cadence", "start", "end", "english", "finnish"),
    [
        (Cadence.DAILY, date(2026, 11, 3), date(2026, 11, 4), "Tue 3 Nov", "ti 3.11."),
        (
            Cadence.WEEKLY,
            date(2026, 11, 2),
            date(2026, 11, 9),
            "week 45, 2 Nov",
            "viikko 45, 2.11.",
        ),
        (Cadence.MONTHLY, date(2026, 12, 1), date(2027, 1, 1), "December 2026", "joulukuu 2026"),
        (Cadence.YEARLY, date(2026, 1, 1), date(2027, 1, 1), "fiscal year 2026", "tilikausi 2026"),
    ],
)
def test_period_labels(
    cadence: Cadence, start: date, end: date, english: str, finnish: str
) -> None:
    period = Period(cadence, start, end, datetime(2026, 1, 1, tzinfo=UTC))
    assert period_label(period) == english
    assert period_label(period, translator("fi")) == finnish


def test_a_phrase_is_its_english_and_says_itself_in_finnish() -> None:
    reason = Phrase(N_("bad date {value!r}"), value="eilen")
    line = Phrase(N_("line {line}: {reason}"), line=12, reason=reason)
    assert (
        line == "line 12: bad date 'eilen'"
        and json.dumps([line]) == "[\"line 12: bad date 'eilen'\"]"
    )
    assert line.text(translator("fi")) == "rivi 12: virheellinen päivämäärä 'eilen'"
    copied = pickle.loads(pickle.dumps(line))
    assert copied == line and copied.text(translator("fi")) == line.text(translator("fi"))
    assert said("a file name", translator("fi")) == "a file name"
    problem = Problem(N_("no such file: {path}"), path="x.csv")
    assert str(problem) == "no such file: x.csv" and problem.text(translator("fi")) == (
        "tiedostoa ei ole: x.csv"
    )
    assert Problem(reason).phrase is reason


def test_the_english_detector_finds_english() -> None:
    assert english_in("65 so far; a typical day has 104 by 09:00") != []
    assert english_in("Acknowledge") == ["Acknowledge"]
    assert english_in("65 tähän mennessä; tavallisena päivänä 104 klo 9.00 mennessä") == []
    assert N_("x") == "x" and translator("sv") is ENGLISH
