"""The App Home tab."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.blocks.checklists.message import text_for
from bot.blocks.common import Block, context, divider, header, progress_bar, section
from bot.domain.checklists.view import ChecklistView
from bot.escape import escape_mrkdwn

GUIDE = (
    "*How Vahti works*\n"
    "• Checklists arrive in your channel: daily at the posting time, weekly on Mondays, "
    "monthly on the "
    "first working day, yearly before the fiscal year ends. Tick items with *Done*; add notes.\n"
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


def home(data: HomeData) -> dict[str, Any]:
    """The Home tab view."""
    blocks: list[Block] = [header("Vahti")]
    view = data.checklist
    if view is None:
        blocks.append(
            section("*Today's checklist*\nNot posted yet today (or today is not a working day).")
        )
    else:
        total = len(view.items)
        status = text_for(view.locale, "progress").format(done=view.done_count, total=total)
        open_titles = ", ".join(escape_mrkdwn(i.item.title) for i in view.open_items()) or "nothing"
        link = f" · <{data.link}|open>" if data.link else ""
        blocks.append(
            section(
                f"*Today's checklist*{link}\n`{progress_bar(view.ratio)}` {status}\n"
                f"Open: {open_titles}"
            )
        )
    blocks.append(
        section("*Open crises*\n" + ("\n".join(data.crises) if data.crises else "None open."))
    )
    blocks.append(
        section("*KPIs today*\n" + ("\n".join(data.kpis) if data.kpis else "No KPI data yet."))
    )
    blocks.extend(
        [divider(), section(GUIDE), context(["Vahti keeps your data in your own database."])]
    )
    return {"type": "home", "blocks": blocks}
