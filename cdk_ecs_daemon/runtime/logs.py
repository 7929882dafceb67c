"""Structured logs for the handler: one JSON object per line.

The asset ships no logging library (it would weigh down every cold start), so
this is a small formatter on the standard library's logging. Every line carries
the request type, logical id, physical id and request id of the event being
handled. The event itself is logged only when ``LOG_EVENTS`` is ``true``, and
then without its ``ResponseURL`` (a presigned URL that lets anyone answer for
the stack).
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import os
import sys
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

LOG_LEVEL_ENV = "LOG_LEVEL"
LOG_EVENTS_ENV = "LOG_EVENTS"

_EVENT_KEYS = {
    "request_type": "RequestType",
    "logical_id": "LogicalResourceId",
    "physical_id": "PhysicalResourceId",
    "request_id": "RequestId",
}
_context: contextvars.ContextVar[Mapping[str, str] | None] = contextvars.ContextVar(
    "ecs_daemon_handler_log_context", default=None
)

logger = logging.getLogger(__name__)


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON object with the event's identifiers."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(_context.get() or {})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_logging() -> None:
    """Send every record through :class:`JsonFormatter`.

    The Lambda runtime installs its own handler on the root logger; it keeps
    it and only changes the format. Outside Lambda a stdout handler is added.
    """
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.StreamHandler(sys.stdout))
    for handler in root.handlers:
        handler.setFormatter(JsonFormatter())
    root.setLevel(os.environ.get(LOG_LEVEL_ENV, "INFO").upper())
    # botocore logs request bodies at DEBUG; they hold the daemon's settings.
    logging.getLogger("botocore").setLevel(logging.WARNING)


@contextlib.contextmanager
def event_context(event: Mapping[str, Any], entry: str) -> Iterator[None]:
    """Tag every log line inside the block with the event's identifiers."""
    fields = {key: str(event.get(name, "")) for key, name in _EVENT_KEYS.items()}
    fields["entry"] = entry
    token = _context.set(fields)
    try:
        if os.environ.get(LOG_EVENTS_ENV, "").lower() == "true":
            logger.info("event %s", json.dumps(redacted_event(event), default=str))
        yield
    finally:
        _context.reset(token)


def set_physical_id(physical_id: str) -> None:
    """Record a physical id learnt while handling the event (after a create)."""
    _context.set({**(_context.get() or {}), "physical_id": physical_id})


def redacted_event(event: Mapping[str, Any]) -> dict[str, Any]:
    """The event without its ``ResponseURL``."""
    return {k: ("..." if k == "ResponseURL" else v) for k, v in event.items()}
