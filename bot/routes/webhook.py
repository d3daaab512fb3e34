"""What every JSON webhook of Vahti does before its own work: token, size, encoding, parsing.

An endpoint is off (404) until `VAHTI_INGEST_TOKEN` is set; the bearer token is compared in
constant time. A body over the limit is refused before it is read (413), and a body that is not
JSON is refused whole (400, with the line and column), so a sender fixes its payload rather than
guessing what was kept.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.deps import Deps

if TYPE_CHECKING:  # Flask is imported where a request is served (see `bot.routes`)
    from flask import Response

Refusal = tuple["Response", int]
_READ_CHUNK = 1 << 16


class MalformedBody(ValueError):
    """The body is not a JSON array or JSON lines; says where parsing stopped."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line, self.column = line, column


def loads(text: str, line: int = 1) -> object:
    """One JSON value; MalformedBody says where it is wrong, nested too deeply or too long."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedBody(exc.msg, line - 1 + exc.lineno, exc.colno) from None
    except RecursionError:
        raise MalformedBody("nested too deeply", line, 1) from None
    except ValueError as exc:  # an integer of over 4,300 digits
        raise MalformedBody(str(exc).split(";")[0], line, 1) from None


def parse_items(body: str) -> list[object]:
    """The items of a JSON array, or one item per non-empty line of JSON lines."""
    stripped = body.lstrip()
    offset_lines = body[: len(body) - len(stripped)].count("\n")
    if stripped.startswith("["):
        items = loads(body)
        if isinstance(items, list):
            return items
    if not stripped.startswith("{"):
        raise MalformedBody("expected a JSON array or JSON lines", offset_lines + 1, 1)
    return [loads(line, number) for number, line in enumerate(body.split("\n"), 1) if line.strip()]


def error(status: int, message: str, **extra: Any) -> Refusal:
    """A JSON error answer."""
    from flask import jsonify

    return jsonify({"error": message, **extra}), status


def _authorised(expected: str) -> bool:
    from flask import request

    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), expected.encode()
    )


def read_body(limit: int) -> bytes | None:
    """The body, or None when it is over `limit` bytes (declared or actually sent)."""
    from flask import request

    if (request.content_length or 0) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    while size <= limit:  # a chunked stream may return less than asked: read until its end
        chunk = request.stream.read(min(_READ_CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return None if size > limit else b"".join(chunks)


def receive_items(
    deps: Deps, limit: int, parse: Callable[[str], list[object]] = parse_items
) -> list[object] | Refusal:
    """The request's JSON items, or the answer that refuses the request."""
    token = deps.settings.vahti_ingest_token
    if token is None or not token.get_secret_value():
        return error(404, "not found")
    if not _authorised(token.get_secret_value()):
        return error(401, "a valid bearer token is required")
    body = read_body(limit)
    if body is None:
        return error(413, f"body over {limit} bytes")
    try:
        return parse(body.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return error(400, "the body is not UTF-8", byte=exc.start)
    except MalformedBody as exc:
        return error(400, f"malformed JSON: {exc}", line=exc.line, column=exc.column)
