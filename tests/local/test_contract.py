"""The endpoint keeps to botocore's ECS model: operations, error codes, outputs."""

from __future__ import annotations

from typing import Any

import pytest

from ecs_daemon_local import protocol
from ecs_daemon_local.backend import Backend
from ecs_daemon_local.constraints import output_problems
from ecs_daemon_local.errors import DaemonNotFoundException, EcsError
from ecs_daemon_local.operations import HANDLERS, daemon_history
from tests.local.conftest import CONTAINERS

REQUIRED_OPERATIONS = {
    "CreateCluster",
    "DescribeClusters",
    "DeleteCluster",
    "ListClusters",
    "CreateCapacityProvider",
    "DescribeCapacityProviders",
    "DeleteCapacityProvider",
    "RegisterDaemonTaskDefinition",
    "DescribeDaemonTaskDefinition",
    "ListDaemonTaskDefinitions",
    "DeleteDaemonTaskDefinition",
    "CreateDaemon",
    "DescribeDaemon",
    "ListDaemons",
    "UpdateDaemon",
    "DeleteDaemon",
    "DescribeDaemonRevisions",
    "DescribeDaemonDeployments",
    "ListDaemonDeployments",
    "TagResource",
    "UntagResource",
    "ListTagsForResource",
}

ARN = "arn:aws:ecs:us-east-1:000000000000"
CP = f"{ARN}:capacity-provider/mi"
TD = f"{ARN}:daemon-task-definition/agent:1"
DAEMON = f"{ARN}:daemon/c/d"
DELETING = f"{ARN}:daemon/c/deleting"
MISSING_DAEMON = f"{ARN}:daemon/c/missing"
MI = {
    "infrastructureRoleArn": "arn:aws:iam::000000000000:role/r",
    "instanceLaunchTemplate": {
        "ec2InstanceProfileArn": "arn:aws:iam::000000000000:instance-profile/p",
        "networkConfiguration": {"subnets": ["subnet-1"]},
    },
}


def _daemon(name: str, **extra: Any) -> dict[str, Any]:
    return {
        "daemonName": name,
        "clusterArn": "c",
        "daemonTaskDefinitionArn": TD,
        "capacityProviderArns": [CP],
        **extra,
    }


# Every error path the endpoint knows, by operation: (params, expected code).
ERROR_CASES: list[tuple[str, dict[str, Any], str]] = [
    ("CreateCluster", {"clusterName": "bad name!"}, "InvalidParameterException"),
    ("DescribeClusters", {"include": ["NOPE"]}, "InvalidParameterException"),
    ("DeleteCluster", {"cluster": "missing"}, "ClusterNotFoundException"),
    ("DeleteCluster", {"cluster": "c"}, "ClusterContainsServicesException"),
    ("DeleteCluster", {"cluster": "c2"}, "ClusterContainsCapacityProviderException"),
    ("ListClusters", {"maxResults": 0}, "InvalidParameterException"),
    ("ListClusters", {"nextToken": "not-a-token"}, "InvalidParameterException"),
    (
        "CreateCapacityProvider",
        {"name": "x", "cluster": "missing", "managedInstancesProvider": MI},
        "ClusterNotFoundException",
    ),
    (
        "CreateCapacityProvider",
        {"name": "ecs-x", "cluster": "c", "managedInstancesProvider": MI},
        "InvalidParameterException",
    ),
    (
        "CreateCapacityProvider",
        {"name": "mi", "cluster": "c", "managedInstancesProvider": MI},
        "InvalidParameterException",
    ),
    ("CreateCapacityProvider", {"name": "x"}, "InvalidParameterException"),
    ("DescribeCapacityProviders", {"cluster": "missing"}, "ClusterNotFoundException"),
    ("DeleteCapacityProvider", {"capacityProvider": "missing"}, "ClientException"),
    ("DeleteCapacityProvider", {"capacityProvider": "mi"}, "ClientException"),
    ("DeleteCapacityProvider", {"capacityProvider": "FARGATE"}, "ClientException"),
    (
        "DeleteCapacityProvider",
        {"capacityProvider": "mi", "cluster": "missing"},
        "ClusterNotFoundException",
    ),
    (
        "RegisterDaemonTaskDefinition",
        {"family": "bad family", "containerDefinitions": [{"image": "i"}]},
        "InvalidParameterException",
    ),
    (
        "RegisterDaemonTaskDefinition",
        {"family": "x", "containerDefinitions": []},
        "InvalidParameterException",
    ),
    (
        "DescribeDaemonTaskDefinition",
        {"daemonTaskDefinition": "missing:1"},
        "ClientException",
    ),
    ("ListDaemonTaskDefinitions", {"status": "NOPE"}, "InvalidParameterException"),
    ("DeleteDaemonTaskDefinition", {"daemonTaskDefinition": "nope"}, "ClientException"),
    ("CreateDaemon", _daemon("d"), "InvalidParameterException"),
    ("CreateDaemon", _daemon("x", clusterArn="missing"), "ClusterNotFoundException"),
    (
        "CreateDaemon",
        _daemon("x", capacityProviderArns=[f"{ARN}:capacity-provider/asg"]),
        "InvalidParameterException",
    ),
    (
        "CreateDaemon",
        _daemon("x", deploymentConfiguration={"drainPercent": 150.0}),
        "InvalidParameterException",
    ),
    (
        "CreateDaemon",
        _daemon("x", capacityProviderArns=[]),
        "InvalidParameterException",
    ),
    (
        "CreateDaemon",
        _daemon("y", clientToken="t1", critical=False),
        "InvalidParameterException",
    ),
    (
        "UpdateDaemon",
        {
            "daemonArn": MISSING_DAEMON,
            "daemonTaskDefinitionArn": TD,
            "capacityProviderArns": [CP],
        },
        "DaemonNotFoundException",
    ),
    (
        "UpdateDaemon",
        {
            "daemonArn": DELETING,
            "daemonTaskDefinitionArn": TD,
            "capacityProviderArns": [CP],
        },
        "DaemonNotActiveException",
    ),
    (
        "UpdateDaemon",
        {"daemonArn": "d", "daemonTaskDefinitionArn": TD, "capacityProviderArns": [CP]},
        "InvalidParameterException",
    ),
    ("DeleteDaemon", {"daemonArn": MISSING_DAEMON}, "DaemonNotFoundException"),
    ("DeleteDaemon", {"daemonArn": DELETING}, "DaemonNotActiveException"),
    ("DescribeDaemon", {"daemonArn": MISSING_DAEMON}, "DaemonNotFoundException"),
    ("DescribeDaemon", {"daemonArn": f"{ARN}:daemon/x/d"}, "ClusterNotFoundException"),
    ("ListDaemons", {"clusterArn": "missing"}, "ClusterNotFoundException"),
    ("ListDaemons", {}, "ClusterNotFoundException"),
    ("DescribeDaemonRevisions", {}, "InvalidParameterException"),
    (
        "DescribeDaemonDeployments",
        {"daemonDeploymentArns": "not-a-list"},
        "InvalidParameterException",
    ),
    ("ListDaemonDeployments", {"daemonArn": MISSING_DAEMON}, "ClientException"),
    ("ListDaemonDeployments", {"daemonArn": "nope"}, "InvalidParameterException"),
    (
        "TagResource",
        {"resourceArn": MISSING_DAEMON, "tags": [{"key": "k", "value": "v"}]},
        "ResourceNotFoundException",
    ),
    (
        "TagResource",
        {"resourceArn": DAEMON, "tags": [{"key": "aws:x", "value": "v"}]},
        "InvalidParameterException",
    ),
    (
        "TagResource",
        {"resourceArn": f"{ARN}:cluster/missing", "tags": []},
        "ClusterNotFoundException",
    ),
    (
        "UntagResource",
        {"resourceArn": MISSING_DAEMON, "tagKeys": ["k"]},
        "ResourceNotFoundException",
    ),
    (
        "ListTagsForResource",
        {"resourceArn": MISSING_DAEMON},
        "InvalidParameterException",
    ),
    ("ListTagsForResource", {"resourceArn": "nope"}, "InvalidParameterException"),
]


@pytest.fixture
def account(backend: Backend) -> Backend:
    """The seeded backend plus daemon ``d``, daemon ``deleting`` being deleted,
    client token ``t1`` used, and cluster ``c2`` holding a capacity provider."""
    backend.invoke("CreateDaemon", _daemon("d", clientToken="t1"))
    backend.invoke("CreateDaemon", _daemon("deleting"))
    backend.invoke("DeleteDaemon", {"daemonArn": DELETING})
    backend.invoke("CreateCluster", {"clusterName": "c2"})
    backend.invoke(
        "CreateCapacityProvider",
        {"name": "mi2", "cluster": "c2", "managedInstancesProvider": MI},
    )
    return backend


def test_every_handler_is_a_model_operation() -> None:
    assert set(HANDLERS) <= set(protocol.service_model().operation_names)


def test_every_required_operation_has_a_handler() -> None:
    assert set(HANDLERS) >= REQUIRED_OPERATIONS


def test_error_table_covers_every_operation() -> None:
    assert {operation for operation, _, _ in ERROR_CASES} == set(HANDLERS)


@pytest.mark.parametrize(
    ("operation", "params", "code"),
    ERROR_CASES,
    ids=[f"{op}-{i}" for i, (op, _, _) in enumerate(ERROR_CASES)],
)
def test_errors_are_modeled_for_their_operation(
    account: Backend, operation: str, params: dict[str, Any], code: str
) -> None:
    with pytest.raises(EcsError) as caught:
        account.invoke(operation, params)

    assert caught.value.code == code, caught.value.message
    modeled = protocol.modeled_error_codes(protocol.operation_model(operation))
    assert code in modeled


def test_an_unmodeled_error_is_answered_as_client_exception(
    account: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ListDaemonDeployments models no DaemonNotFoundException."""

    def broken(call: Any) -> dict[str, Any]:
        raise DaemonNotFoundException("gone")

    monkeypatch.setitem(HANDLERS, "ListDaemonDeployments", broken)
    monkeypatch.setattr(daemon_history, "list_daemon_deployments", broken)

    with pytest.raises(EcsError) as caught:
        account.invoke("ListDaemonDeployments", {"daemonArn": DAEMON})

    assert caught.value.code == "ClientException"


def test_an_unimplemented_operation_is_a_clear_client_error(backend: Backend) -> None:
    with pytest.raises(EcsError) as caught:
        backend.invoke("ListServices", {})

    assert caught.value.status == 400
    assert caught.value.code == "UnsupportedFeatureException"
    assert "ListServices" in caught.value.message


def test_every_output_matches_its_shape(account: Backend) -> None:
    """Run every operation successfully once and check its output shape."""
    outputs: dict[str, dict[str, Any]] = {}

    def call(operation: str, params: dict[str, Any]) -> dict[str, Any]:
        output = account.invoke(operation, params)
        shape = protocol.operation_model(operation).output_shape
        assert output_problems(shape, output) == []
        outputs[operation] = output
        return output

    call("CreateCluster", {"clusterName": "shape", "tags": [{"key": "k", "value": ""}]})
    call("DescribeClusters", {"clusters": ["shape", "nope"], "include": ["TAGS"]})
    call("ListClusters", {"maxResults": 1})
    call(
        "CreateCapacityProvider",
        {"name": "mi3", "cluster": "shape", "managedInstancesProvider": MI},
    )
    call("DescribeCapacityProviders", {"include": ["TAGS"], "maxResults": 2})
    call("DescribeCapacityProviders", {"capacityProviders": ["mi3", "nope"]})
    call(
        "RegisterDaemonTaskDefinition",
        {"family": "agent", "containerDefinitions": CONTAINERS},
    )
    call("DescribeDaemonTaskDefinition", {"daemonTaskDefinition": "agent"})
    call("ListDaemonTaskDefinitions", {"status": "ALL", "sort": "DESC"})
    created = call(
        "CreateDaemon",
        _daemon(
            "shape",
            deploymentConfiguration={
                "drainPercent": 50.0,
                "bakeTimeInMinutes": 1,
                "alarms": {"alarmNames": ["a"], "enable": True},
            },
            tags=[{"key": "team", "value": "ops"}],
        ),
    )
    arn = created["daemonArn"]
    account.advance(60)
    described = call("DescribeDaemon", {"daemonArn": arn})
    call("ListDaemons", {"clusterArn": "c", "capacityProviderArns": [CP]})
    revision = described["daemon"]["currentRevisions"][0]["arn"]
    call("DescribeDaemonRevisions", {"daemonRevisionArns": [revision, "nope"]})
    account.fail_next_deployments(1, alarm_names=("a",))
    updated = call(
        "UpdateDaemon",
        {"daemonArn": arn, "daemonTaskDefinitionArn": TD, "capacityProviderArns": [CP]},
    )
    account.advance(50)
    call(
        "DescribeDaemonDeployments",
        {"daemonDeploymentArns": [updated["deploymentArn"], "nope"]},
    )
    call(
        "ListDaemonDeployments", {"daemonArn": arn, "status": ["ROLLBACK_IN_PROGRESS"]}
    )
    call("TagResource", {"resourceArn": arn, "tags": [{"key": "x", "value": "y"}]})
    call("UntagResource", {"resourceArn": arn, "tagKeys": ["x"]})
    call("ListTagsForResource", {"resourceArn": arn})
    call("DeleteDaemon", {"daemonArn": arn})
    call("DeleteDaemonTaskDefinition", {"daemonTaskDefinition": "agent:2"})
    call("DeleteCapacityProvider", {"capacityProvider": "mi3"})
    call("DeleteCluster", {"cluster": "shape"})

    assert set(outputs) == set(HANDLERS)
    rollback = outputs["DescribeDaemonDeployments"]["daemonDeployments"][0]
    assert rollback["status"] == "ROLLBACK_IN_PROGRESS"
    assert rollback["alarms"]["triggeredAlarmNames"] == ["a"]
