"""Injected faults reach boto3 as AWS faults would, and standard retries handle them."""

from __future__ import annotations

import contextlib

import pytest
from botocore.exceptions import ClientError, ConnectionClosedError

from ecs_daemon_local.testing import DaemonSetup, LocalEcs
from tests.local.conftest import MakeDaemon

pytestmark = pytest.mark.usefixtures("no_backoff")


@pytest.mark.parametrize(
    ("kind", "code", "status"),
    [
        ("throttling", "ThrottlingException", 400),
        ("server", "ServerException", 500),
        ("unavailable", "ServiceUnavailableException", 503),
    ],
)
def test_error_faults_are_retried_then_surface(
    ecs_local: LocalEcs, kind: str, code: str, status: int
) -> None:
    ecs_local.control.inject_faults(rate=1.0, kinds=[kind])

    with pytest.raises(ClientError) as caught:
        ecs_local.ecs.list_clusters()

    error = caught.value.response
    assert error["Error"]["Code"] == code
    assert error["ResponseMetadata"]["HTTPStatusCode"] == status
    assert error["ResponseMetadata"]["RetryAttempts"] == 2
    calls = ecs_local.control.calls("ListClusters")
    assert [(c["fault"], c["status"], c["error_code"]) for c in calls] == [
        (kind, status, code)
    ] * 3


def test_dropped_connection_is_retried_then_surfaces(ecs_local: LocalEcs) -> None:
    ecs_local.control.inject_faults(rate=1.0, kinds=["drop"])

    with pytest.raises(ConnectionClosedError):
        ecs_local.ecs.list_clusters()

    calls = ecs_local.control.calls()
    assert [(c["operation"], c["fault"], c["status"]) for c in calls] == [
        ("ListClusters", "drop", None)
    ] * 3


@pytest.mark.parametrize("kind", ["throttling", "server", "unavailable", "drop"])
def test_a_limited_fault_is_absorbed_by_retries(ecs_local: LocalEcs, kind: str) -> None:
    ecs_local.control.inject_faults(rate=1.0, kinds=[kind], limit=2)

    response = ecs_local.ecs.list_clusters()

    assert response["ResponseMetadata"]["RetryAttempts"] == 2
    assert ecs_local.control.faults()["injected"] == 2
    assert [c["fault"] for c in ecs_local.control.calls()] == [kind, kind, None]


def test_faults_can_target_one_operation(ecs_local: LocalEcs) -> None:
    ecs = ecs_local.client(max_attempts=1)
    ecs_local.control.inject_faults(
        rate=1.0, kinds=["server"], operations=["ListClusters"]
    )

    ecs.describe_clusters(clusters=["default"])
    with pytest.raises(ecs.exceptions.ServerException):
        ecs.list_clusters()

    ecs_local.control.clear_faults()
    ecs.list_clusters()


def test_seeded_faults_repeat_exactly(ecs_local: LocalEcs) -> None:
    ecs = ecs_local.client(max_attempts=1)

    def outcomes() -> list[str]:
        ecs_local.control.clear_calls()
        ecs_local.control.inject_faults(
            rate=0.5, kinds=["throttling", "server"], seed=7
        )
        for _ in range(20):
            with contextlib.suppress(ClientError):
                ecs.list_clusters()
        return [str(c["fault"]) for c in ecs_local.control.calls()]

    first, second = outcomes(), outcomes()

    assert first == second
    assert {"throttling", "server", "None"} == set(first)


def test_answer_lost_after_create_is_safe_with_a_client_token(
    ecs_local: LocalEcs, setup: DaemonSetup, make_daemon: MakeDaemon
) -> None:
    # GIVEN the first CreateDaemon takes effect but its answer never arrives
    ecs_local.control.inject_faults(
        kinds=["drop"], operations=["CreateDaemon"], limit=1, phase="after"
    )

    # WHEN boto3 retries it with the same client token
    created = make_daemon(clientToken="create-agent-1")

    # THEN one daemon exists and the retry answered with it
    calls = ecs_local.control.calls("CreateDaemon")
    assert [c["fault"] for c in calls] == ["drop", None]
    assert calls[1]["result"]["daemonArn"] == created["daemonArn"]
    listed = ecs_local.ecs.list_daemons(clusterArn=setup.cluster_arn)
    assert len(listed["daemonSummariesList"]) == 1


def test_answer_lost_after_create_without_a_token_makes_the_retry_fail(
    ecs_local: LocalEcs, make_daemon: MakeDaemon
) -> None:
    ecs_local.control.inject_faults(
        kinds=["drop"], operations=["CreateDaemon"], limit=1, phase="after"
    )

    with pytest.raises(ecs_local.ecs.exceptions.InvalidParameterException):
        make_daemon()


def test_invalid_fault_settings_are_refused(ecs_local: LocalEcs) -> None:
    from ecs_daemon_local.control import LocalControlError

    with pytest.raises(LocalControlError) as caught:
        ecs_local.control.inject_faults(rate=2.0)
    assert caught.value.status == 400
    with pytest.raises(LocalControlError):
        ecs_local.control.inject_faults(kinds=["teapot"])


def test_rate_limit_throttles_beyond_a_fixed_rate(ecs_local: LocalEcs) -> None:
    ecs = ecs_local.client(max_attempts=1)
    ecs_local.control.rate_limit(requests_per_second=0.001, burst=3)

    for _ in range(3):
        ecs.list_clusters()
    with pytest.raises(ClientError) as caught:
        ecs.list_clusters()

    assert caught.value.response["Error"]["Code"] == "ThrottlingException"
    assert ecs_local.control.rate_limit_status()["throttled"] == 1
    assert ecs_local.control.calls()[-1]["fault"] == "rate-limit"
    ecs_local.control.clear_rate_limit()
    ecs.list_clusters()


def test_rate_limit_refills_over_real_time() -> None:
    from ecs_daemon_local.faults import RateLimiter, RateLimitPlan

    now = [0.0]
    limiter = RateLimiter(monotonic=lambda: now[0])
    limiter.configure(RateLimitPlan(requests_per_second=2, burst=1))

    assert limiter.allow("ListClusters")
    assert not limiter.allow("ListClusters")
    now[0] += 0.5
    assert limiter.allow("ListClusters")
    assert not limiter.allow("ListClusters")
