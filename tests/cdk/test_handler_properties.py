"""The handler's reading of string properties, without any API call."""

from __future__ import annotations

import pytest

from cdk_ecs_daemon.runtime import properties
from ecs_daemon_core import ValidationError

from .events import daemon_properties, stringify

TASK = "arn:aws:ecs:us-east-1:123456789012:daemon-task-definition/agent:3"
CLUSTER = "arn:aws:ecs:us-east-1:123456789012:cluster/main"
PROVIDER = "arn:aws:ecs:us-east-1:123456789012:capacity-provider/main/mi"


def props(**extra: object) -> dict[str, object]:
    return daemon_properties(
        name="agent",
        cluster_arn=CLUSTER,
        task_definition_arn=TASK,
        capacity_provider_arns=[PROVIDER],
        **extra,
    )


def test_string_properties_become_typed_spec_values() -> None:
    given = props(
        EnableECSManagedTags=True,
        EnableExecuteCommand=False,
        Critical=True,
        PropagateTags="DAEMON",
        DeploymentConfiguration={
            "DrainPercent": 12.5,
            "BakeTimeInMinutes": 5,
            "Alarms": {"AlarmNames": ["cpu"], "Enable": True},
        },
        Tags=[{"Key": "team", "Value": "platform"}],
        WaitForDeployment=False,
        DeploymentTimeoutSeconds=600,
    )
    assert given["Critical"] == "true"  # what CloudFormation delivers

    desired = properties.desired_daemon(given)

    spec = desired.spec
    assert spec.enable_ecs_managed_tags is True
    assert spec.enable_execute_command is False
    assert spec.critical is True
    assert spec.deployment_configuration is not None
    assert spec.deployment_configuration.drain_percent == 12.5
    assert spec.deployment_configuration.bake_time_in_minutes == 5
    assert spec.deployment_configuration.alarms is not None
    assert spec.deployment_configuration.alarms.alarm_names == ("cpu",)
    assert spec.deployment_configuration.alarms.enable is True
    assert spec.tag_map == {"team": "platform"}
    assert desired.settings == properties.ResourceSettings(False, 600)


def test_native_json_values_are_accepted_as_well() -> None:
    given = props()
    given["Critical"] = True
    given["DeploymentTimeoutSeconds"] = 60

    desired = properties.desired_daemon(given)

    assert desired.spec.critical is True
    assert desired.settings.deployment_timeout_seconds == 60


def test_every_invalid_property_is_reported_by_property_path() -> None:
    given = props(
        Critical="maybe",
        PropagateTags="SERVICE",
        DeploymentConfiguration={"DrainPercent": "150", "BakeTimeInMinutes": "ten"},
        Tags=[{"Key": "aws:owner", "Value": "x"}],
        WaitForDeployment="sometimes",
        DeploymentTimeoutSeconds="7200",
        Colour="blue",
    )

    with pytest.raises(ValidationError) as caught:
        properties.desired_daemon(given)

    fields = {problem.field for problem in caught.value.problems}
    assert fields == {
        "Colour",
        "Critical",
        "PropagateTags",
        "DeploymentConfiguration.DrainPercent",
        "DeploymentConfiguration.BakeTimeInMinutes",
        "Tags[0].Key",
        "WaitForDeployment",
        "DeploymentTimeoutSeconds",
    }
    assert "'maybe'" in str(caught.value)


def test_missing_required_properties_are_named() -> None:
    with pytest.raises(ValidationError) as caught:
        properties.desired_daemon(stringify({"ServiceToken": "arn"}))

    fields = {problem.field for problem in caught.value.problems}
    assert fields == {"DaemonName", "DaemonTaskDefinitionArn", "CapacityProviderArns"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("true", True), ("False", False), ("TRUE", True), ("yes", "yes"), (1, 1)],
)
def test_to_boolean_converts_only_true_and_false(
    text: object, expected: object
) -> None:
    assert properties.to_boolean(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("25", 25), ("12.5", 12.5), (" 3 ", 3), ("nan", "nan"), ("x", "x"), (4, 4)],
)
def test_to_number_converts_numeric_strings_only(
    text: object, expected: object
) -> None:
    assert properties.to_number(text) == expected


def test_invalid_old_properties_give_no_previous_daemon() -> None:
    assert properties.previous_daemon(props(Critical="maybe")) is None
    assert properties.previous_daemon(None) is None
    assert properties.previous_daemon(props()) is not None


def test_settings_of_a_delete_fall_back_to_defaults_when_invalid() -> None:
    settings = properties.resource_settings({"DeploymentTimeoutSeconds": "forever"})

    assert settings == properties.ResourceSettings()
    assert settings.deployment_timeout_seconds == 55 * 60


def test_property_path_capitalises_every_segment() -> None:
    assert (
        properties.property_path("deploymentConfiguration.alarms.alarmNames[2]")
        == "DeploymentConfiguration.Alarms.AlarmNames[2]"
    )
    assert properties.property_path("enableECSManagedTags") == "EnableECSManagedTags"
