"""Block Kit as readable terminal text, so the demo shows what Slack would show."""

from __future__ import annotations

import html
import re
from typing import Any

_LINK = re.compile(r"<([^|>]+)\|([^>]+)>")
_USER = re.compile(r"<@([A-Z0-9]+)>")


def mrkdwn_to_text(text: str) -> str:
    """Slack mrkdwn as plain text: links as `label (url)`, user ids as @ids, entities decoded."""
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    text = _USER.sub(lambda m: f"@{m.group(1)}", text)
    return html.unescape(text.replace("\u200b", ""))


def _text_of(obj: dict[str, Any] | None) -> str:
    return mrkdwn_to_text(str((obj or {}).get("text", "")))


def _element(el: dict[str, Any]) -> str:
    if el.get("type") in ("button", "static_select", "users_select", "overflow"):
        label = _text_of(el.get("text") or el.get("placeholder"))
        return f"[{label}]"
    return _text_of(el) if "text" in el else ""


def block_lines(block: dict[str, Any]) -> list[str]:
    """One block as lines of text."""
    kind = block.get("type")
    if kind == "header":
        title = _text_of(block.get("text"))
        return [title, "=" * min(len(title), 72)]
    if kind == "divider":
        return ["-" * 40]
    if kind == "section":
        lines = _text_of(block.get("text")).splitlines()
        lines += [_text_of(f) for f in block.get("fields", [])]
        if block.get("accessory"):
            lines[-1:] = [f"{lines[-1] if lines else ''}  {_element(block['accessory'])}"]
        return lines
    if kind == "context":
        return [
            "  "
            + " | ".join(_element(e) for e in block.get("elements", []) if e.get("type") != "image")
        ]
    if kind == "actions":
        return ["  " + " ".join(_element(e) for e in block.get("elements", []))]
    if kind == "image":
        return [f"[image: {block.get('alt_text', '')}]"]
    return []


def render(blocks: list[dict[str, Any]] | None, fallback: str = "") -> str:
    """A whole message as text (the fallback text when it has no blocks)."""
    if not blocks:
        return mrkdwn_to_text(fallback)
    return "\n".join(line for b in blocks for line in block_lines(b))
