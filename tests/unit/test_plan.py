from __future__ import annotations

import dataclasses

import pytest

from ecs_daemon_core import DaemonSpec, DeploymentConfiguration, plan_change
from ecs_daemon_core.spec import AlarmConfiguration
from tests.unit.samples import (
    CAPACITY_PROVIDER_A,
    CAPACITY_PROVIDER_B,
    CLUSTER,
    DOCUMENTED_REQUEST,
    OTHER_CLUSTER,
    PREFIX,
    request,
)

BASE = DaemonSpec.from_request(DOCUMENTED_REQUEST)


def _with(**changes: object) -> DaemonSpec:
    return dataclasses.replace(BASE, **changes)  # type: ignore[arg-type]


def test_equal_specs_plan_nothing() -> None:
    plan = plan_change(BASE, DaemonSpec.from_request(DOCUMENTED_REQUEST))

    assert plan.is_noop
    assert plan.changed_fields == ()


def test_reordered_capacity_providers_plan_nothing() -> None:
    reordered = _with(capacity_provider_arns=(CAPACITY_PROVIDER_B, CAPACITY_PROVIDER_A))

    assert plan_change(BASE, reordered).is_noop


def test_tag_only_change_plans_only_tag_calls() -> None:
    retagged = _with(tags={"team": "observability", "owner": "sre"})

    plan = plan_change(BASE, retagged)

    assert not plan.needs_update
    assert not plan.needs_replace
    assert plan.tags_to_set == {"team": "observability", "owner": "sre"}
    assert plan.tags_to_remove == ("cost-center",)
    assert plan.changed_fields == ("tags",)


def test_removing_all_tags_removes_every_key() -> None:
    plan = plan_change(BASE, _with(tags=()))

    assert plan.tags_to_set == {}
    assert plan.tags_to_remove == ("cost-center", "team")


def test_cluster_change_plans_a_replacement() -> None:
    plan = plan_change(BASE, _with(cluster_arn=OTHER_CLUSTER))

    assert plan.replaces == ("clusterArn",)
    assert plan.needs_replace
    assert not plan.needs_update
    assert not plan.delete_before_replace


def test_name_change_plans_a_replacement_that_can_create_first() -> None:
    plan = plan_change(BASE, _with(daemon_name="monitoring-agent-v2"))

    assert plan.replaces == ("daemonName",)
    assert not plan.delete_before_replace


def test_same_name_in_a_same_named_cluster_deletes_first() -> None:
    elsewhere = CLUSTER.replace("us-east-1", "eu-west-1")

    plan = plan_change(BASE, _with(cluster_arn=elsewhere))

    assert plan.replaces == ("clusterArn",)
    assert plan.delete_before_replace


def test_naming_the_default_cluster_explicitly_is_no_move() -> None:
    implicit = _with(cluster_arn=None)
    explicit = _with(cluster_arn=f"{PREFIX}:cluster/default")

    assert plan_change(implicit, explicit).is_noop
    assert plan_change(explicit, implicit).is_noop


@pytest.mark.parametrize(
    ("field", "value", "api_name"),
    [
        (
            "daemon_task_definition_arn",
            f"{PREFIX}:daemon-task-definition/monitoring-agent:4",
            "daemonTaskDefinitionArn",
        ),
        ("capacity_provider_arns", (CAPACITY_PROVIDER_A,), "capacityProviderArns"),
        (
            "deployment_configuration",
            DeploymentConfiguration(drain_percent=50.0),
            "deploymentConfiguration",
        ),
        ("propagate_tags", "NONE", "propagateTags"),
        ("enable_ecs_managed_tags", False, "enableECSManagedTags"),
        ("enable_execute_command", True, "enableExecuteCommand"),
        ("critical", False, "critical"),
    ],
)
def test_each_updatable_field_plans_an_update_in_place(
    field: str, value: object, api_name: str
) -> None:
    plan = plan_change(BASE, _with(**{field: value}))

    assert plan.updates == (api_name,)
    assert plan.needs_update
    assert not plan.needs_replace
    assert not plan.changes_tags


def test_alarm_change_is_a_deployment_configuration_update() -> None:
    config = dataclasses.replace(
        BASE.deployment_configuration,  # type: ignore[type-var]
        alarms=AlarmConfiguration(alarm_names=("other",), enable=True),
    )

    assert plan_change(BASE, _with(deployment_configuration=config)).updates == (
        "deploymentConfiguration",
    )


def test_settings_left_unmanaged_plan_no_change() -> None:
    unmanaged = DaemonSpec.from_request(
        request(
            propagateTags=...,
            enableECSManagedTags=...,
            enableExecuteCommand=...,
            critical=...,
            deploymentConfiguration=...,
        )
    )

    assert plan_change(BASE, unmanaged).updates == ()


def test_replacement_with_other_changes_still_lists_updates_but_needs_no_update() -> (
    None
):
    plan = plan_change(
        BASE, _with(cluster_arn=OTHER_CLUSTER, propagate_tags="NONE", tags=())
    )

    assert plan.replaces == ("clusterArn",)
    assert plan.updates == ("propagateTags",)
    assert not plan.needs_update
    assert plan.changed_fields == ("clusterArn", "propagateTags", "tags")
