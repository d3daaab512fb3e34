"""A Slack message posted by a listening tool (Brand24, Mention, Talkwalker...) read as a mention.

Slack escapes `&`, `<` and `>` and wraps links and references in angle brackets (`<url|label>`,
`<@U123>`, `<#C123|name>`, `<!here>`); stored mentions are plain text, so that escaping is
undone. Tools often put the post in an attachment (title, text, author, a footer naming the
network); those parts are read too. The network comes from the post's link or from the tool's
own labels; the message's channel and `ts` are its id, so an Events API retry finds it stored.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from bot.domain.mentions.extract import NETWORKS, links, network_of

ACCEPTED_SUBTYPES = frozenset({None, "bot_message", "file_share", "thread_broadcast"})
_ANGLED = re.compile(r"<([^<>]*)>")
_NETWORK_WORD = re.compile(
    r"\b(" + "|".join(sorted(set(NETWORKS.values()) | {"x"}, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_TOOL_FIELDS = ("service_name", "footer", "author_name", "pretext", "title")


def _plain(reference: re.Match[str]) -> str:
    inner = reference.group(1)
    target, _, label = inner.partition("|")
    if target.startswith("@"):  # user: <@U123> or <@U123|name>
        return "@" + (label or target[1:])
    if target.startswith("#"):  # channel: <#C123|general>
        return "#" + (label or target[1:])
    if target.startswith("!"):  # <!here>, <!subteam^S1|@team>, <!date^...|fallback>
        return label or "@" + target[1:].split("^")[0]
    if target.startswith("mailto:"):
        return label or target[len("mailto:") :]
    if not label or label in target:
        return target  # Slack shows the address itself: keep the full URL
    return f"{label} ({target})"


def unescape_slack(text: str) -> str:
    """Slack's message markup as plain text: references resolved, `&amp;` etc. undone."""
    return html.unescape(_ANGLED.sub(_plain, text)) if text else ""


def _attachment_parts(attachments: list[Mapping[str, Any]]) -> tuple[list[str], list[str], str]:
    texts: list[str] = []
    urls: list[str] = []
    author = ""
    for attachment in attachments:
        texts += [str(attachment[k]) for k in ("title", "text") if attachment.get(k)]
        urls += [
            str(attachment[k])
            for k in ("title_link", "from_url", "author_link")
            if attachment.get(k)
        ]
        author = author or str(attachment.get("author_name") or "")
    return texts, urls, author


def _network(url: str | None, attachments: list[Mapping[str, Any]]) -> str:
    found = network_of(url)
    if found and found != "news":
        return found
    labels = " ".join(str(a.get(k) or "") for a in attachments for k in _TOOL_FIELDS)
    named = _NETWORK_WORD.search(labels)
    if named:
        word = named.group(1).lower()
        return "twitter" if word == "x" else word
    return found or "slack"


def message_values(event: Mapping[str, Any]) -> dict[str, object] | None:
    """The mention fields of a feed-channel message, or None for edits, deletions and joins."""
    if event.get("subtype") not in ACCEPTED_SUBTYPES or not event.get("ts"):
        return None
    attachments = [a for a in event.get("attachments") or [] if isinstance(a, Mapping)]
    extra_texts, extra_urls, author = _attachment_parts(attachments)
    text = "\n".join(unescape_slack(part) for part in [str(event.get("text") or ""), *extra_texts])
    found = [*links(text), *extra_urls]
    url = found[0] if found else None
    return {
        "id": f"{event.get('channel', '')}:{event['ts']}",
        "created_at": str(event["ts"]),
        "text": text.strip(),
        "url": url,
        "author": unescape_slack(author),
        "source": _network(url, attachments),
    }
