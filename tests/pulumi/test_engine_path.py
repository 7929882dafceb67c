"""The provider through the SDK's provider server, in the engine's call order.

Each test starts from the registration the example program makes under the
mocks (``registration``) and drives ``python -m pulumi.dynamic`` over gRPC
against the local endpoint, as ``pulumi up``, ``preview``, ``refresh`` and
``destroy`` would.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from ecs_daemon_core import read_daemon, wait_daemon_deleted
from ecs_daemon_local.testing import DaemonSetup, LocalEcs
from tests.pulumi.engine import UNKNOWN, CheckFailed, ProviderError, Stack
from tests.pulumi.program import Registration

pytestmark = pytest.mark.slow


def operations(ecs_local: LocalEcs) -> list[str]:
    return [call["operation"] for call in ecs_local.control.calls()]


def changed(registration: Registration, **changes: Any) -> dict[str, Any]:
    """The registered inputs with some replaced, as a changed program sends them."""
    inputs = copy.deepcopy(registration.inputs)
    inputs.update(changes)
    return inputs


def live_task_definition(ecs_local: LocalEcs, daemon_arn: str) -> str:
    live = read_daemon(ecs_local.ecs, daemon_arn)
    assert live is not None
    return live.spec.daemon_task_definition_arn


def daemons_in(ecs_local: LocalEcs, cluster_arn: str) -> list[str]:
    listed = ecs_local.ecs.list_daemons(clusterArn=cluster_arn)
    return [summary["daemonArn"] for summary in listed["daemonSummariesList"]]


def test_up_creates_the_daemon_and_waits_for_its_rollout(
    stack: Stack, registration: Registration, ecs_local: LocalEcs
) -> None:
    assert stack.up(registration.inputs) == "create"

    name = stack.outputs["daemon_name"]
    assert name.startswith("monitoring-agent-")
    assert stack.id == stack.outputs["daemon_arn"]
    assert stack.outputs["deployment_status"] == "SUCCESSFUL"
    assert stack.outputs["region"] == ecs_local.region
    daemon = ecs_local.ecs.describe_daemon(daemonArn=stack.id)["daemon"]
    assert daemon["status"] == "ACTIVE"
    # Progress reaches the engine as the provider's stderr.
    assert f"daemon {name}: deployment" in stack.server.stderr


def test_up_without_changes_makes_no_api_call(
    stack: Stack, registration: Registration, ecs_local: LocalEcs
) -> None:
    stack.up(registration.inputs)
    ecs_local.control.clear_calls()

    assert stack.up(registration.inputs) == "same"

    assert operations(ecs_local) == []


def test_tag_only_change_calls_no_update_daemon(
    stack: Stack, registration: Registration, ecs_local: LocalEcs
) -> None:
    stack.up(registration.inputs)
    ecs_local.control.clear_calls()

    step = stack.up(changed(registration, tags={"team": "observability"}))

    assert step == "update"
    assert operations(ecs_local) == ["UntagResource", "TagResource"]
    assert stack.outputs["tags"] == {"team": "observability"}
    tags = ecs_local.ecs.list_tags_for_resource(resourceArn=stack.id)["tags"]
    assert tags == [{"key": "team", "value": "observability"}]


def test_task_definition_change_rolls_out_in_place(
    stack: Stack, registration: Registration, ecs_local: LocalEcs
) -> None:
    stack.up(registration.inputs)
    first_deployment = stack.outputs["deployment_arn"]
    next_definition = ecs_local.register_task_definition()
    ecs_local.control.clear_calls()

    step = stack.up(changed(registration, daemon_task_definition_arn=next_definition))

    assert step == "update"
    assert operations(ecs_local).count("UpdateDaemon") == 1
    assert "CreateDaemon" not in operations(ecs_local)
    assert stack.outputs["deployment_arn"] != first_deployment
    assert stack.outputs["deployment_status"] == "SUCCESSFUL"
    assert live_task_definition(ecs_local, stack.id) == next_definition


def test_capacity_provider_reorder_is_no_change(
    stack: Stack, registration: Registration, ecs_local: LocalEcs, setup: DaemonSetup
) -> None:
    providers = list(setup.capacity_provider_arns)
    stack.up(changed(registration, capacity_provider_arns=providers))
    ecs_local.control.clear_calls()

    step = stack.up(changed(registration, capacity_provider_arns=providers[::-1]))

    assert step == "same"
    assert operations(ecs_local) == []


def test_cluster_change_replaces_the_daemon(
    stack: Stack, registration: Registration, ecs_local: LocalEcs, setup: DaemonSetup
) -> None:
    stack.up(registration.inputs)
    old_id, name = stack.id, stack.outputs["daemon_name"]
    other = ecs_local.setup()

    step = stack.up(
        changed(
            registration,
            cluster_arn=other.cluster_arn,
            capacity_provider_arns=list(other.capacity_provider_arns),
        )
    )

    assert step == "replace"
    assert stack.outputs["daemon_name"] == name
    assert stack.outputs["cluster_arn"] == other.cluster_arn
    assert daemons_in(ecs_local, other.cluster_arn) == [stack.id]
    assert daemons_in(ecs_local, setup.cluster_arn) == []
    assert read_daemon(ecs_local.ecs, old_id) is None


def test_refresh_shows_changes_made_outside_pulumi_and_up_reverts_them(
    stack: Stack, registration: Registration, ecs_local: LocalEcs
) -> None:
    stack.up(registration.inputs)
    other_definition = ecs_local.register_task_definition()
    response = ecs_local.ecs.update_daemon(
        daemonArn=stack.id,
        daemonTaskDefinitionArn=other_definition,
        capacityProviderArns=registration.inputs["capacity_provider_arns"],
        deploymentConfiguration={"drainPercent": 50.0},
        enableExecuteCommand=True,
    )
    ecs_local.finish_deployment(response["deploymentArn"])
    ecs_local.ecs.tag_resource(
        resourceArn=stack.id, tags=[{"key": "added-by", "value": "console"}]
    )
    ecs_local.control.clear_calls()

    assert stack.refresh() == "refresh"

    assert len(operations(ecs_local)) <= 4
    assert stack.outputs["daemon_task_definition_arn"] == other_definition
    assert stack.outputs["deployment_configuration"]["drain_percent"] == 50.0
    assert stack.outputs["enable_execute_command"] is True
    assert stack.outputs["tags"]["added-by"] == "console"

    assert stack.up(registration.inputs) == "update"
    assert (
        live_task_definition(ecs_local, stack.id)
        == (registration.inputs["daemon_task_definition_arn"])
    )
    tags = ecs_local.ecs.list_tags_for_resource(resourceArn=stack.id)["tags"]
    assert {tag["key"] for tag in tags} == {"team", "component"}


def test_refresh_after_deletion_outside_pulumi_forgets_the_daemon(
    stack: Stack, registration: Registration, ecs_local: LocalEcs
) -> None:
    stack.up(registration.inputs)
    ecs_local.ecs.delete_daemon(daemonArn=stack.id)
    wait_daemon_deleted(ecs_local.ecs, stack.id, delay_seconds=0.05)

    assert stack.refresh() == "refresh-gone"
    assert stack.id == ""

    assert stack.up(registration.inputs) == "create"
    assert stack.outputs["deployment_status"] == "SUCCESSFUL"


def test_failed_rollout_on_create_leaves_no_daemon_behind(
    stack: Stack, registration: Registration, ecs_local: LocalEcs, setup: DaemonSetup
) -> None:
    ecs_local.control.fail_next_deployments(1, reason="agent exited with code 3")

    with pytest.raises(ProviderError) as raised:
        stack.up(registration.inputs)

    assert "agent exited with code 3" in raised.value.details
    assert "nothing is left behind" in raised.value.details
    assert stack.id == ""
    assert daemons_in(ecs_local, setup.cluster_arn) == []
    assert stack.up(registration.inputs) == "create"


def test_failed_rollout_on_update_names_the_reason(
    stack: Stack, registration: Registration, ecs_local: LocalEcs
) -> None:
    stack.up(registration.inputs)
    recorded = dict(stack.outputs)
    ecs_local.control.fail_next_deployments(1, reason="readiness probe failed")

    with pytest.raises(ProviderError) as raised:
        stack.up(
            changed(
                registration,
                daemon_task_definition_arn=ecs_local.register_task_definition(),
            )
        )

    assert "readiness probe failed" in raised.value.details
    assert "rolled the daemon back" in raised.value.details
    assert stack.outputs == recorded
    assert (
        live_task_definition(ecs_local, stack.id)
        == (registration.inputs["daemon_task_definition_arn"])
    )


def test_destroy_lets_its_capacity_provider_and_cluster_be_deleted(
    stack: Stack, registration: Registration, ecs_local: LocalEcs, setup: DaemonSetup
) -> None:
    stack.up(registration.inputs)

    stack.destroy()

    for capacity_provider in setup.capacity_provider_arns:
        ecs_local.ecs.delete_capacity_provider(capacityProvider=capacity_provider)
    ecs_local.ecs.delete_cluster(cluster=setup.cluster_arn)


def test_preview_with_unknown_inputs_reports_possible_changes_without_calls(
    stack: Stack, registration: Registration, ecs_local: LocalEcs
) -> None:
    unknown_definition = changed(registration, daemon_task_definition_arn=UNKNOWN)
    unknown_cluster = changed(
        registration, cluster_arn=UNKNOWN, capacity_provider_arns=[UNKNOWN]
    )
    ecs_local.control.clear_calls()

    assert stack.preview(unknown_definition) is None
    assert stack.preview(changed(registration, tags={"team": UNKNOWN})) is None
    stack.up(registration.inputs)
    ecs_local.control.clear_calls()
    update = stack.preview(unknown_definition)
    replace = stack.preview(unknown_cluster)

    assert update is not None and update.changes == "DIFF_SOME"
    assert update.replaces == ()
    assert replace is not None and replace.replaces == ("cluster_arn",)
    assert replace.delete_before_replace is True
    assert operations(ecs_local) == []


def test_invalid_inputs_are_rejected_at_check_before_any_call(
    stack: Stack, registration: Registration, ecs_local: LocalEcs
) -> None:
    bad = changed(
        registration,
        deployment_configuration={"drain_percent": 150.0},
        tags={"aws:team": "platform"},
        propagate_tags="SERVICE",
    )
    ecs_local.control.clear_calls()

    with pytest.raises(CheckFailed) as raised:
        stack.up(bad)

    assert {prop for prop, _ in raised.value.failures} == {
        "deployment_configuration.drain_percent",
        "tags['aws:team'].key",
        "propagate_tags",
    }
    assert operations(ecs_local) == []
    assert stack.id == ""
