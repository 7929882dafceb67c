from __future__ import annotations

import pickle

import pytest

from ecs_daemon_core import (
    DaemonError,
    DeploymentFailedError,
    NotFoundError,
    OperationError,
    Problem,
    ValidationError,
    WaitTimeoutError,
)

ERRORS = [
    ValidationError([Problem("daemonName", "is required")]),
    NotFoundError("daemon", "arn:aws:ecs:us-east-1:123456789012:daemon/c/d"),
    OperationError(
        action="creating",
        identifier="c/d",
        code="InvalidParameterException",
        message="bad",
        request_id="r-1",
    ),
    DeploymentFailedError(
        deployment_arn="arn:dep",
        status="ROLLBACK_SUCCESSFUL",
        reason="tasks failed to start",
        failure_count=3,
        threshold=3,
        triggered_alarms=("cpu-high",),
        rolled_back_to="arn:rev",
    ),
    WaitTimeoutError(
        what="daemon deployment",
        identifier="arn:dep",
        waited_seconds=3300.0,
        last_status="IN_PROGRESS",
    ),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
def test_errors_survive_pickling_with_message_and_fields(error: DaemonError) -> None:
    copy = pickle.loads(pickle.dumps(error))

    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.kwargs == error.kwargs
    assert isinstance(copy, DaemonError)


def test_deployment_failure_names_reason_breaker_and_alarms() -> None:
    message = str(ERRORS[3])

    assert "ROLLBACK_SUCCESSFUL" in message
    assert "tasks failed to start" in message
    assert "3 failed tasks (threshold 3)" in message
    assert "cpu-high" in message


def test_deployment_failure_without_reason_says_so() -> None:
    error = DeploymentFailedError(deployment_arn="arn:dep", status="STOPPED", reason="")

    assert str(error) == "daemon deployment arn:dep ended STOPPED: no reason given"


def test_operation_error_reads_verb_resource_id_cause() -> None:
    assert str(ERRORS[2]) == (
        "creating ECS daemon (c/d): InvalidParameterException: bad (request id r-1)"
    )


def test_validation_error_lists_every_problem() -> None:
    error = ValidationError([Problem("a", "one"), Problem("b", "two")])

    assert str(error) == "invalid daemon configuration:\n  - a: one\n  - b: two"


def test_timeout_says_the_operation_continues() -> None:
    assert "continues in AWS" in str(ERRORS[4])
