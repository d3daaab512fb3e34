"""The checklist message stays inside Slack's limits and escapes everything from outside."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.blocks.checklists.message import message, nudge
from bot.blocks.checklists.replies import being_posted_reply, not_working_day_reply, posted_reply
from bot.domain.checklists.templates import Item
from bot.domain.checklists.view import ChecklistView, ItemView, NoteView
from bot.escape import escape_mrkdwn, escape_plain, link, truncate
from bot.i18n import translator
from tests.fakes.slack_api import check_blocks

AT = datetime(2026, 11, 3, 7, 30, tzinfo=UTC)


def view(
    items: int = 5, notes: int = 0, note_text: str = "ok", done: bool = False
) -> ChecklistView:
    item_views = tuple(
        ItemView(
            Item(f"item_{n}", f"Item {n} " + "x" * 130, "help " * 200),
            done,
            "U0BOB" if done else None,
            AT if done else None,
            tuple(NoteView("U0AINO", note_text, AT) for _ in range(notes)),
            ("live " * 400,),
        )
        for n in range(items)
    )
    return ChecklistView(
        1, "daily", "Daily " + "y" * 200, "Tue 3 Nov", "en", "Europe/Helsinki", item_views
    )


def test_twelve_long_items_with_many_notes_fit_slacks_limits() -> None:
    blocks, text = message(view(items=12, notes=9, note_text="n" * 2500, done=True))
    assert check_blocks(blocks) is None
    assert len(blocks) <= 50
    assert "12 of 12 done" in text


def test_done_item_shows_person_time_and_undo() -> None:
    blocks, _ = message(view(items=1, done=True))
    flat = str(blocks)
    assert (
        "Done by <@U0BOB> at 09:30" in flat
        and "checklist_undo" in flat
        and "checklist_done" not in flat
    )


def test_notes_beyond_three_are_counted() -> None:
    blocks, _ = message(view(items=1, notes=5))
    assert "+2 earlier notes" in str(blocks)


def test_nudge_names_open_items_escaped() -> None:
    v = ChecklistView(
        1,
        "daily",
        "D",
        "p",
        "en",
        "UTC",
        (ItemView(Item("a", "Reply to <!here> & co"), False, None, None, (), ()),),
    )
    assert nudge(v) == "Still open at the end of the day: *Reply to &lt;!here&gt; &amp; co*"


def test_finnish_progress_line() -> None:
    v = view(items=2)
    fi = ChecklistView(v.run_id, v.cadence, v.title, v.period_label, "fi", v.tz_name, v.items)
    assert "0/2 tehty" in message(fi)[1]


def test_escaping_helpers() -> None:
    assert escape_mrkdwn("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"
    assert "*" in escape_plain("*bold*") and escape_plain("*bold*") != "*bold*"
    assert truncate("a &amp; b", 6) == "a …"
    assert link("https://x.test/a b|c>", "<b>") == "<https://x.test/a%20b%7Cc%3E|&lt;b&gt;>"


def test_checklist_command_replies_name_the_cadence_in_the_locale() -> None:
    assert not_working_day_reply("daily") == (
        "Today is not a working day, so there is no daily checklist for it."
    )
    assert being_posted_reply("weekly").startswith("The weekly checklist is being posted")
    assert posted_reply("monthly", None, existed=True) == (
        "This period's monthly checklist is already posted. It is in the checklist channel."
    )
    fi = translator("fi")
    assert not_working_day_reply("daily", fi) == (
        "Tänään ei ole työpäivä, joten tarkistuslistaa (päivittäinen) ei ole."
    )
    assert being_posted_reply("daily", fi).startswith("Tarkistuslistaa (päivittäinen) julkaistaan")
