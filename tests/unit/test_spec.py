from __future__ import annotations

import pytest

from ecs_daemon_core import DaemonSpec, ValidationError, request_from_kwargs
from ecs_daemon_core.spec import AlarmConfiguration, DeploymentConfiguration
from tests.unit.samples import (
    CAPACITY_PROVIDER_A,
    CAPACITY_PROVIDER_B,
    CLUSTER,
    DOCUMENTED_REQUEST,
    TASK_DEFINITION,
    request,
)


def test_request_round_trips_through_the_spec() -> None:
    spec = DaemonSpec.from_request(DOCUMENTED_REQUEST)
    expected = request(clientToken=...)
    expected["tags"] = sorted(expected["tags"], key=lambda tag: tag["key"])

    assert spec.to_request() == expected


def test_create_request_carries_the_client_token() -> None:
    spec = DaemonSpec.from_request(DOCUMENTED_REQUEST)

    assert spec.to_create_request("token-1")["clientToken"] == "token-1"
    assert "clientToken" not in spec.to_create_request()


def test_update_request_sends_the_whole_desired_state_without_name_or_tags() -> None:
    spec = DaemonSpec.from_request(DOCUMENTED_REQUEST)

    update = spec.to_update_request("arn:daemon")

    assert update == {
        "daemonArn": "arn:daemon",
        "daemonTaskDefinitionArn": TASK_DEFINITION,
        "capacityProviderArns": [CAPACITY_PROVIDER_A, CAPACITY_PROVIDER_B],
        "deploymentConfiguration": {
            "drainPercent": 25.0,
            "bakeTimeInMinutes": 10,
            "alarms": {"alarmNames": ["agent-task-failures"], "enable": True},
        },
        "propagateTags": "DAEMON",
        "enableECSManagedTags": True,
        "enableExecuteCommand": False,
        "critical": True,
    }


def test_keyword_arguments_build_the_same_spec_as_the_request() -> None:
    from_kwargs = DaemonSpec.from_kwargs(
        daemon_name="monitoring-agent",
        cluster_arn=CLUSTER,
        daemon_task_definition_arn=TASK_DEFINITION,
        capacity_provider_arns=[CAPACITY_PROVIDER_A, CAPACITY_PROVIDER_B],
        deployment_configuration={
            "drain_percent": 25,
            "bake_time_in_minutes": 10.0,
            "alarms": {"alarm_names": ["agent-task-failures"], "enable": True},
        },
        tags={"team": "platform", "cost-center": "1234"},
        propagate_tags="DAEMON",
        enable_ecs_managed_tags=True,
        enable_execute_command=False,
        critical=True,
    )

    assert from_kwargs == DaemonSpec.from_request(DOCUMENTED_REQUEST)
    assert from_kwargs.deployment_configuration == DeploymentConfiguration(
        drain_percent=25.0,
        bake_time_in_minutes=10,
        alarms=AlarmConfiguration(("agent-task-failures",), True),
    )


def test_whole_float_bake_time_becomes_an_integer_for_botocore() -> None:
    spec = DaemonSpec.from_kwargs(
        daemon_name="a",
        daemon_task_definition_arn=TASK_DEFINITION,
        capacity_provider_arns=[CAPACITY_PROVIDER_A],
        deployment_configuration={"bake_time_in_minutes": 5.0},
    )

    value = spec.to_request()["deploymentConfiguration"]["bakeTimeInMinutes"]
    assert value == 5
    assert type(value) is int


def test_invalid_keyword_arguments_raise_every_problem() -> None:
    with pytest.raises(ValidationError) as caught:
        DaemonSpec.from_kwargs(
            daemon_name="bad name",
            daemon_task_definition_arn="not-an-arn",
            capacity_provider_arns=[],
            tags={"aws:x": "1"},
        )

    fields = [p.field for p in caught.value.problems]
    assert fields == [
        "daemonName",
        "daemonTaskDefinitionArn",
        "capacityProviderArns",
        "tags[0].key",
    ]
    assert "daemonName: 'bad name'" in str(caught.value)


def test_tags_compare_regardless_of_order() -> None:
    one = DaemonSpec.from_request(
        request(tags=[{"key": "b", "value": "2"}, {"key": "a", "value": "1"}])
    )
    two = DaemonSpec.from_request(
        request(tags=[{"key": "a", "value": "1"}, {"key": "b", "value": "2"}])
    )

    assert one == two
    assert one.tag_map == {"a": "1", "b": "2"}


def test_kwargs_pass_values_through_for_validation() -> None:
    built = request_from_kwargs(
        daemon_name="x",
        capacity_provider_arns=(CAPACITY_PROVIDER_A,),
        tags={"k": "v"},
        deployment_configuration={"drain_percent": None, "bake_time_in_minutes": 3},
    )

    assert built == {
        "daemonName": "x",
        "capacityProviderArns": [CAPACITY_PROVIDER_A],
        "tags": [{"key": "k", "value": "v"}],
        "deploymentConfiguration": {"bakeTimeInMinutes": 3},
    }
