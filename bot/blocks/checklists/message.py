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
from bot.i18n import Translator, translator
from bot.ids import ActionId, ItemRef

NOTES_SHOWN = 3
NOTE_CHARS = 300


def _t(view: ChecklistView) -> Translator:
    return translator(view.locale)


def _item_blocks(view: ChecklistView, item: ItemView, tz: ZoneInfo) -> list[Block]:
    t = _t(view)
    _ = t.gettext
    mark = "✅" if item.done else "⬜"
    title = escape_mrkdwn(item.item.title)
    body = f"{mark} *~{title}~*" if item.done else f"{mark} *{title}*"
    if item.item.help and not item.done:
        body += f"\n{escape_mrkdwn(item.item.help)}"
    ref = ItemRef(view.run_id, item.item.id).encode()
    toggle = (
        button(_("Undo"), ActionId.CHECKLIST_UNDO, ref)
        if item.done
        else button(_("Done"), ActionId.CHECKLIST_DONE, ref, style="primary")
    )
    blocks = [
        section(body),
        actions(
            [toggle, button(_("Add note"), ActionId.CHECKLIST_NOTE, ref)], f"item:{item.item.id}"
        ),
    ]
    lines: list[str] = []
    if item.done and item.at is not None:
        lines.append(
            _("Done by {user} at {time}").format(
                user=user_ref(item.by), time=t.date(item.at.astimezone(tz), "time")
            )
        )
    lines.extend(item.live)
    hidden = len(item.notes) - NOTES_SHOWN
    if hidden > 0:
        lines.append(t.ngettext("+{n} earlier note", "+{n} earlier notes", hidden).format(n=hidden))
    for note in item.notes[-NOTES_SHOWN:]:
        when = t.date(note.at.astimezone(tz), "note_time")
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
    status = progress_text(view)
    if total and done == total:
        status += " · " + _t(view).gettext("All done. Nice work!")
    blocks: list[Block] = [
        header(view.title),
        context([f"*{escape_mrkdwn(view.period_label)}* · {progress_bar(view.ratio)} {status}"]),
        divider(),
    ]
    for item in view.items:
        blocks.extend(_item_blocks(view, item, tz))
    fallback = (
        _t(view)
        .gettext("{title} ({period}): {done} of {total} done")
        .format(title=view.title, period=view.period_label, done=done, total=total)
    )
    return blocks, escape_mrkdwn(fallback)


def nudge(view: ChecklistView) -> str:
    """The end-of-day thread reply naming the items still open."""
    names = ", ".join(f"*{escape_mrkdwn(i.item.title)}*" for i in view.open_items())
    return _t(view).gettext("Still open at the end of the day: {items}").format(items=names)


def progress_text(view: ChecklistView) -> str:
    """ "3 of 5 done" in the checklist's locale."""
    text = _t(view).gettext("{done} of {total} done")
    return text.format(done=view.done_count, total=len(view.items))


def saved_stale(t: Translator) -> str:
    """What a clicker hears when Slack refused the message update: the tick is saved anyway."""
    return t.gettext(
        "Saved. Slack is not taking updates to the checklist message right now; "
        "it will show your change within a few minutes."
    )
