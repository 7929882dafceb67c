"""Waits, driven through botocore's Stubber with an injected clock and sleep."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import (
    ClientError,
    ConnectionClosedError,
    EndpointConnectionError,
)
from botocore.stub import Stubber

from ecs_daemon_core import (
    DeploymentFailedError,
    NotFoundError,
    OperationError,
    WaitTimeoutError,
    check_deployment,
    daemon_deleted,
    wait_daemon_deleted,
    wait_deployment_successful,
)

DEPLOYMENT = "arn:aws:ecs:us-east-1:123456789012:daemon-deployment/c/d/1"
DAEMON = "arn:aws:ecs:us-east-1:123456789012:daemon/c/d"


class FakeTime:
    """A clock that moves only when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def client() -> Any:
    return boto3.client(
        "ecs",
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )


@pytest.fixture
def stub(client: Any) -> Iterator[Stubber]:
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def _deployment(status: str, **extra: Any) -> dict[str, Any]:
    body = {"daemonDeploymentArn": DEPLOYMENT, "status": status, **extra}
    return {"daemonDeployments": [body], "failures": []}


def _expect(stub: Stubber, status: str, **extra: Any) -> None:
    stub.add_response(
        "describe_daemon_deployments",
        _deployment(status, **extra),
        {"daemonDeploymentArns": [DEPLOYMENT]},
    )


def test_wait_returns_once_successful_with_capped_backoff(
    client: Any, stub: Stubber
) -> None:
    time = FakeTime()
    for status in ["PENDING", "IN_PROGRESS", "IN_PROGRESS", "IN_PROGRESS"]:
        _expect(stub, status)
    _expect(stub, "SUCCESSFUL")
    seen: list[str] = []

    progress = wait_deployment_successful(
        client,
        DEPLOYMENT,
        delay_seconds=2,
        max_delay_seconds=5,
        on_progress=lambda p: seen.append(p.status),
        sleep=time.sleep,
        clock=time.clock,
    )

    assert progress.succeeded
    assert time.sleeps == [2, 4, 5, 5]
    # Progress is reported on change only.
    assert seen == ["PENDING", "IN_PROGRESS", "SUCCESSFUL"]


@pytest.mark.parametrize(
    "status", ["ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED", "STOPPED"]
)
def test_wait_raises_for_every_final_status_but_success(
    client: Any, stub: Stubber, status: str
) -> None:
    time = FakeTime()
    _expect(
        stub,
        status,
        statusReason="circuit breaker triggered",
        circuitBreaker={"failureCount": 4, "threshold": 3, "status": "TRIGGERED"},
        alarms={"alarmNames": ["a", "b"], "triggeredAlarmNames": ["b"]},
        rollback={"reason": "r", "rollbackTargetDaemonRevisionArn": "arn:rev/1"},
    )

    with pytest.raises(DeploymentFailedError) as caught:
        wait_deployment_successful(
            client, DEPLOYMENT, sleep=time.sleep, clock=time.clock
        )

    error = caught.value
    assert error.status == status
    assert error.reason == "circuit breaker triggered"
    assert (error.failure_count, error.threshold) == (4, 3)
    assert error.triggered_alarms == ("b",)
    assert error.rolled_back_to == "arn:rev/1"


def test_wait_times_out_with_the_last_status(client: Any, stub: Stubber) -> None:
    time = FakeTime()
    for _ in range(4):
        _expect(stub, "IN_PROGRESS")

    with pytest.raises(WaitTimeoutError) as caught:
        wait_deployment_successful(
            client,
            DEPLOYMENT,
            timeout_seconds=20,
            delay_seconds=2,
            max_delay_seconds=8,
            sleep=time.sleep,
            clock=time.clock,
        )

    assert caught.value.last_status == "IN_PROGRESS"
    assert time.now <= 20


def test_wait_treats_throttling_as_not_yet(client: Any, stub: Stubber) -> None:
    time = FakeTime()
    stub.add_client_error(
        "describe_daemon_deployments", "ThrottlingException", http_status_code=400
    )
    stub.add_client_error(
        "describe_daemon_deployments", "ServerException", http_status_code=500
    )
    _expect(stub, "SUCCESSFUL")

    progress = wait_deployment_successful(
        client, DEPLOYMENT, sleep=time.sleep, clock=time.clock
    )

    assert progress.succeeded
    assert len(time.sleeps) == 2


def test_wait_propagates_errors_that_are_not_transient(
    client: Any, stub: Stubber
) -> None:
    stub.add_client_error("describe_daemon_deployments", "AccessDeniedException")

    with pytest.raises(OperationError, match="AccessDeniedException") as caught:
        wait_deployment_successful(client, DEPLOYMENT, sleep=lambda s: None)

    assert isinstance(caught.value.__cause__, ClientError)


def test_missing_deployment_is_not_found(client: Any, stub: Stubber) -> None:
    stub.add_response(
        "describe_daemon_deployments",
        {
            "daemonDeployments": [],
            "failures": [{"arn": DEPLOYMENT, "reason": "MISSING"}],
        },
    )

    with pytest.raises(NotFoundError):
        wait_deployment_successful(client, DEPLOYMENT, sleep=lambda s: None)


def test_check_deployment_polls_once(client: Any, stub: Stubber) -> None:
    _expect(stub, "IN_PROGRESS")
    stub.add_client_error("describe_daemon_deployments", "ThrottlingException")
    _expect(stub, "SUCCESSFUL")
    _expect(stub, "ROLLBACK_SUCCESSFUL", statusReason="bad image")

    assert check_deployment(client, DEPLOYMENT) is False
    assert check_deployment(client, DEPLOYMENT) is False
    assert check_deployment(client, DEPLOYMENT) is True
    with pytest.raises(DeploymentFailedError, match="bad image"):
        check_deployment(client, DEPLOYMENT)


def test_wait_daemon_deleted_polls_until_not_found(client: Any, stub: Stubber) -> None:
    time = FakeTime()
    described = {"daemon": {"daemonArn": DAEMON, "status": "DELETE_IN_PROGRESS"}}
    stub.add_response("describe_daemon", described, {"daemonArn": DAEMON})
    stub.add_client_error("describe_daemon", "ThrottlingException")
    stub.add_client_error("describe_daemon", "DaemonNotFoundException")

    wait_daemon_deleted(client, DAEMON, sleep=time.sleep, clock=time.clock)

    assert len(time.sleeps) == 2


def test_wait_daemon_deleted_times_out(client: Any, stub: Stubber) -> None:
    time = FakeTime()
    described = {"daemon": {"daemonArn": DAEMON, "status": "DELETE_IN_PROGRESS"}}
    for _ in range(3):
        stub.add_response("describe_daemon", described)

    with pytest.raises(WaitTimeoutError, match="deletion of daemon"):
        wait_daemon_deleted(
            client,
            DAEMON,
            timeout_seconds=10,
            delay_seconds=3,
            sleep=time.sleep,
            clock=time.clock,
        )


def test_daemon_whose_cluster_is_gone_counts_as_deleted(
    client: Any, stub: Stubber
) -> None:
    stub.add_client_error("describe_daemon", "ClusterNotFoundException")

    assert daemon_deleted(client, DAEMON)


class FlakyNetworkClient:
    """Fails the first call with a network error, then answers from a list."""

    def __init__(self, answers: list[dict[str, Any]]) -> None:
        self.answers = answers
        self.failed = False

    def _next(self) -> dict[str, Any]:
        if not self.failed:
            self.failed = True
            raise EndpointConnectionError(endpoint_url="http://127.0.0.1:1")
        if len(self.answers) > 1:
            self.answers.pop(0)
            raise ConnectionClosedError(endpoint_url="http://127.0.0.1:1")
        return self.answers.pop(0)

    def describe_daemon_deployments(self, **_: Any) -> dict[str, Any]:
        return self._next()

    def describe_daemon(self, **_: Any) -> dict[str, Any]:
        return self._next()


def test_network_errors_count_as_not_yet_in_single_polls() -> None:
    deployments = FlakyNetworkClient([{}, _deployment("SUCCESSFUL")])
    daemons = FlakyNetworkClient([{"daemon": {"status": "DELETE_IN_PROGRESS"}}])

    assert check_deployment(deployments, DEPLOYMENT) is False  # type: ignore[arg-type]
    assert check_deployment(deployments, DEPLOYMENT) is False  # type: ignore[arg-type]
    assert check_deployment(deployments, DEPLOYMENT) is True  # type: ignore[arg-type]
    assert daemon_deleted(daemons, DAEMON) is False  # type: ignore[arg-type]
    assert daemon_deleted(daemons, DAEMON) is False  # type: ignore[arg-type]


def test_wait_daemon_deleted_reports_progress(client: Any, stub: Stubber) -> None:
    time = FakeTime()
    described = {"daemon": {"daemonArn": DAEMON, "status": "DELETE_IN_PROGRESS"}}
    stub.add_response("describe_daemon", described)
    stub.add_response("describe_daemon", described)
    stub.add_client_error("describe_daemon", "DaemonNotFoundException")
    waited: list[float] = []

    wait_daemon_deleted(
        client,
        DAEMON,
        delay_seconds=1,
        on_progress=waited.append,
        sleep=time.sleep,
        clock=time.clock,
    )

    assert waited == [0.0, 1.0]
