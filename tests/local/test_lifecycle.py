"""The whole daemon lifecycle over real HTTP with boto3."""

from __future__ import annotations

import pytest

from ecs_daemon_local.testing import DaemonSetup, LocalEcs
from tests.local.conftest import MakeDaemon


@pytest.mark.ecs_local(time_scale=0)
def test_daemon_lifecycle_create_update_retag_delete(
    ecs_local: LocalEcs, setup: DaemonSetup, make_daemon: MakeDaemon
) -> None:
    ecs = ecs_local.ecs

    # GIVEN a new daemon
    created = make_daemon(tags=[{"key": "team", "value": "ops"}])
    arn = created["daemonArn"]
    assert arn.endswith(":daemon/" + setup.cluster_arn.rsplit("/", 1)[1] + "/agent")
    assert created["status"] == "ACTIVE"

    # THEN its first deployment starts PENDING and ends SUCCESSFUL
    first = created["deploymentArn"]
    deployments = ecs.describe_daemon_deployments(daemonDeploymentArns=[first])
    assert deployments["daemonDeployments"][0]["status"] == "PENDING"
    assert ecs_local.finish_deployment(first) == "SUCCESSFUL"

    daemon = ecs.describe_daemon(daemonArn=arn)["daemon"]
    assert daemon["status"] == "ACTIVE"
    assert daemon["deploymentArn"] == first
    [current] = daemon["currentRevisions"]
    assert current["totalRunningCount"] == 6
    assert current["totalWithoutDaemonCount"] == 0
    assert [cp["arn"] for cp in current["capacityProviders"]] == list(
        setup.capacity_provider_arns
    )

    [revision] = ecs.describe_daemon_revisions(daemonRevisionArns=[current["arn"]])[
        "daemonRevisions"
    ]
    assert revision["daemonTaskDefinitionArn"] == setup.task_definition_arn
    assert revision["propagateTags"] == "NONE"
    assert revision["critical"] is True
    assert revision["containerImages"][0]["imageDigest"].startswith("sha256:")

    # WHEN it is updated in place
    task_definition = ecs_local.register_task_definition(image="busybox:2")
    updated = ecs.update_daemon(
        daemonArn=arn,
        daemonTaskDefinitionArn=task_definition,
        capacityProviderArns=list(setup.capacity_provider_arns),
        propagateTags="DAEMON",
        enableExecuteCommand=True,
    )
    assert updated["deploymentArn"] != first
    assert ecs_local.finish_deployment(updated["deploymentArn"]) == "SUCCESSFUL"

    # THEN the daemon runs the new revision only
    daemon = ecs.describe_daemon(daemonArn=arn)["daemon"]
    [current] = daemon["currentRevisions"]
    [revision] = ecs.describe_daemon_revisions(daemonRevisionArns=[current["arn"]])[
        "daemonRevisions"
    ]
    assert revision["daemonTaskDefinitionArn"] == task_definition
    assert revision["propagateTags"] == "DAEMON"
    assert revision["enableExecuteCommand"] is True
    history = ecs.list_daemon_deployments(daemonArn=arn)["daemonDeployments"]
    assert [d["daemonDeploymentArn"] for d in history] == [
        updated["deploymentArn"],
        first,
    ]

    # WHEN its tags change THEN no deployment starts
    ecs.tag_resource(resourceArn=arn, tags=[{"key": "env", "value": "dev"}])
    ecs.untag_resource(resourceArn=arn, tagKeys=["team"])
    assert ecs.list_tags_for_resource(resourceArn=arn)["tags"] == [
        {"key": "env", "value": "dev"}
    ]
    daemon = ecs.describe_daemon(daemonArn=arn)["daemon"]
    assert daemon["deploymentArn"] == updated["deploymentArn"]

    # WHEN it is deleted
    deleted = ecs.delete_daemon(daemonArn=arn)
    assert deleted["status"] == "DELETE_IN_PROGRESS"
    with pytest.raises(ecs.exceptions.DaemonNotActiveException):
        ecs.delete_daemon(daemonArn=arn)

    # THEN it is gone once the drain ends, and its history stays readable
    assert ecs_local.finish_deployment(deleted["deploymentArn"]) == "SUCCESSFUL"
    with pytest.raises(ecs.exceptions.DaemonNotFoundException):
        ecs.describe_daemon(daemonArn=arn)
    [gone] = ecs.describe_daemon_deployments(
        daemonDeploymentArns=[deleted["deploymentArn"]]
    )["daemonDeployments"]
    assert gone["targetDaemonRevision"]["totalWithoutDaemonInstanceCount"] == 6
    assert "arn" not in gone["targetDaemonRevision"]

    # AND its capacity providers and cluster can go
    for provider in setup.capacity_provider_arns:
        ecs.delete_capacity_provider(capacityProvider=provider)
    cluster = ecs.delete_cluster(cluster=setup.cluster_arn)["cluster"]
    assert cluster["status"] == "INACTIVE"


def test_deployment_configuration_defaults(
    ecs_local: LocalEcs, make_daemon: MakeDaemon
) -> None:
    created = make_daemon()

    [deployment] = ecs_local.ecs.describe_daemon_deployments(
        daemonDeploymentArns=[created["deploymentArn"]]
    )["daemonDeployments"]

    assert deployment["deploymentConfiguration"] == {
        "drainPercent": 25.0,
        "bakeTimeInMinutes": 0,
        "alarms": {"alarmNames": [], "enable": False},
    }
    assert deployment["circuitBreaker"]["threshold"] == 3
    assert deployment["alarms"]["status"] == "DISABLED"


def test_daemon_in_default_cluster_when_cluster_omitted(ecs_local: LocalEcs) -> None:
    ecs = ecs_local.ecs
    ecs_local.create_cluster("default")
    provider = ecs_local.create_capacity_provider("default")
    task_definition = ecs_local.register_task_definition()

    created = ecs.create_daemon(
        daemonName="agent",
        daemonTaskDefinitionArn=task_definition,
        capacityProviderArns=[provider],
    )

    assert ":daemon/default/agent" in created["daemonArn"]
    [summary] = ecs.list_daemons()["daemonSummariesList"]
    assert summary["daemonArn"] == created["daemonArn"]


def test_bake_time_of_minutes_finishes_fast_at_time_scale_600(
    ecs_local: LocalEcs, make_daemon: MakeDaemon
) -> None:
    import time

    created = make_daemon(
        deploymentConfiguration={"drainPercent": 100.0, "bakeTimeInMinutes": 3}
    )
    deadline = time.monotonic() + 5

    while time.monotonic() < deadline:
        [deployment] = ecs_local.ecs.describe_daemon_deployments(
            daemonDeploymentArns=[created["deploymentArn"]]
        )["daemonDeployments"]
        if deployment["status"] == "SUCCESSFUL":
            break
        time.sleep(0.05)

    # One step of 1 + 3 minutes: about 0.4 real seconds at 600 times real time.
    assert deployment["status"] == "SUCCESSFUL"
    assert deployment["finishedAt"] > deployment["startedAt"]


@pytest.mark.ecs_local(time_scale=0)
def test_idempotent_client_token(ecs_local: LocalEcs, make_daemon: MakeDaemon) -> None:
    first = make_daemon(clientToken="token-1")

    again = make_daemon(clientToken="token-1")

    assert again["daemonArn"] == first["daemonArn"]
    assert again["deploymentArn"] == first["deploymentArn"]
    assert (
        len(
            ecs_local.ecs.list_daemons(clusterArn=first["daemonArn"].split("/")[1])[
                "daemonSummariesList"
            ]
        )
        == 1
    )
    with pytest.raises(ecs_local.ecs.exceptions.InvalidParameterException) as caught:
        make_daemon(clientToken="token-1", critical=False)
    assert "clientToken" in str(caught.value)
    assert "idempotent" in str(caught.value)


@pytest.mark.ecs_local(time_scale=0)
def test_client_token_is_forgotten_once_its_daemon_is_gone(
    ecs_local: LocalEcs, make_daemon: MakeDaemon
) -> None:
    first = make_daemon(clientToken="token-1")
    deleted = ecs_local.ecs.delete_daemon(daemonArn=first["daemonArn"])
    ecs_local.finish_deployment(deleted["deploymentArn"])

    again = make_daemon(clientToken="token-1")

    assert again["daemonArn"] == first["daemonArn"]
    assert again["deploymentArn"] != first["deploymentArn"]


def test_duplicate_daemon_name_is_refused(
    ecs_local: LocalEcs, make_daemon: MakeDaemon
) -> None:
    make_daemon()

    with pytest.raises(ecs_local.ecs.exceptions.InvalidParameterException) as caught:
        make_daemon()

    assert "already used" in str(caught.value)


def test_concurrent_creates_each_make_one_daemon(
    ecs_local: LocalEcs, setup: DaemonSetup
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def create(index: int) -> str:
        client = ecs_local.client()
        return client.create_daemon(
            daemonName=f"agent-{index}",
            clusterArn=setup.cluster_arn,
            daemonTaskDefinitionArn=setup.task_definition_arn,
            capacityProviderArns=list(setup.capacity_provider_arns),
        )["daemonArn"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        created = list(pool.map(create, range(24)))

    listed = ecs_local.ecs.list_daemons(clusterArn=setup.cluster_arn)
    assert sorted(d["daemonArn"] for d in listed["daemonSummariesList"]) == sorted(
        created
    )
