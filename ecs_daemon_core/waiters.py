"""Waiting for daemon deployments and deletions.

A daemon's own status is ACTIVE the moment CreateDaemon returns, so it says
nothing about the rollout. Create, Update and Delete each return a deployment
ARN, and the wait polls DescribeDaemonDeployments for that ARN until the
deployment reaches a final status. SUCCESSFUL is the only success.

Every wait has a deadline, polls with a capped exponential backoff, and takes
``sleep`` and ``clock`` so that tests run without real time passing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError, ConnectionError, HTTPClientError

from ecs_daemon_core.errors import (
    GONE_ERROR_CODES,
    DeploymentFailedError,
    NotFoundError,
    WaitTimeoutError,
    error_code,
    operation_error,
)

if TYPE_CHECKING:
    from mypy_boto3_ecs.client import ECSClient

logger = logging.getLogger(__name__)

SUCCESS_STATUS = "SUCCESSFUL"
FAILED_STATUSES = frozenset({"STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED"})
FINAL_STATUSES = FAILED_STATUSES | {SUCCESS_STATUS}

# Errors that mean "ask again later", never "failed": botocore has already
# retried them with backoff, and a deadline bounds the wait anyway.
TRANSIENT_ERROR_CODES = frozenset(
    {
        "ThrottlingException",
        "Throttling",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "ServerException",
        "ServiceUnavailable",
        "InternalFailure",
    }
)

# Network failures that outlived botocore's retries (refused or dropped
# connections, timeouts): as passing as throttling.
TRANSIENT_NETWORK_ERRORS = (ConnectionError, HTTPClientError)

DEFAULT_DELAY_SECONDS = 2.0
DEFAULT_MAX_DELAY_SECONDS = 30.0
DEFAULT_DEPLOYMENT_TIMEOUT_SECONDS = 60 * 60.0
DEFAULT_DELETE_TIMEOUT_SECONDS = 30 * 60.0

Sleep = Callable[[float], None]
Clock = Callable[[], float]


@dataclass(frozen=True)
class DeploymentProgress:
    """One observation of a daemon deployment."""

    deployment_arn: str
    """The deployment observed."""
    status: str
    """Its status, such as IN_PROGRESS."""
    status_reason: str = ""
    """Why it is in that status, when AWS says."""
    running: int = 0
    """Instances running the target revision."""
    draining: int = 0
    """Instances being drained for the target revision."""
    without_daemon: int = 0
    """Instances not yet running the target revision."""
    deployment: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """The DescribeDaemonDeployments entry, as returned."""

    @property
    def done(self) -> bool:
        """Whether the deployment reached a final status."""
        return self.status in FINAL_STATUSES

    @property
    def succeeded(self) -> bool:
        """Whether the deployment ended SUCCESSFUL."""
        return self.status == SUCCESS_STATUS

    def failure(self) -> DeploymentFailedError:
        """The error that describes this (failed) deployment."""
        breaker = self.deployment.get("circuitBreaker") or {}
        alarms = self.deployment.get("alarms") or {}
        rollback = self.deployment.get("rollback") or {}
        return DeploymentFailedError(
            deployment_arn=self.deployment_arn,
            status=self.status,
            reason=self.status_reason or rollback.get("reason", ""),
            failure_count=breaker.get("failureCount"),
            threshold=breaker.get("threshold"),
            triggered_alarms=tuple(alarms.get("triggeredAlarmNames") or ()),
            rolled_back_to=rollback.get("rollbackTargetDaemonRevisionArn"),
        )


def describe_deployment(client: ECSClient, deployment_arn: str) -> dict[str, Any]:
    """The DescribeDaemonDeployments entry of one deployment.

    :raises NotFoundError: when AWS reports the deployment missing.
    """
    response = client.describe_daemon_deployments(daemonDeploymentArns=[deployment_arn])
    for deployment in response.get("daemonDeployments", []):
        if deployment.get("daemonDeploymentArn") == deployment_arn:
            return dict(deployment)
    raise NotFoundError("daemon deployment", deployment_arn)


def deployment_progress(client: ECSClient, deployment_arn: str) -> DeploymentProgress:
    """Observe a deployment once.

    :raises NotFoundError: when AWS reports the deployment missing.
    """
    deployment = describe_deployment(client, deployment_arn)
    target = deployment.get("targetDaemonRevision") or {}
    return DeploymentProgress(
        deployment_arn=deployment_arn,
        status=deployment.get("status", "PENDING"),
        status_reason=deployment.get("statusReason", ""),
        running=target.get("totalRunningInstanceCount") or 0,
        draining=target.get("totalDrainingInstanceCount") or 0,
        without_daemon=target.get("totalWithoutDaemonInstanceCount") or 0,
        deployment=deployment,
    )


def check_deployment(client: ECSClient, deployment_arn: str) -> bool:
    """One poll: True once the deployment succeeded, False while it runs.

    Throttling and server errors count as "not yet". This is the shape of
    CloudFormation's ``is_complete`` contract.

    :raises DeploymentFailedError: when the deployment ended without success.
    """
    progress = _observe(client, deployment_arn)
    if progress is None:
        return False
    if progress.done and not progress.succeeded:
        raise progress.failure()
    return progress.succeeded


def wait_deployment_successful(
    client: ECSClient,
    deployment_arn: str,
    *,
    timeout_seconds: float = DEFAULT_DEPLOYMENT_TIMEOUT_SECONDS,
    delay_seconds: float = DEFAULT_DELAY_SECONDS,
    max_delay_seconds: float = DEFAULT_MAX_DELAY_SECONDS,
    on_progress: Callable[[DeploymentProgress], None] | None = None,
    sleep: Sleep = time.sleep,
    clock: Clock = time.monotonic,
) -> DeploymentProgress:
    """Poll until the deployment is SUCCESSFUL.

    ``on_progress`` is called whenever the observed status or counts change.

    :raises DeploymentFailedError: when it ends STOPPED or rolled back, with the
        reason, the circuit breaker's counts and the alarms that fired.
    :raises WaitTimeoutError: when ``timeout_seconds`` pass first.
    """
    last: list[DeploymentProgress] = []

    def finished() -> bool:
        progress = _observe(client, deployment_arn)
        if progress is None:
            return False
        if on_progress is not None and (not last or progress != last[-1]):
            on_progress(progress)
        last[:] = [progress]
        if progress.done and not progress.succeeded:
            raise progress.failure()
        return progress.succeeded

    _poll_until(
        finished,
        what="daemon deployment",
        identifier=deployment_arn,
        status=lambda: last[-1].status if last else "unknown",
        timeout_seconds=timeout_seconds,
        delay_seconds=delay_seconds,
        max_delay_seconds=max_delay_seconds,
        sleep=sleep,
        clock=clock,
    )
    return last[-1]


def daemon_deleted(client: ECSClient, daemon_arn: str) -> bool:
    """One poll: whether the daemon is gone (transient errors count as "not yet")."""
    try:
        client.describe_daemon(daemonArn=daemon_arn)
    except TRANSIENT_NETWORK_ERRORS as exc:
        logger.debug("daemon %s: transient %s", daemon_arn, exc)
        return False
    except ClientError as exc:
        if error_code(exc) in GONE_ERROR_CODES:
            return True
        if _is_transient(exc):
            return False
        raise operation_error("waiting for deletion of", daemon_arn, exc) from exc
    return False


def wait_daemon_deleted(
    client: ECSClient,
    daemon_arn: str,
    *,
    timeout_seconds: float = DEFAULT_DELETE_TIMEOUT_SECONDS,
    delay_seconds: float = DEFAULT_DELAY_SECONDS,
    max_delay_seconds: float = DEFAULT_MAX_DELAY_SECONDS,
    on_progress: Callable[[float], None] | None = None,
    sleep: Sleep = time.sleep,
    clock: Clock = time.monotonic,
) -> None:
    """Poll until DescribeDaemon reports the daemon gone.

    A cluster or capacity provider cannot be deleted while a daemon still uses
    it, so a destroy waits here before it reports the daemon deleted.
    ``on_progress`` is called with the seconds waited so far after each poll
    that found the daemon still there.

    :raises WaitTimeoutError: when ``timeout_seconds`` pass first.
    """
    _poll_until(
        lambda: daemon_deleted(client, daemon_arn),
        what="deletion of daemon",
        identifier=daemon_arn,
        status=lambda: "DELETE_IN_PROGRESS",
        timeout_seconds=timeout_seconds,
        delay_seconds=delay_seconds,
        max_delay_seconds=max_delay_seconds,
        sleep=sleep,
        clock=clock,
        on_pending=on_progress,
    )


def _poll_until(
    finished: Callable[[], bool],
    *,
    what: str,
    identifier: str,
    status: Callable[[], str],
    timeout_seconds: float,
    delay_seconds: float,
    max_delay_seconds: float,
    sleep: Sleep,
    clock: Clock,
    on_pending: Callable[[float], None] | None = None,
) -> None:
    """Call ``finished`` until it says True, backing off up to a deadline.

    The delay doubles from ``delay_seconds`` up to ``max_delay_seconds``. The
    wait gives up before a sleep that would end past ``timeout_seconds``, so it
    never oversleeps its deadline.

    :raises WaitTimeoutError: naming ``what`` and the last ``status``.
    """
    started = clock()
    delay = delay_seconds
    while not finished():
        waited = clock() - started
        if waited + delay > timeout_seconds:
            raise WaitTimeoutError(
                what=what,
                identifier=identifier,
                waited_seconds=waited,
                last_status=status(),
            )
        logger.debug(
            "%s %s is %s; polling again in %.1fs", what, identifier, status(), delay
        )
        if on_pending is not None:
            on_pending(waited)
        sleep(delay)
        delay = min(delay * 2, max_delay_seconds)


def _observe(client: ECSClient, deployment_arn: str) -> DeploymentProgress | None:
    try:
        return deployment_progress(client, deployment_arn)
    except TRANSIENT_NETWORK_ERRORS as exc:
        logger.debug("deployment %s: transient %s", deployment_arn, exc)
        return None
    except ClientError as exc:
        if _is_transient(exc):
            logger.debug("deployment %s: transient %s", deployment_arn, error_code(exc))
            return None
        raise operation_error("waiting for deployment", deployment_arn, exc) from exc


def _is_transient(exc: ClientError) -> bool:
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
    return error_code(exc) in TRANSIENT_ERROR_CODES or status >= 500
