"""The App Home tab."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.blocks.checklists.message import progress_text
from bot.blocks.common import Block, context, divider, header, progress_bar, section
from bot.domain.checklists.view import ChecklistView
from bot.escape import escape_mrkdwn
from bot.i18n import ENGLISH, N_, Translator

GUIDE = N_(
    "*How Vahti works*\n"
    "• Checklists arrive in your channel: daily at the posting time, weekly on Mondays, "
    "monthly on the first working day, yearly before the fiscal year ends. "
    "Tick items with *Done*; add notes.\n"
    "• `/checklist daily|weekly|monthly|yearly|history` · `/kpi today` · `/crisis status` · "
    "`/pulse advocates`\n"
    "• Crisis alerts come to the alert channel with buttons to acknowledge, own and resolve them."
)


def home(
    checklist: ChecklistView | None,
    link: str | None,
    crises: Sequence[str],
    kpis: Sequence[str],
    t: Translator = ENGLISH,
) -> dict[str, Any]:
    """The Home tab view: today's checklist (None when not posted) with its link, the open
    crises' and today's KPI lines (escaped mrkdwn), the guide."""
    _ = t.gettext
    blocks: list[Block] = [header("Vahti")]
    view = checklist
    today = _("*Today's checklist*")
    if view is None:
        blocks.append(
            section(today + "\n" + _("Not posted yet today (or today is not a working day)."))
        )
    else:
        status = progress_text(view)
        open_titles = ", ".join(escape_mrkdwn(i.item.title) for i in view.open_items())
        opens = f" · <{link}|{t.pgettext('link', 'open')}>" if link else ""
        blocks.append(
            section(
                f"{today}{opens}\n`{progress_bar(view.ratio)}` "
                f"{status}\n" + _("Open: {items}").format(items=open_titles or _("nothing"))
            )
        )
    crisis_text = "\n".join(crises) if crises else _("None open.")
    blocks.append(section(_("*Open crises*") + "\n" + crisis_text))
    kpi_text = "\n".join(kpis) if kpis else _("No KPI data yet.")
    blocks.append(section(_("*KPIs today*") + "\n" + kpi_text))
    blocks.extend(
        [
            divider(),
            section(_(GUIDE)),
            context([_("Vahti keeps your data in your own database.")]),
        ]
    )
    return {"type": "home", "blocks": blocks}
