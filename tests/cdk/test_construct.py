"""Synthesized templates of EcsDaemon: resources, properties, IAM, validation."""

from __future__ import annotations

import re
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_ecs as ecs

from cdk_ecs_daemon import DaemonDeploymentConfiguration, EcsDaemonProvider, asset

from .stacks import (
    CLUSTER_ARN,
    add_daemon,
    new_stack,
    resources_of_type,
    stack_with_daemons,
    template_of,
)

CUSTOM = "Custom::EcsDaemon"


def provider_resources(template: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (logical_id, resource["Type"])
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] != CUSTOM
    }


@pytest.fixture(scope="module")
def one_daemon_template() -> dict[str, Any]:
    return template_of(stack_with_daemons(1))


@pytest.mark.parametrize("count", [1, 20, 100])
def test_n_daemons_cost_n_custom_resources_and_one_provider(
    count: int, one_daemon_template: dict[str, Any]
) -> None:
    template = template_of(stack_with_daemons(count))

    assert len(resources_of_type(template, CUSTOM)) == count
    assert provider_resources(template) == provider_resources(one_daemon_template)
    assert len(resources_of_type(template, "AWS::Lambda::Function")) == 5
    assert len(resources_of_type(template, "AWS::StepFunctions::StateMachine")) == 1


def test_every_daemon_uses_the_provider_under_its_fixed_id() -> None:
    stack = new_stack()
    first = add_daemon(stack, "First")
    second = add_daemon(stack, "Second")

    provider = EcsDaemonProvider.of(stack)

    assert provider.node.path == "Daemons/EcsDaemonProvider"
    assert EcsDaemonProvider.of(second) is provider
    token = stack.resolve(provider.service_token)
    for daemon in (first, second):
        properties = stack.resolve(daemon.resource.node.default_child._cfn_properties)
        assert properties["ServiceToken"] == token


def test_asset_hash_is_identical_across_two_synths() -> None:
    def handler_code_key() -> str:
        asset.handler_asset_directory.cache_clear()
        template = template_of(stack_with_daemons(1))
        functions = resources_of_type(template, "AWS::Lambda::Function")
        keys = {
            f["Properties"]["Code"]["S3Key"]
            for f in functions.values()
            if f["Properties"]["Handler"].startswith("ecs_daemon_handler.")
        }
        assert len(keys) == 1
        return keys.pop()

    first_dir = asset.handler_asset_directory()
    first = handler_code_key()
    second = handler_code_key()

    assert asset.handler_asset_directory() != first_dir
    assert first == second


def test_tags_of_the_stack_reach_the_custom_resource() -> None:
    stack = new_stack()
    add_daemon(stack, "Agent")
    cdk.Tags.of(stack).add("team", "platform")
    cdk.Tags.of(stack).add("cost-centre", "42")

    template = template_of(stack)

    (daemon,) = resources_of_type(template, CUSTOM).values()
    assert daemon["Properties"]["Tags"] == [
        {"Key": "cost-centre", "Value": "42"},
        {"Key": "team", "Value": "platform"},
    ]


def test_props_render_under_the_handler_property_names() -> None:
    stack = new_stack()
    add_daemon(
        stack,
        "Agent",
        daemon_name="agent",
        deployment_configuration=DaemonDeploymentConfiguration(
            drain_percent=20,
            bake_time=cdk.Duration.minutes(10),
            alarm_names=["cpu-high"],
            enable_alarms=True,
        ),
        propagate_tags="DAEMON",
        enable_ecs_managed_tags=True,
        enable_execute_command=False,
        critical=True,
        wait_for_deployment=False,
        deployment_timeout=cdk.Duration.minutes(30),
    )

    (daemon,) = resources_of_type(template_of(stack), CUSTOM).values()

    properties = daemon["Properties"]
    assert properties["DeploymentConfiguration"] == {
        "DrainPercent": 20,
        "BakeTimeInMinutes": 10,
        "Alarms": {"AlarmNames": ["cpu-high"], "Enable": True},
    }
    assert properties["PropagateTags"] == "DAEMON"
    assert properties["EnableECSManagedTags"] is True
    assert properties["EnableExecuteCommand"] is False
    assert properties["Critical"] is True
    assert properties["WaitForDeployment"] is False
    assert properties["DeploymentTimeoutSeconds"] == 1800


def test_attributes_are_attributes_of_the_custom_resource() -> None:
    stack = new_stack()
    daemon = add_daemon(stack, "Agent")
    logical_id = stack.resolve(daemon.resource.node.default_child.logical_id)

    assert stack.resolve(daemon.daemon_arn) == {"Fn::GetAtt": [logical_id, "DaemonArn"]}
    assert stack.resolve(daemon.daemon_name) == {
        "Fn::GetAtt": [logical_id, "DaemonName"]
    }
    assert stack.resolve(daemon.deployment_arn) == {
        "Fn::GetAtt": [logical_id, "DeploymentArn"]
    }


def test_generated_name_is_stable_for_a_construct_path_and_valid() -> None:
    def generated_name() -> str:
        stack = new_stack()
        nested = cdk.Stage(stack.node.scope, "Unused")  # other constructs in the app
        del nested
        add_daemon(stack, "Agent" * 60)
        (daemon,) = resources_of_type(template_of(stack), CUSTOM).values()
        return str(daemon["Properties"]["DaemonName"])

    first, second = generated_name(), generated_name()

    assert first == second
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,255}", first)


def test_invalid_props_fail_synth_naming_every_problem() -> None:
    stack = new_stack()
    add_daemon(
        stack,
        "Agent",
        daemon_name="not a name!",
        capacity_provider_arns=[],
        daemon_task_definition_arn="arn:aws:ecs:us-east-1:123456789012:task-definition/x:1",
        cluster=ecs.Cluster.from_cluster_arn(stack, "Imported", CLUSTER_ARN),
        deployment_configuration=DaemonDeploymentConfiguration(
            drain_percent=150, bake_time=cdk.Duration.days(2)
        ),
        propagate_tags="SERVICE",
        deployment_timeout=cdk.Duration.hours(2),
    )
    cdk.Tags.of(stack).add("aws:owner", "me")

    with pytest.raises(RuntimeError, match="Validation failed") as caught:
        template_of(stack)

    message = str(caught.value)
    for prop in (
        "daemon_name",
        "capacity_provider_arns",
        "daemon_task_definition_arn",
        "cluster: give cluster or cluster_arn, not both",
        "deployment_configuration.drain_percent",
        "deployment_configuration.bake_time",
        "propagate_tags",
        "deployment_timeout",
        "tags (from Tags.of)[0].key",
    ):
        assert prop in message, prop


def test_token_props_pass_validation() -> None:
    stack = new_stack()
    cluster = ecs.CfnCluster(stack, "Cluster")
    provider = ecs.CfnCapacityProvider(stack, "Capacity")
    task = ecs.CfnDaemonTaskDefinition(stack, "Task")
    drain = cdk.CfnParameter(stack, "Drain", type="Number")
    name = cdk.CfnParameter(stack, "Name")
    add_daemon(
        stack,
        "Agent",
        daemon_name=name.value_as_string,
        cluster_arn=cluster.attr_arn,
        capacity_provider_arns=[provider.ref],
        daemon_task_definition_arn=task.attr_daemon_task_definition_arn,
        deployment_configuration=DaemonDeploymentConfiguration(
            drain_percent=drain.value_as_number,
            bake_time=cdk.Duration.minutes(cdk.Token.as_number(drain.value)),
        ),
    )
    cdk.Tags.of(stack).add("owner", name.value_as_string)

    (daemon,) = resources_of_type(template_of(stack), CUSTOM).values()

    assert daemon["Properties"]["DaemonName"] == {"Ref": "Name"}


def test_handler_role_may_act_on_daemons_of_its_account_and_region_only() -> None:
    template = template_of(stack_with_daemons(1))
    policies = resources_of_type(template, "AWS::IAM::Policy")
    (handler_policy,) = [
        p for name, p in policies.items() if name.startswith("EcsDaemonProviderHandler")
    ]

    statements = {
        s["Sid"]: s for s in handler_policy["Properties"]["PolicyDocument"]["Statement"]
    }

    assert set(statements) == {
        "ManageDaemons",
        "ReadDaemonDeploymentsAndRevisions",
        "PassDaemonTaskRoles",
        "WriteLogs",
    }
    manage = statements["ManageDaemons"]
    assert "ecs:CreateDaemon" in manage["Action"]
    assert manage["Resource"] == {
        "Fn::Join": [
            "",
            ["arn:", {"Ref": "AWS::Partition"}, ":ecs:us-east-1:123456789012:daemon/*"],
        ]
    }
    pass_role = statements["PassDaemonTaskRoles"]
    assert pass_role["Condition"] == {
        "StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}
    }
    every_resource = str([s["Resource"] for s in statements.values()])
    assert "'*'" not in every_resource


def test_handler_functions_run_the_newest_python_on_arm64() -> None:
    template = template_of(stack_with_daemons(1))
    functions = resources_of_type(template, "AWS::Lambda::Function")

    handlers = [
        f["Properties"]
        for f in functions.values()
        if f["Properties"]["Handler"].startswith("ecs_daemon_handler.")
    ]

    assert {h["Handler"] for h in handlers} == {
        "ecs_daemon_handler.handler.on_event",
        "ecs_daemon_handler.handler.is_complete",
    }
    assert {h["Runtime"] for h in handlers} == {"python3.14"}
    assert {tuple(h["Architectures"]) for h in handlers} == {("arm64",)}


def test_provider_logs_are_kept_and_its_wait_is_bounded_by_55_minutes() -> None:
    template = template_of(stack_with_daemons(1))

    (log_group,) = resources_of_type(template, "AWS::Logs::LogGroup").values()
    (machine,) = resources_of_type(
        template, "AWS::StepFunctions::StateMachine"
    ).values()

    assert log_group["Properties"]["RetentionInDays"] == 30
    definition = "".join(
        part
        for part in machine["Properties"]["DefinitionString"]["Fn::Join"][1]
        if isinstance(part, str)
    )
    retry = re.search(r'"IntervalSeconds":(\d+),"MaxAttempts":(\d+)', definition)
    assert retry is not None
    assert int(retry[1]) * int(retry[2]) <= 55 * 60
