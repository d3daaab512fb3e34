"""The App Home tab."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class HomeData:
    checklist: ChecklistView | None
    link: str | None
    crises: list[str]
    kpis: list[str]


def home(data: HomeData, t: Translator = ENGLISH) -> dict[str, Any]:
    """The Home tab view."""
    _ = t.gettext
    blocks: list[Block] = [header("Vahti")]
    view = data.checklist
    today = _("*Today's checklist*")
    if view is None:
        blocks.append(
            section(today + "\n" + _("Not posted yet today (or today is not a working day)."))
        )
    else:
        status = progress_text(view)
        open_titles = ", ".join(escape_mrkdwn(i.item.title) for i in view.open_items())
        link = f" · <{data.link}|{t.pgettext('link', 'open')}>" if data.link else ""
        blocks.append(
            section(
                f"{today}{link}\n`{progress_bar(view.ratio)}` "
                f"{status}\n" + _("Open: {items}").format(items=open_titles or _("nothing"))
            )
        )
    crises = "\n".join(data.crises) if data.crises else _("None open.")
    blocks.append(section(_("*Open crises*") + "\n" + crises))
    kpis = "\n".join(data.kpis) if data.kpis else _("No KPI data yet.")
    blocks.append(section(_("*KPIs today*") + "\n" + kpis))
    blocks.extend(
        [
            divider(),
            section(_(GUIDE)),
            context([_("Vahti keeps your data in your own database.")]),
        ]
    )
    return {"type": "home", "blocks": blocks}
