"""Clusters, capacity providers, daemon task definitions and tags over HTTP."""

from __future__ import annotations

import pytest

from ecs_daemon_local.testing import DaemonSetup, LocalEcs
from tests.local.conftest import MakeDaemon


def test_create_cluster_returns_the_existing_active_cluster(
    ecs_local: LocalEcs,
) -> None:
    ecs = ecs_local.ecs
    first = ecs.create_cluster(clusterName="demo", tags=[{"key": "a", "value": "1"}])

    again = ecs.create_cluster(clusterName="demo")

    assert again["cluster"]["clusterArn"] == first["cluster"]["clusterArn"]
    assert ecs.list_clusters()["clusterArns"] == [first["cluster"]["clusterArn"]]


def test_describe_clusters_reports_missing_ones_and_includes_tags(
    ecs_local: LocalEcs,
) -> None:
    ecs = ecs_local.ecs
    ecs.create_cluster(clusterName="demo", tags=[{"key": "a", "value": "1"}])
    ecs_local.create_capacity_provider("demo", instances=3)

    described = ecs.describe_clusters(clusters=["demo", "nope"], include=["TAGS"])

    [cluster] = described["clusters"]
    assert cluster["tags"] == [{"key": "a", "value": "1"}]
    assert cluster["registeredContainerInstancesCount"] == 3
    assert described["failures"] == [
        {"arn": "arn:aws:ecs:us-east-1:000000000000:cluster/nope", "reason": "MISSING"}
    ]


def test_delete_cluster_waits_for_its_capacity_providers(ecs_local: LocalEcs) -> None:
    ecs = ecs_local.ecs
    cluster = ecs_local.create_cluster()
    provider = ecs_local.create_capacity_provider(cluster)

    with pytest.raises(ecs.exceptions.ClusterContainsCapacityProviderException):
        ecs.delete_cluster(cluster=cluster)
    ecs.delete_capacity_provider(capacityProvider=provider)
    ecs.delete_cluster(cluster=cluster)

    [described] = ecs.describe_clusters(clusters=[cluster])["clusters"]
    assert described["status"] == "INACTIVE"
    assert ecs.list_clusters()["clusterArns"] == []
    with pytest.raises(ecs.exceptions.ClusterNotFoundException):
        ecs.list_daemons(clusterArn=cluster)


def test_delete_cluster_and_provider_refused_while_a_daemon_uses_them(
    ecs_local: LocalEcs, setup: DaemonSetup, make_daemon: MakeDaemon
) -> None:
    ecs = ecs_local.ecs
    make_daemon()

    with pytest.raises(ecs.exceptions.ClusterContainsServicesException):
        ecs.delete_cluster(cluster=setup.cluster_arn)
    with pytest.raises(ecs.exceptions.ClientException) as caught:
        ecs.delete_capacity_provider(capacityProvider=setup.capacity_provider_arns[0])
    assert "in use by daemon" in str(caught.value)


def test_managed_instances_capacity_provider_is_cluster_scoped(
    ecs_local: LocalEcs, setup: DaemonSetup, make_daemon: MakeDaemon
) -> None:
    ecs = ecs_local.ecs
    other = ecs_local.create_capacity_provider(ecs_local.create_cluster())

    [provider] = ecs.describe_capacity_providers(
        capacityProviders=[setup.capacity_provider_arns[0]], include=["TAGS"]
    )["capacityProviders"]
    assert provider["type"] == "MANAGED_INSTANCES"
    assert provider["cluster"] == setup.cluster_arn.rsplit("/", 1)[1]
    assert {"key": "ecs-local:instances", "value": "4"} in provider["tags"]
    in_cluster = ecs.describe_capacity_providers(cluster=setup.cluster_arn)
    assert len(in_cluster["capacityProviders"]) == 2

    with pytest.raises(ecs.exceptions.InvalidParameterException) as caught:
        make_daemon(capacityProviderArns=[other])
    assert "belongs to cluster" in str(caught.value)


def test_daemon_refuses_a_provider_that_is_not_managed_instances(
    ecs_local: LocalEcs, make_daemon: MakeDaemon
) -> None:
    fargate = "arn:aws:ecs:us-east-1:000000000000:capacity-provider/FARGATE"

    with pytest.raises(ecs_local.ecs.exceptions.InvalidParameterException) as caught:
        make_daemon(capacityProviderArns=[fargate])

    assert "Managed Instances" in str(caught.value)


@pytest.mark.ecs_local(time_scale=0)
def test_task_definition_revisions_describe_list_and_delete(
    ecs_local: LocalEcs,
) -> None:
    ecs = ecs_local.ecs
    first = ecs_local.register_task_definition("agent")
    second = ecs_local.register_task_definition("agent", image="busybox:2")
    ecs_local.register_task_definition("other")

    assert first.endswith(":daemon-task-definition/agent:1")
    by_family = ecs.describe_daemon_task_definition(daemonTaskDefinition="agent")
    assert by_family["daemonTaskDefinition"]["daemonTaskDefinitionArn"] == second
    by_revision = ecs.describe_daemon_task_definition(daemonTaskDefinition="agent:1")
    assert by_revision["daemonTaskDefinition"]["revision"] == 1

    latest = ecs.list_daemon_task_definitions(revision="LAST_REGISTERED", sort="DESC")
    assert [d["arn"].rsplit("/", 1)[1] for d in latest["daemonTaskDefinitions"]] == [
        "other:1",
        "agent:2",
    ]
    assert (
        len(
            ecs.list_daemon_task_definitions(familyPrefix="ag")["daemonTaskDefinitions"]
        )
        == 2
    )

    ecs.delete_daemon_task_definition(daemonTaskDefinition=first)
    deleting = ecs.describe_daemon_task_definition(daemonTaskDefinition=first)
    assert deleting["daemonTaskDefinition"]["status"] == "DELETE_IN_PROGRESS"
    listed = ecs.list_daemon_task_definitions(status="DELETE_IN_PROGRESS")
    assert [d["arn"] for d in listed["daemonTaskDefinitions"]] == [first]
    with pytest.raises(ecs.exceptions.ClientException):
        ecs.delete_daemon_task_definition(daemonTaskDefinition=first)

    ecs_local.control.advance(60)
    deleted = ecs.describe_daemon_task_definition(daemonTaskDefinition=first)
    assert deleted["daemonTaskDefinition"]["status"] == "DELETED"


@pytest.mark.ecs_local(time_scale=0)
def test_task_definition_in_use_stays_delete_in_progress(
    ecs_local: LocalEcs, setup: DaemonSetup, make_daemon: MakeDaemon
) -> None:
    ecs = ecs_local.ecs
    make_daemon()

    ecs.delete_daemon_task_definition(daemonTaskDefinition=setup.task_definition_arn)
    ecs_local.control.advance(3600)

    described = ecs.describe_daemon_task_definition(
        daemonTaskDefinition=setup.task_definition_arn
    )
    assert described["daemonTaskDefinition"]["status"] == "DELETE_IN_PROGRESS"
    with pytest.raises(ecs.exceptions.InvalidParameterException) as caught:
        make_daemon(name="second")
    assert "must be ACTIVE" in str(caught.value)


def test_tags_on_every_taggable_resource(
    ecs_local: LocalEcs, setup: DaemonSetup, make_daemon: MakeDaemon
) -> None:
    ecs = ecs_local.ecs
    daemon = make_daemon()["daemonArn"]
    resources = [
        setup.cluster_arn,
        setup.capacity_provider_arns[1],
        setup.task_definition_arn,
        daemon,
    ]

    for arn in resources:
        ecs.tag_resource(resourceArn=arn, tags=[{"key": "k", "value": "v"}])
        ecs.tag_resource(resourceArn=arn, tags=[{"key": "k", "value": "w"}])
        tags = ecs.list_tags_for_resource(resourceArn=arn)["tags"]
        assert {"key": "k", "value": "w"} in tags, arn
        ecs.untag_resource(resourceArn=arn, tagKeys=["k"])
        tags = ecs.list_tags_for_resource(resourceArn=arn)["tags"]
        assert all(tag["key"] != "k" for tag in tags), arn


def test_tag_limits(ecs_local: LocalEcs, make_daemon: MakeDaemon) -> None:
    ecs = ecs_local.ecs
    daemon = make_daemon(tags=[{"key": f"k{i}", "value": ""} for i in range(50)])[
        "daemonArn"
    ]

    with pytest.raises(ecs.exceptions.InvalidParameterException) as caught:
        ecs.tag_resource(resourceArn=daemon, tags=[{"key": "one-more", "value": ""}])
    assert "at most 50" in str(caught.value)
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        ecs.tag_resource(resourceArn=daemon, tags=[{"key": "AWS:x", "value": ""}])
