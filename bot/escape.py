"""Escaping of outside text before it reaches Slack mrkdwn.

Slack treats `<...>` as links and mentions (`<!channel>`, `<@U123>`), so mention texts, author
names and notes must have `&`, `<` and `>` escaped, or a post saying `<!channel>` pings everyone.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[*_~`]")


def escape_mrkdwn(text: str) -> str:
    """Escape Slack's three control characters so text shows as written and never pings."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_plain(text: str) -> str:
    """Escape and also neutralise formatting marks (`*bold*`, `_it_`) in quoted outside text."""
    return _CONTROL.sub(lambda m: "\u200b" + m.group(0) + "\u200b", escape_mrkdwn(text))


def truncate(text: str, limit: int, ellipsis: str = "…") -> str:
    """Cut text to at most `limit` characters without splitting an `&amp;`-style entity."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ellipsis)]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + ellipsis


def link(url: str, label: str) -> str:
    """A mrkdwn link whose label is escaped; the URL loses characters that would break out."""
    safe_url = url.replace("<", "%3C").replace(">", "%3E").replace("|", "%7C").replace(" ", "%20")
    return f"<{safe_url}|{escape_mrkdwn(label).replace('|', '¦')}>"
