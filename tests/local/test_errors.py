"""Each modeled error reaches boto3 as its modeled exception, over real HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from ecs_daemon_local.testing import DaemonSetup, LocalEcs
from tests.local.conftest import MakeDaemon

MISSING_DAEMON = "arn:aws:ecs:us-east-1:000000000000:daemon/{cluster}/missing"


def _cluster_name(setup: DaemonSetup) -> str:
    return setup.cluster_arn.rsplit("/", 1)[1]


def test_cluster_not_found(ecs_local: LocalEcs, make_daemon: MakeDaemon) -> None:
    ecs = ecs_local.ecs

    with pytest.raises(ecs.exceptions.ClusterNotFoundException):
        make_daemon(clusterArn="arn:aws:ecs:us-east-1:000000000000:cluster/nope")
    with pytest.raises(ecs.exceptions.ClusterNotFoundException):
        ecs.describe_daemon(daemonArn=MISSING_DAEMON.format(cluster="nope"))


def test_daemon_not_found(ecs_local: LocalEcs, setup: DaemonSetup) -> None:
    ecs = ecs_local.ecs
    arn = MISSING_DAEMON.format(cluster=_cluster_name(setup))

    with pytest.raises(ecs.exceptions.DaemonNotFoundException):
        ecs.describe_daemon(daemonArn=arn)
    with pytest.raises(ecs.exceptions.DaemonNotFoundException):
        ecs.delete_daemon(daemonArn=arn)
    with pytest.raises(ecs.exceptions.DaemonNotFoundException):
        ecs.update_daemon(
            daemonArn=arn,
            daemonTaskDefinitionArn=setup.task_definition_arn,
            capacityProviderArns=list(setup.capacity_provider_arns),
        )


def test_daemon_not_active_while_deleting(
    ecs_local: LocalEcs, setup: DaemonSetup, make_daemon: MakeDaemon
) -> None:
    ecs = ecs_local.ecs
    arn = make_daemon()["daemonArn"]
    ecs.delete_daemon(daemonArn=arn)

    with pytest.raises(ecs.exceptions.DaemonNotActiveException) as caught:
        ecs.update_daemon(
            daemonArn=arn,
            daemonTaskDefinitionArn=setup.task_definition_arn,
            capacityProviderArns=list(setup.capacity_provider_arns),
        )

    assert "DELETE_IN_PROGRESS" in str(caught.value)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"daemonName": "x" * 300}, "daemonName"),
        ({"daemonName": "bad name"}, "daemonName"),
        ({"deploymentConfiguration": {"drainPercent": 150.0}}, "drainPercent"),
        (
            {"deploymentConfiguration": {"bakeTimeInMinutes": 99999}},
            "bakeTimeInMinutes",
        ),
        ({"propagateTags": "SERVICE"}, "propagateTags"),
        ({"tags": [{"key": f"k{i}", "value": ""} for i in range(51)]}, "at most 50"),
        ({"tags": [{"key": "a!", "value": ""}]}, "pattern"),
        ({"tags": [{"key": "k", "value": "v" * 257}]}, "at most 256"),
        ({"tags": [{"key": "aws:k", "value": ""}]}, "reserved prefix"),
        ({"capacityProviderArns": []}, "at least one"),
        ({"clientToken": "x" * 37}, "clientToken"),
        ({"daemonTaskDefinitionArn": "agent:1"}, "daemonTaskDefinitionArn"),
    ],
    ids=lambda value: str(value)[:40] if isinstance(value, dict) else value,
)
def test_invalid_parameters_that_botocore_lets_through(
    ecs_local: LocalEcs,
    make_daemon: MakeDaemon,
    params: dict[str, Any],
    message: str,
) -> None:
    with pytest.raises(ecs_local.ecs.exceptions.InvalidParameterException) as caught:
        make_daemon(**params)

    assert message in str(caught.value)


def test_invalid_parameter_lists_every_problem(
    ecs_local: LocalEcs, make_daemon: MakeDaemon
) -> None:
    with pytest.raises(ecs_local.ecs.exceptions.InvalidParameterException) as caught:
        make_daemon(
            propagateTags="SERVICE",
            deploymentConfiguration={"drainPercent": 101.0},
        )

    assert "propagateTags" in str(caught.value)
    assert "drainPercent" in str(caught.value)


def test_client_exception(ecs_local: LocalEcs) -> None:
    ecs = ecs_local.ecs

    with pytest.raises(ecs.exceptions.ClientException) as caught:
        ecs.describe_daemon_task_definition(daemonTaskDefinition="nothing:1")

    assert "nothing:1" in str(caught.value)


@pytest.mark.usefixtures("no_backoff")
def test_server_exception_from_fault_injection(ecs_local: LocalEcs) -> None:
    ecs = ecs_local.ecs
    ecs_local.control.inject_faults(rate=1.0, kinds=["server"])

    with pytest.raises(ecs.exceptions.ServerException) as caught:
        ecs.list_clusters()

    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    assert caught.value.response["ResponseMetadata"]["RetryAttempts"] == 2


def test_unimplemented_operation_is_a_400_that_is_not_retried(
    ecs_local: LocalEcs,
) -> None:
    with pytest.raises(ClientError) as caught:
        ecs_local.ecs.list_services(cluster="default")

    error = caught.value.response
    assert error["Error"]["Code"] == "UnsupportedFeatureException"
    assert "ListServices" in error["Error"]["Message"]
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error["ResponseMetadata"]["RetryAttempts"] == 0
