"""The per-operation call log: which ECS operations were called, in order.

Tests read it to assert what a tool did (no UpdateDaemon for a tag-only change;
exactly one CreateDaemon) and to count calls. Each record keeps the operation,
the identifiers in the request (names, ARNs, client token), and the outcome,
never the rest of the request body.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import asdict, dataclass, field
from typing import Any

ID_MEMBERS = (
    "cluster",
    "clusterArn",
    "clusterName",
    "clusters",
    "name",
    "capacityProvider",
    "capacityProviders",
    "capacityProviderArns",
    "family",
    "daemonTaskDefinition",
    "daemonTaskDefinitionArn",
    "daemonName",
    "daemonArn",
    "daemonRevisionArns",
    "daemonDeploymentArns",
    "resourceArn",
    "tagKeys",
    "clientToken",
)
"""Request members recorded: identifiers only."""

RESULT_MEMBERS = ("daemonArn", "deploymentArn", "daemonTaskDefinitionArn")
"""Top-level output members recorded for a successful call."""


@dataclass(frozen=True)
class CallRecord:
    """One ECS call the endpoint received."""

    operation: str
    """Operation name, e.g. ``CreateDaemon``."""

    request_id: str
    """The x-amzn-RequestId sent back."""

    ids: dict[str, Any]
    """Identifier members of the request (see :data:`ID_MEMBERS`)."""

    status: int | None
    """HTTP status answered; None when the connection was dropped."""

    error_code: str | None = None
    """AWS error code answered, if any."""

    fault: str | None = None
    """Kind of injected fault, if any."""

    result: dict[str, Any] = field(default_factory=dict)
    """Identifier members of a successful answer (see :data:`RESULT_MEMBERS`)."""

    def to_document(self) -> dict[str, Any]:
        """The record as the control API's JSON document."""
        return asdict(self)


def request_ids(params: dict[str, Any]) -> dict[str, Any]:
    """The identifier members of a request."""
    return {name: params[name] for name in ID_MEMBERS if name in params}


def result_ids(output: dict[str, Any]) -> dict[str, Any]:
    """The identifier members of an answer."""
    return {name: output[name] for name in RESULT_MEMBERS if name in output}


class CallLog:
    """A bounded, thread-safe list of :class:`CallRecord`, oldest first.

    :param limit: records kept; the oldest are dropped beyond it
    """

    def __init__(self, limit: int = 10_000) -> None:
        self._lock = threading.Lock()
        self._records: deque[CallRecord] = deque(maxlen=limit)

    def record(self, record: CallRecord) -> None:
        """Append a record."""
        with self._lock:
            self._records.append(record)

    def records(self, operation: str | None = None) -> list[CallRecord]:
        """The records, optionally of one operation only."""
        with self._lock:
            return [r for r in self._records if operation in (None, r.operation)]

    def clear(self) -> None:
        """Forget every record."""
        with self._lock:
            self._records.clear()
