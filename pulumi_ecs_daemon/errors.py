"""Errors the provider raises when a lifecycle step fails.

The engine shows the message of whatever a provider method raises, so each
message says what happened to the daemon and what the user can do next. The
errors extend the core's hierarchy and survive pickling like the core's.
"""

from __future__ import annotations

from ecs_daemon_core import DaemonError


class _OperationFailedError(DaemonError):
    """An operation failed; the message says what became of the daemon."""

    daemon_arn: str
    cause: str
    outcome: str

    def __init__(self, daemon_arn: str, cause: str, outcome: str) -> None:
        DaemonError.__init__(self, daemon_arn=daemon_arn, cause=cause, outcome=outcome)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.daemon_arn, self.cause, self.outcome))


class CreateFailedError(_OperationFailedError):
    """A create failed after CreateDaemon had made the daemon."""

    fmt = "creating daemon {daemon_arn}: {cause}; {outcome}"


class UpdateFailedError(_OperationFailedError):
    """An update's deployment did not succeed."""

    fmt = "updating daemon {daemon_arn}: {cause}; {outcome}"


class NameTakenError(DaemonError):
    """CreateDaemon was refused because the name is in use in the cluster."""

    fmt = (
        "creating daemon {daemon_name} in cluster {cluster}: a daemon of that name"
        " already exists ({daemon_arn}); set adopt_existing=True or"
        " import_daemon_arn to manage it with this resource, or choose another"
        " daemon_name"
    )

    daemon_name: str
    cluster: str
    daemon_arn: str

    def __init__(self, daemon_name: str, cluster: str, daemon_arn: str) -> None:
        DaemonError.__init__(
            self, daemon_name=daemon_name, cluster=cluster, daemon_arn=daemon_arn
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.daemon_name, self.cluster, self.daemon_arn))


class ImportNotFoundError(DaemonError):
    """The daemon to adopt does not exist."""

    fmt = (
        "adopting daemon {daemon_arn}: it does not exist; remove import_daemon_arn"
        " to create a new daemon instead"
    )

    daemon_arn: str

    def __init__(self, daemon_arn: str) -> None:
        DaemonError.__init__(self, daemon_arn=daemon_arn)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.daemon_arn,))


class RegionMissingError(DaemonError):
    """No source names the AWS region to create the daemon in."""

    fmt = (
        "creating daemon: no AWS region is set; set the region input, run"
        " `pulumi config set aws:region <region>`, or set AWS_REGION"
    )

    def __init__(self) -> None:
        DaemonError.__init__(self)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), ())
