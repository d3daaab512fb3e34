"""Every command speaks the team's language: `locale:` in the configuration, or `--locale`.

Each command runs twice, as a person runs it: in Finnish (no English phrase of the code's messages
left, checked as the Slack texts are) and, by default, in English. What scripts read (CSV,
`--json`) is the same in both.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.schema import head_revision
from tests.i18n_check import english_in

BRAND = "brand: {name: Northwind Coffee, keywords: [northwind]}\n"
MENTIONS = (
    "id,text,created_at,reach\n"
    "1,northwind tastes great,2024-03-05 10:00,5\n"
    "2,,2024-03-05 11:00,1\n"
    "3,lovely morning,yesterday,2\n"
    "4,northwind again,2024-03-05 12:30,lots\n"
)


def configure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locale: str | None) -> Path:
    """A database and a configuration in `locale` (None: the default, English)."""
    config = tmp_path / "vahti.yml"
    lines = f"workspace: T0LOCALE\ntimezone: Europe/Helsinki\n{BRAND}"
    config.write_text(lines + (f"locale: {locale}\n" if locale else ""), encoding="utf-8")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'vahti.db'}")
    monkeypatch.setenv("VAHTI_CONFIG", str(config))
    return config


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def no_english(text: str) -> None:
    assert text.strip() and english_in(text) == [], english_in(text)


def test_ingest_reports_in_the_configured_finnish(tmp_path, monkeypatch, capsys) -> None:
    configure(tmp_path, monkeypatch, "fi")
    (tmp_path / "m.csv").write_text(MENTIONS, encoding="utf-8")
    code, out, err = run(capsys, "ingest", str(tmp_path / "m.csv"))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[:3] == [
        "rivi 3: tyhjä teksti",
        "rivi 4: virheellinen päivämäärä 'yesterday'",
        "rivi 5: reach ei ole luku: 'lots'",
    ]
    assert lines[3].startswith("tietokanta: sqlite:///") and lines[4] == "työtila: T0LOCALE"
    assert lines[5:] == [
        "brändit: Northwind Coffee 1; ei brändiä: 0",
        "aikaväli: 5.3.2024 klo 12.00 – 5.3.2024 klo 12.00 (Europe/Helsinki)",
        "luettu 4, tallennettu 1, kaksoiskappaleita 0, hylätty 3",
    ]
    no_english(out)
    # The same file again, for scripts: JSON keeps its English reasons in every language.
    code, out, _ = run(capsys, "ingest", str(tmp_path / "m.csv"), "--json")
    report = json.loads(out)
    assert code == 0 and report["duplicates"] == 1
    assert report["rejections"][0] == {"line": 3, "reason": "empty text"}


def test_ingest_reports_in_english_by_default_and_locale_overrides(
    tmp_path, monkeypatch, capsys
) -> None:
    configure(tmp_path, monkeypatch, None)
    (tmp_path / "m.csv").write_text(MENTIONS, encoding="utf-8")
    code, out, _ = run(capsys, "ingest", str(tmp_path / "m.csv"))
    assert code == 0
    assert "line 3: empty text" in out and "line 5: reach is not a number: 'lots'" in out
    assert "brands: Northwind Coffee 1; no brand: 0" in out
    assert "time span: 2024-03-05 12:00 – 2024-03-05 12:00 (Europe/Helsinki)" in out
    assert out.endswith("read 4, stored 1, duplicates 0, rejected 3\n")
    code, out, _ = run(capsys, "ingest", str(tmp_path / "m.csv"), "--locale", "fi")
    assert code == 0 and "luettu 4, tallennettu 0, kaksoiskappaleita 1, hylätty 3" in out
    no_english(out)


def test_ingest_errors_and_notes_in_finnish(tmp_path, monkeypatch, capsys) -> None:
    configure(tmp_path, monkeypatch, "fi")
    code, _, err = run(capsys, "ingest", str(tmp_path / "nope.csv"))
    assert code == 2 and err == f"vahti ingest: tiedostoa ei ole: {tmp_path / 'nope.csv'}\n"
    (tmp_path / "notext.csv").write_text("id,when\n1,2024-03-05\n", encoding="utf-8")
    code, _, err = run(capsys, "ingest", str(tmp_path / "notext.csv"))
    assert code == 2 and err.startswith("vahti ingest: ei tekstisaraketta (etsittiin nimillä ")
    no_english(err)
    code, _, err = run(capsys, "ingest", str(tmp_path / "notext.csv"), "--map", "body")
    assert code == 2 and "--map odottaa muotoa FIELD=COLUMN, annettiin 'body'" in err
    latin = "id,text,created_at\n1,northwind café,2024-03-05 10:00\n".encode("cp1252")
    (tmp_path / "latin.csv").write_bytes(latin)
    code, _, err = run(capsys, "ingest", str(tmp_path / "latin.csv"))
    assert code == 0 and err == "huom.: tiedosto ei ole UTF-8:aa; luettiin merkistönä cp1252\n"
    no_english(err)


def test_ingest_without_a_workspace_says_how_to_name_one_in_finnish(
    tmp_path, monkeypatch, capsys
) -> None:
    config = configure(tmp_path, monkeypatch, "fi")
    config.write_text("locale: fi\n", encoding="utf-8")
    (tmp_path / "m.csv").write_text(MENTIONS, encoding="utf-8")
    code, _, err = run(capsys, "ingest", str(tmp_path / "m.csv"))
    assert code == 2 and "ei työtilaa, jonka alle mainitaan tallentaa" in err
    assert "mitään ei tallennettu" in err
    no_english(err)


def test_kpi_figures_import_in_finnish(tmp_path, monkeypatch, capsys) -> None:
    configure(tmp_path, monkeypatch, "fi")
    figures = tmp_path / "kpis.csv"
    figures.write_text(
        "date,metric,value\n2024-03-05,new_followers,12\n2024-03-05,mentions,3\n"
        "2024-03-05,new_followers,\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "ingest", "--kind", "kpis", str(figures))
    assert code == 0
    assert out.splitlines() == [
        "rivi 3: mentions lasketaan maininnoista, eikä sitä voi tuoda",
        "rivi 4: tarvitaan päivämäärä, mittari ja arvo",
        "luettu 3, tallennettu 1, kaksoiskappaleita 0, hylätty 2",
    ]
    (tmp_path / "bad.csv").write_text("metric,amount\n", encoding="utf-8")
    code, _, err = run(capsys, "ingest", "--kind", "kpis", str(tmp_path / "bad.csv"))
    assert code == 2 and "CSV-tiedosto tarvitsee otsikkorivin" in err
    no_english(out + err)


def test_kpi_report_and_its_errors_in_finnish(tmp_path, monkeypatch, capsys) -> None:
    configure(tmp_path, monkeypatch, "fi")
    code, _, err = run(capsys, "kpi", "2024-13-01")
    assert code == 2
    assert err == (
        "vahti kpi: 2024-13-01 ei ole päivämäärä: kirjoita se muodossa VVVV-KK-PP. "
        "Käytä sanaa today, yesterday, week tai month tai päivämäärää VVVV-KK-PP.\n"
    )
    code, _, err = run(capsys, "kpi", "2024-13-01", "--locale", "en")
    assert code == 2 and "Use today, yesterday, week, month or YYYY-MM-DD." in err


def test_export_errors_in_finnish_and_the_csv_unchanged(tmp_path, monkeypatch, capsys) -> None:
    configure(tmp_path, monkeypatch, "fi")
    code, _, err = run(capsys, "export", "kpis", "--since", "2024-03-07", "--until", "2024-03-01")
    assert code == 2
    assert err == "vahti export: --since 2024-03-07 on myöhemmin kuin --until 2024-03-01\n"
    args = ["export", "mentions", "--since", "2024-03-05", "--until", "2024-03-05"]
    finnish = run(capsys, *args)
    english = run(capsys, *args, "--locale", "en")
    assert finnish == english and finnish[1].startswith("id,source,created_at,") and finnish[0] == 0
    (tmp_path / "out").mkdir()
    code, _, err = run(capsys, *args, "--output", str(tmp_path / "out"))
    assert code == 2 and err.startswith(f"vahti export: tiedostoon {tmp_path / 'out'} ei voi")


def test_db_upgrade_in_finnish_and_english(tmp_path, monkeypatch, capsys) -> None:
    configure(tmp_path, monkeypatch, None)
    code, out, _ = run(capsys, "db", "upgrade", "--locale", "fi")
    assert code == 0
    assert out == f"Tyhjä tietokanta päivitettiin skeeman versioon {head_revision()}.\n"
    code, out, _ = run(capsys, "db", "upgrade")
    newest = head_revision()
    assert out == f"Database schema at {newest} (newest {newest}); nothing to do.\n"


def test_detect_warnings_and_errors_in_finnish_the_csv_unchanged(
    tmp_path, monkeypatch, capsys
) -> None:
    configure(tmp_path, monkeypatch, "fi")
    series = tmp_path / "s.csv"
    rows = [f"2024-01-01 {h:02d}:00,{h % 5}" for h in range(24) if h != 7]
    series.write_text("\n".join(["timestamp,value", *rows[::-1], rows[0]]) + "\n")
    code, out, err = run(capsys, "detect", str(series))
    assert code == 0
    assert err.splitlines() == [
        f"vahti detect: {series}: varoitus: rivit eivät olleet aikajärjestyksessä; "
        "ne järjestettiin",
        f"vahti detect: {series}: varoitus: 1 toistuva aikaleima; sen arvot laskettiin yhteen "
        "yhdeksi jaksoksi",
        f"vahti detect: {series}: varoitus: 1 puuttuva jakso jätettiin arvioimatta "
        "(--gaps zero täyttää sen nollalla)",
    ]
    no_english(err)
    code, english, err = run(capsys, "detect", str(series), "--locale", "en")
    assert code == 0 and english == out
    assert "warning: 1 missing bucket left unjudged (--gaps zero fills it with 0)" in err
    (tmp_path / "bad.csv").write_text("timestamp,value\n2024-01-01 00:00,many\n")
    code, _, err = run(capsys, "detect", str(tmp_path / "bad.csv"))
    assert (
        code == 2
        and err == f"vahti detect: {tmp_path / 'bad.csv'}: rivi 2: virheellinen arvo 'many'\n"
    )


def test_score_notes_in_finnish_the_rows_unchanged(tmp_path, monkeypatch, capsys) -> None:
    configure(tmp_path, monkeypatch, "fi")
    text = "Tämä kahvila on aivan ihana, suosittelen kaikille ystävilleni\nwhat a great day\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    code, out, err = run(capsys, "score")
    assert code == 0
    assert err == (
        "vahti score: 1 rivi kielellä, jota Vahti ei pisteytä, kirjoitettu muodossa 0,0,neutral\n"
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    code, english, err = run(capsys, "score", "--locale", "en")
    assert english == out and "1 line in a language Vahti does not score" in err
    code, _, err = run(capsys, "score", "--positive", "0", "--negative", "0.5")
    assert code == 2
    assert err == "vahti score: --negative (0.5) ei saa olla suurempi kuin --positive (0.0)\n"


def test_help_in_the_configured_language_or_the_one_asked_for(
    tmp_path, monkeypatch, capsys
) -> None:
    configure(tmp_path, monkeypatch, "fi")
    with pytest.raises(SystemExit) as done:
        main(["ingest", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert done.value.code == 0
    assert help_text.startswith("käyttö: vahti ingest ")
    assert "valitsimet:" in help_text and "näytä tämä ohje ja lopeta" in help_text
    assert "kentät: id, created_at, text" in help_text  # argparse's %(fields)s, translated around
    assert "lue tiedosto tämän työkalun vientinä (brandwatch, " in help_text
    with pytest.raises(SystemExit):
        main(["--help", "--locale", "en"])
    help_text = capsys.readouterr().out
    assert (
        help_text.startswith("usage: vahti ") and "start the bot (Socket Mode or HTTP)" in help_text
    )


@pytest.mark.parametrize(
    "command",
    [
        ("run",),
        ("demo",),
        ("ingest",),
        ("score",),
        ("detect",),
        ("kpi",),
        ("export",),
        ("db",),
        ("db", "upgrade"),
    ],
)
def test_every_help_page_reads_finnish(command: tuple[str, ...], capsys) -> None:
    with pytest.raises(SystemExit):
        main([*command, "--help", "--locale", "fi"])
    help_text = capsys.readouterr().out
    assert help_text.startswith("käyttö: vahti ") and "näytä tämä ohje ja lopeta" in help_text
    no_english(help_text)
