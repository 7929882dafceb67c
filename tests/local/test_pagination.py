"""Pagination with maxResults and nextToken over real HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from ecs_daemon_local.testing import DaemonSetup, LocalEcs

DAEMONS = 250


@pytest.fixture
def many_daemons(ecs_local: LocalEcs, setup: DaemonSetup) -> list[str]:
    """250 daemons, created in-process to keep the setup fast."""
    arns = []
    for index in range(DAEMONS):
        created = ecs_local.backend.invoke(
            "CreateDaemon",
            {
                "daemonName": f"agent-{index:03d}",
                "clusterArn": setup.cluster_arn,
                "daemonTaskDefinitionArn": setup.task_definition_arn,
                "capacityProviderArns": list(setup.capacity_provider_arns),
            },
        )
        arns.append(created["daemonArn"])
    return arns


def _pages(call: Any, key: str, **params: Any) -> list[list[dict[str, Any]]]:
    pages = []
    token = None
    while True:
        response = call(**params, **({"nextToken": token} if token else {}))
        pages.append(response[key])
        token = response.get("nextToken")
        if not token:
            return pages


def test_list_daemons_pages_through_250_daemons(
    ecs_local: LocalEcs, setup: DaemonSetup, many_daemons: list[str]
) -> None:
    pages = _pages(
        ecs_local.ecs.list_daemons,
        "daemonSummariesList",
        clusterArn=setup.cluster_arn,
        maxResults=100,
    )

    assert [len(page) for page in pages] == [100, 100, 50]
    listed = [summary["daemonArn"] for page in pages for summary in page]
    assert listed == many_daemons


def test_list_daemons_default_page_size_is_100(
    ecs_local: LocalEcs, setup: DaemonSetup, many_daemons: list[str]
) -> None:
    first = ecs_local.ecs.list_daemons(clusterArn=setup.cluster_arn)

    assert len(first["daemonSummariesList"]) == 100
    assert first["nextToken"]


def test_page_stays_correct_when_a_listed_daemon_goes_away(
    ecs_local: LocalEcs, setup: DaemonSetup, many_daemons: list[str]
) -> None:
    ecs = ecs_local.ecs
    first = ecs.list_daemons(clusterArn=setup.cluster_arn, maxResults=10)
    last = first["daemonSummariesList"][-1]["daemonArn"]
    ecs_local.backend.state.remove_daemon(ecs_local.backend.state.daemons[last])

    second = ecs.list_daemons(
        clusterArn=setup.cluster_arn, maxResults=10, nextToken=first["nextToken"]
    )

    assert second["daemonSummariesList"][0]["daemonArn"] == many_daemons[10]


def test_small_pages_of_deployments_and_task_definitions(
    ecs_local: LocalEcs, setup: DaemonSetup
) -> None:
    ecs = ecs_local.ecs
    for _ in range(4):
        ecs_local.register_task_definition("paged")
    created = ecs.create_daemon(
        daemonName="agent",
        clusterArn=setup.cluster_arn,
        daemonTaskDefinitionArn=setup.task_definition_arn,
        capacityProviderArns=list(setup.capacity_provider_arns),
    )
    for _ in range(4):
        ecs.update_daemon(
            daemonArn=created["daemonArn"],
            daemonTaskDefinitionArn=setup.task_definition_arn,
            capacityProviderArns=list(setup.capacity_provider_arns),
        )

    deployments = _pages(
        ecs.list_daemon_deployments,
        "daemonDeployments",
        daemonArn=created["daemonArn"],
        maxResults=2,
    )
    definitions = _pages(
        ecs.list_daemon_task_definitions,
        "daemonTaskDefinitions",
        family="paged",
        sort="DESC",
        maxResults=3,
    )

    assert [len(page) for page in deployments] == [2, 2, 1]
    assert deployments[-1][0]["daemonDeploymentArn"] == created["deploymentArn"]
    assert [d["arn"][-1] for page in definitions for d in page] == list("4321")


def test_invalid_page_arguments(ecs_local: LocalEcs) -> None:
    ecs = ecs_local.ecs

    with pytest.raises(ecs.exceptions.InvalidParameterException):
        ecs.list_clusters(nextToken="garbage")
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        ecs.list_clusters(maxResults=101)
