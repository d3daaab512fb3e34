"""The checklist message: per item a tick, who and when, notes under it; and a progress line."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.blocks.common import (
    Block,
    actions,
    button,
    context,
    divider,
    header,
    progress_bar,
    section,
    user_ref,
)
from bot.domain.checklists.view import ChecklistView, ItemView
from bot.escape import escape_mrkdwn, truncate
from bot.ids import ActionId, ItemRef

NOTES_SHOWN = 3
NOTE_CHARS = 300

TEXT = {
    "en": {
        "progress": "{done} of {total} done",
        "done": "Done",
        "undo": "Undo",
        "note": "Add note",
        "done_by": "Done by {user} at {time}",
        "more_notes": "+{n} earlier notes",
        "all_done": "All done. Nice work!",
        "nudge": "Still open at the end of the day: {items}",
        "fallback": "{title} ({period}): {done} of {total} done",
        "saved_stale": "Saved. Slack is not taking updates to the checklist message right now; "
        "it will show your change within a few minutes.",
    },
    "fi": {
        "progress": "{done}/{total} tehty",
        "done": "Tehty",
        "undo": "Peru",
        "note": "Lisää muistiinpano",
        "done_by": "Tehnyt {user} klo {time}",
        "more_notes": "+{n} aiempaa muistiinpanoa",
        "all_done": "Kaikki tehty. Hienoa!",
        "nudge": "Vielä auki päivän lopussa: {items}",
        "fallback": "{title} ({period}): {done}/{total} tehty",
        "saved_stale": "Tallennettu. Slack ei juuri nyt ota vastaan viestin päivitystä; "
        "muutoksesi näkyy siinä muutaman minuutin kuluessa.",
    },
}


def text_for(locale: str, key: str) -> str:
    """A user-visible string in the team's locale (English when missing)."""
    return TEXT.get(locale, TEXT["en"]).get(key, TEXT["en"][key])


def _item_blocks(view: ChecklistView, item: ItemView, tz: ZoneInfo) -> list[Block]:
    def t(key: str) -> str:
        return text_for(view.locale, key)

    mark = "✅" if item.done else "⬜"
    title = escape_mrkdwn(item.item.title)
    body = f"{mark} *~{title}~*" if item.done else f"{mark} *{title}*"
    if item.item.help and not item.done:
        body += f"\n{escape_mrkdwn(item.item.help)}"
    ref = ItemRef(view.run_id, item.item.id).encode()
    toggle = (
        button(t("undo"), ActionId.CHECKLIST_UNDO, ref)
        if item.done
        else button(t("done"), ActionId.CHECKLIST_DONE, ref, style="primary")
    )
    blocks = [
        section(body),
        actions([toggle, button(t("note"), ActionId.CHECKLIST_NOTE, ref)], f"item:{item.item.id}"),
    ]
    lines: list[str] = []
    if item.done and item.at is not None:
        lines.append(
            t("done_by").format(
                user=user_ref(item.by), time=item.at.astimezone(tz).strftime("%H:%M")
            )
        )
    lines.extend(item.live)
    hidden = len(item.notes) - NOTES_SHOWN
    if hidden > 0:
        lines.append(t("more_notes").format(n=hidden))
    for note in item.notes[-NOTES_SHOWN:]:
        when = note.at.astimezone(tz).strftime("%d.%m. %H:%M")
        lines.append(
            f"📝 {user_ref(note.user_id)} {when}: {truncate(escape_mrkdwn(note.text), NOTE_CHARS)}"
        )
    if lines:
        blocks.append(context(lines))
    return blocks


def message(view: ChecklistView) -> tuple[list[Block], str]:
    """The whole checklist message and its notification text."""
    tz = ZoneInfo(view.tz_name)
    done, total = view.done_count, len(view.items)
    status = text_for(view.locale, "progress").format(done=done, total=total)
    if total and done == total:
        status += " · " + text_for(view.locale, "all_done")
    blocks: list[Block] = [
        header(view.title),
        context([f"*{escape_mrkdwn(view.period_label)}* · {progress_bar(view.ratio)} {status}"]),
        divider(),
    ]
    for item in view.items:
        blocks.extend(_item_blocks(view, item, tz))
    fallback = text_for(view.locale, "fallback").format(
        title=view.title, period=view.period_label, done=done, total=total
    )
    return blocks, escape_mrkdwn(fallback)


def nudge(view: ChecklistView) -> str:
    """The end-of-day thread reply naming the items still open."""
    names = ", ".join(f"*{escape_mrkdwn(i.item.title)}*" for i in view.open_items())
    return text_for(view.locale, "nudge").format(items=names)
