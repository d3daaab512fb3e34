"""Structured (JSON lines) logging, with secrets and request bodies kept out of every record.

Bolt logs the whole body of a request that fails its signature check (with the `response_url`
inside it); `withhold_request_bodies` cuts that record down to its first words. Every message is
also capped at `MAX_MESSAGE_CHARS`, so no input can make a log line large.
"""

from __future__ import annotations

import json
import logging
import re
import sys

_SECRET = re.compile(r"xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|Bearer\s+\S+")
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}
MAX_MESSAGE_CHARS = 2000
# Bolt's loggers whose messages carry a request body after these words.
_BODY_LOGGERS = {"slack_bolt.RequestVerification": "Invalid request signature detected"}


def redact(text: str) -> str:
    """Replace Slack tokens and bearer credentials with a marker."""
    return _SECRET.sub("[redacted]", text)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the record's extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": _capped(record.getMessage()),
        }
        data.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return redact(json.dumps(data, default=str))


def _capped(message: str) -> str:
    if len(message) <= MAX_MESSAGE_CHARS:
        return message
    return f"{message[:MAX_MESSAGE_CHARS]}… ({len(message)} characters)"


class WithholdBody(logging.Filter):
    """Keeps only the words before the request body in a record of a logger that logs one."""

    def __init__(self, kept: str) -> None:
        super().__init__()
        self.kept = kept

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = f"{self.kept} (request body withheld)", None
        return True


def withhold_request_bodies() -> None:
    """Attach `WithholdBody` to bolt's loggers that log bodies (once, however often called)."""
    for name, kept in _BODY_LOGGERS.items():
        logger = logging.getLogger(name)
        if not any(isinstance(f, WithholdBody) for f in logger.filters):
            logger.addFilter(WithholdBody(kept))


def configure_logging(level: int = logging.INFO) -> None:
    """Send JSON log lines to stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    logging.basicConfig(level=level, handlers=[handler], force=True)
    withhold_request_bodies()
