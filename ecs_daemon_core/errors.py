"""The core's error hierarchy.

Every error carries the fields its message is built from, so callers can act on
them without parsing text, and every error survives pickling (Pulumi's provider
process and Lambda both move exceptions across process boundaries).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from botocore.exceptions import ClientError

    from ecs_daemon_core.validation import Problem


# Codes that mean the daemon no longer exists: it, or its whole cluster, is gone.
GONE_ERROR_CODES = frozenset({"DaemonNotFoundException", "ClusterNotFoundException"})


class DaemonError(Exception):
    """Base class of every error raised by the core."""

    fmt: ClassVar[str] = "an ECS daemon operation failed"

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs
        for name, value in kwargs.items():
            setattr(self, name, value)
        super().__init__(self.fmt.format(**kwargs))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.kwargs))


def _rebuild(cls: type[DaemonError], kwargs: dict[str, Any]) -> DaemonError:
    return cls(**kwargs)


class ValidationError(DaemonError):
    """The desired daemon breaks one or more rules; nothing was sent to AWS."""

    fmt = "invalid daemon configuration:\n{details}"

    problems: Sequence[Problem]

    def __init__(self, problems: Sequence[Problem]) -> None:
        details = "\n".join(f"  - {problem}" for problem in problems)
        DaemonError.__init__(self, problems=tuple(problems), details=details)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.problems,))


class NotFoundError(DaemonError):
    """The daemon (or deployment) does not exist."""

    fmt = "{resource} {identifier} not found"

    resource: str
    identifier: str

    def __init__(self, resource: str, identifier: str) -> None:
        DaemonError.__init__(self, resource=resource, identifier=identifier)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.resource, self.identifier))


class OperationError(DaemonError):
    """An API call failed; the botocore error is kept as ``__cause__``."""

    fmt = (
        "{action} ECS daemon ({identifier}): {code}: {message}"
        " (request id {request_id})"
    )

    action: str
    identifier: str
    code: str
    message: str
    request_id: str


class DeploymentFailedError(DaemonError):
    """A daemon deployment ended in a state other than SUCCESSFUL."""

    fmt = (
        "daemon deployment {deployment_arn} ended {status}: {reason}"
        "{circuit_breaker}{alarms}"
    )

    deployment_arn: str
    status: str
    reason: str
    failure_count: int | None
    threshold: int | None
    triggered_alarms: tuple[str, ...]
    rolled_back_to: str | None

    def __init__(
        self,
        deployment_arn: str,
        status: str,
        reason: str,
        failure_count: int | None = None,
        threshold: int | None = None,
        triggered_alarms: Sequence[str] = (),
        rolled_back_to: str | None = None,
    ) -> None:
        breaker = ""
        if failure_count is not None or threshold is not None:
            breaker = (
                f"; circuit breaker: {failure_count} failed tasks"
                f" (threshold {threshold})"
            )
        alarms = ""
        if triggered_alarms:
            alarms = "; alarms in ALARM: " + ", ".join(triggered_alarms)
        DaemonError.__init__(
            self,
            deployment_arn=deployment_arn,
            status=status,
            reason=reason or "no reason given",
            failure_count=failure_count,
            threshold=threshold,
            triggered_alarms=tuple(triggered_alarms),
            rolled_back_to=rolled_back_to,
            circuit_breaker=breaker,
            alarms=alarms,
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            type(self),
            (
                self.deployment_arn,
                self.status,
                self.reason,
                self.failure_count,
                self.threshold,
                self.triggered_alarms,
                self.rolled_back_to,
            ),
        )


class WaitTimeoutError(DaemonError):
    """A wait gave up before the daemon reached the state it waited for."""

    fmt = (
        "gave up waiting after {waited_seconds:.0f}s for {what} {identifier}"
        " (last status: {last_status}); the operation continues in AWS"
    )

    what: str
    identifier: str
    waited_seconds: float
    last_status: str


def error_code(exc: ClientError) -> str:
    """The AWS error code of a botocore error."""
    return str(exc.response.get("Error", {}).get("Code", ""))


def operation_error(action: str, identifier: str, exc: ClientError) -> OperationError:
    """Wrap a botocore error, keeping its code, message and request id.

    Raise the result ``from exc`` so the botocore error stays the cause.
    """
    error = exc.response.get("Error", {})
    return OperationError(
        action=action,
        identifier=identifier,
        code=error.get("Code", "Unknown"),
        message=error.get("Message", str(exc)),
        request_id=exc.response.get("ResponseMetadata", {}).get("RequestId", "none"),
    )
