"""The handler's lifecycle rules, in process, against the local endpoint."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from cdk_ecs_daemon.runtime import lifecycle
from ecs_daemon_core import DeploymentFailedError, ValidationError, WaitTimeoutError

from .events import cfn_event, daemon_properties
from .events import setup_properties as props

if TYPE_CHECKING:
    from mypy_boto3_ecs import ECSClient

    from ecs_daemon_local.testing import DaemonSetup, LocalEcs

pytestmark = pytest.mark.ecs_local(time_scale=0)


def operations(ecs_local: LocalEcs) -> list[str]:
    return [call["operation"] for call in ecs_local.control.calls()]


def create(client: ECSClient, properties: dict[str, Any]) -> dict[str, Any]:
    return lifecycle.on_event(client, cfn_event("Create", properties))


def complete(
    client: ECSClient, event: dict[str, Any], response: dict[str, Any]
) -> bool:
    """is_complete with the event the framework builds from on_event's answer."""
    merged = {**event, **response}
    return lifecycle.is_complete(client, merged)


@pytest.fixture
def client(ecs_local: LocalEcs) -> ECSClient:
    return ecs_local.client()


def test_create_answers_daemon_arn_and_every_attribute_as_json_strings(
    ecs_local: LocalEcs, setup: DaemonSetup, client: ECSClient
) -> None:
    ecs_local.control.clear_calls()

    response = create(client, props(setup))

    arn = response["PhysicalResourceId"]
    data = response["Data"]
    assert arn.endswith(":daemon/" + setup.cluster_arn.rsplit("/", 1)[1] + "/agent")
    assert data["DaemonArn"] == arn
    assert data["DaemonName"] == "agent"
    assert data["DeploymentArn"] == data["StartedDeploymentArn"] != ""
    assert all(isinstance(value, str) for value in data.values())
    assert len(json.dumps(data)) < 4096
    assert operations(ecs_local) == ["CreateDaemon"]


def test_create_waits_for_its_deployment(
    ecs_local: LocalEcs, setup: DaemonSetup, client: ECSClient
) -> None:
    event = cfn_event("Create", props(setup))
    response = lifecycle.on_event(client, event)

    assert complete(client, event, response) is False
    ecs_local.finish_deployment(response["Data"]["StartedDeploymentArn"])
    assert complete(client, event, response) is True


def test_retried_create_of_one_request_makes_one_daemon(
    ecs_local: LocalEcs, setup: DaemonSetup, client: ECSClient
) -> None:
    event = cfn_event("Create", props(setup))

    first = lifecycle.on_event(client, event)
    second = lifecycle.on_event(client, event)

    assert first["PhysicalResourceId"] == second["PhysicalResourceId"]
    daemons = client.list_daemons(clusterArn=setup.cluster_arn)
    assert len(daemons["daemonSummariesList"]) == 1


def test_invalid_properties_fail_before_any_api_call(
    ecs_local: LocalEcs, setup: DaemonSetup, client: ECSClient
) -> None:
    ecs_local.control.clear_calls()

    with pytest.raises(ValidationError, match="DrainPercent"):
        create(client, props(setup, DeploymentConfiguration={"DrainPercent": "150"}))

    assert operations(ecs_local) == []


def test_tag_only_change_calls_no_update_daemon(
    ecs_local: LocalEcs, setup: DaemonSetup, client: ECSClient
) -> None:
    old = props(setup, tags={"team": "a", "gone": "x"})
    arn = create(client, old)["PhysicalResourceId"]
    new = props(setup, tags={"team": "b"})
    ecs_local.control.clear_calls()

    event = cfn_event("Update", new, old_properties=old, physical_id=arn)
    response = lifecycle.on_event(client, event)

    assert "UpdateDaemon" not in operations(ecs_local)
    assert {"TagResource", "UntagResource"} <= set(operations(ecs_local))
    assert response["PhysicalResourceId"] == arn
    assert response["Data"]["StartedDeploymentArn"] == ""
    assert response["Data"]["DeploymentArn"] != ""
    assert complete(client, event, response) is True
    tags = client.list_tags_for_resource(resourceArn=arn)["tags"]
    assert tags == [{"key": "team", "value": "b"}]


def test_no_op_update_calls_no_update_daemon(
    ecs_local: LocalEcs, setup: DaemonSetup, client: ECSClient
) -> None:
    old = props(setup)
    arn = create(client, old)["PhysicalResourceId"]
    ecs_local.control.clear_calls()

    new = props(setup, WaitForDeployment=False)
    lifecycle.on_event(
        client, cfn_event("Update", new, old_properties=old, physical_id=arn)
    )

    assert operations(ecs_local) == ["DescribeDaemon"]


def test_task_definition_change_updates_in_place_and_waits(
    ecs_local: LocalEcs, setup: DaemonSetup, client: ECSClient
) -> None:
    old = props(setup)
    arn = create(client, old)["PhysicalResourceId"]
    new = props(setup, task_definition_arn=ecs_local.register_task_definition())
    ecs_local.control.clear_calls()

    event = cfn_event("Update", new, old_properties=old, physical_id=arn)
    response = lifecycle.on_event(client, event)

    assert operations(ecs_local) == ["UpdateDaemon"]
    assert response["PhysicalResourceId"] == arn
    started = response["Data"]["StartedDeploymentArn"]
    assert complete(client, event, response) is False
    ecs_local.finish_deployment(started)
    assert complete(client, event, response) is True


def test_name_change_creates_a_new_daemon_under_a_new_physical_id(
    ecs_local: LocalEcs, setup: DaemonSetup, client: ECSClient
) -> None:
    old = props(setup)
    arn = create(client, old)["PhysicalResourceId"]
    new = props(setup, name="agent-2")

    response = lifecycle.on_event(
        client, cfn_event("Update", new, old_properties=old, physical_id=arn)
    )

    assert response["PhysicalResourceId"] != arn
    assert response["PhysicalResourceId"].endswith("/agent-2")
    # The old daemon stays until CloudFormation deletes it.
    assert client.describe_daemon(daemonArn=arn)["daemon"]["status"] == "ACTIVE"


def test_rollback_of_failed_replacement_returns_to_the_original_daemon(
    ecs_local: LocalEcs, setup: DaemonSetup, client: ECSClient
) -> None:
    # GIVEN a daemon, and an update that moves it to another cluster and fails
    original = props(setup)
    original_arn = create(client, original)["PhysicalResourceId"]
    other = ecs_local.setup()
    moved = props(other)
    ecs_local.control.fail_next_deployments(1, reason="agent crashed")
    update = cfn_event(
        "Update", moved, old_properties=original, physical_id=original_arn
    )
    response = lifecycle.on_event(client, update)
    ecs_local.finish_deployment(response["Data"]["StartedDeploymentArn"])
    with pytest.raises(DeploymentFailedError, match="agent crashed"):
        complete(client, update, response)
    ecs_local.control.clear_calls()

    # WHEN CloudFormation rolls back with the failed daemon's id
    rollback = cfn_event(
        "Update",
        original,
        old_properties=moved,
        physical_id=response["PhysicalResourceId"],
    )
    answer = lifecycle.on_event(client, rollback)

    # THEN the original daemon is the resource again, untouched
    assert answer["PhysicalResourceId"] == original_arn
    assert "CreateDaemon" not in operations(ecs_local)
    assert "UpdateDaemon" not in operations(ecs_local)
    assert complete(client, rollback, answer) is True


def test_replacement_into_a_name_taken_by_another_daemon_fails(
    ecs_local: LocalEcs, setup: DaemonSetup, client: ECSClient
) -> None:
    create(client, props(setup, name="taken", tags={"owner": "someone-else"}))
    old = props(setup)
    arn = create(client, old)["PhysicalResourceId"]

    with pytest.raises(lifecycle.ReplacementConflictError, match="'taken'"):
        lifecycle.on_event(
            client,
            cfn_event(
                "Update",
                props(setup, name="taken"),
                old_properties=old,
                physical_id=arn,
            ),
        )


def test_update_of_a_daemon_deleted_out_of_band_creates_it_again(
    ecs_local: LocalEcs, setup: DaemonSetup, client: ECSClient
) -> None:
    old = props(setup)
    arn = create(client, old)["PhysicalResourceId"]
    client.delete_daemon(daemonArn=arn)
    ecs_local.control.advance(3600)
    new = props(setup, tags={"team": "a"})

    response = lifecycle.on_event(
        client, cfn_event("Update", new, old_properties=old, physical_id=arn)
    )

    assert response["PhysicalResourceId"] == arn
    assert client.describe_daemon(daemonArn=arn)["daemon"]["status"] == "ACTIVE"


def test_delete_of_an_id_that_is_not_a_daemon_arn_calls_nothing(
    ecs_local: LocalEcs, setup: DaemonSetup, client: ECSClient
) -> None:
    ecs_local.control.clear_calls()
    event = cfn_event("Delete", props(setup), physical_id="5f0c2a0e-request-id")

    response = lifecycle.on_event(client, event)

    assert response["PhysicalResourceId"] == "5f0c2a0e-request-id"
    assert complete(client, event, response) is True
    assert operations(ecs_local) == []


def test_delete_of_a_daemon_already_gone_succeeds(
    ecs_local: LocalEcs, setup: DaemonSetup, client: ECSClient
) -> None:
    arn = create(client, props(setup))["PhysicalResourceId"]
    client.delete_daemon(daemonArn=arn)
    ecs_local.control.advance(3600)
    event = cfn_event("Delete", props(setup), physical_id=arn)

    response = lifecycle.on_event(client, event)

    assert complete(client, event, response) is True


def test_delete_waits_until_the_daemon_is_gone(
    ecs_local: LocalEcs, setup: DaemonSetup, client: ECSClient
) -> None:
    arn = create(client, props(setup))["PhysicalResourceId"]
    event = cfn_event("Delete", props(setup), physical_id=arn)

    response = lifecycle.on_event(client, event)
    # A delete whose first answer was lost is sent again: already going is fine.
    again = lifecycle.on_event(client, event)

    assert again["PhysicalResourceId"] == arn
    assert complete(client, event, response) is False
    ecs_local.control.advance(3600)
    assert complete(client, event, response) is True


@pytest.mark.parametrize("kind", ["throttling", "drop", "unavailable"])
def test_passing_errors_in_is_complete_mean_not_complete(
    ecs_local: LocalEcs, setup: DaemonSetup, kind: str
) -> None:
    client = ecs_local.client(max_attempts=1, read_timeout=2, connect_timeout=2)
    event = cfn_event("Create", props(setup))
    response = lifecycle.on_event(client, event)
    ecs_local.finish_deployment(response["Data"]["StartedDeploymentArn"])
    ecs_local.control.inject_faults(
        kinds=[kind], operations=["DescribeDaemonDeployments"]
    )

    assert complete(client, event, response) is False

    ecs_local.control.clear_faults()
    assert complete(client, event, response) is True


def test_failed_deployment_fails_is_complete_with_its_reason(
    ecs_local: LocalEcs, setup: DaemonSetup, client: ECSClient
) -> None:
    ecs_local.control.fail_next_deployments(1, reason="image pull failed")
    event = cfn_event("Create", props(setup))
    response = lifecycle.on_event(client, event)
    ecs_local.finish_deployment(response["Data"]["StartedDeploymentArn"])

    with pytest.raises(DeploymentFailedError, match="image pull failed"):
        complete(client, event, response)


def test_wait_gives_up_at_the_resource_timeout(
    ecs_local: LocalEcs,
    setup: DaemonSetup,
    client: ECSClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    event = cfn_event("Create", props(setup, DeploymentTimeoutSeconds=600))
    response = lifecycle.on_event(client, event)
    started = float(response["Data"]["StartedAt"])

    monkeypatch.setattr(lifecycle, "now", lambda: started + 599)
    assert complete(client, event, response) is False
    monkeypatch.setattr(lifecycle, "now", lambda: started + 600)
    with pytest.raises(WaitTimeoutError, match="daemon deployment"):
        complete(client, event, response)


def test_no_wait_when_wait_for_deployment_is_false(
    ecs_local: LocalEcs, setup: DaemonSetup, client: ECSClient
) -> None:
    event = cfn_event("Create", props(setup, WaitForDeployment=False))
    response = lifecycle.on_event(client, event)

    assert complete(client, event, response) is True


def test_data_of_the_longest_names_stays_under_4_kb(
    ecs_local: LocalEcs, client: ECSClient
) -> None:
    cluster = ecs_local.create_cluster("c" * 255)
    provider = ecs_local.create_capacity_provider(cluster)
    setup_arns = (cluster, provider, ecs_local.register_task_definition())
    properties = daemon_properties(
        name="d" * 255,
        cluster_arn=setup_arns[0],
        task_definition_arn=setup_arns[2],
        capacity_provider_arns=[setup_arns[1]],
    )

    response = create(client, properties)

    assert len(json.dumps(response["Data"]).encode()) < 4096
