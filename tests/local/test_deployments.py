"""Deployments over simulated time: rollout counts, rollbacks, superseding.

Time is frozen (``time_scale=0``) and moved by hand. With the default timing a
deployment is PENDING for 5 s, then each step drains for 30 s, launches for 30 s
and bakes for ``bakeTimeInMinutes``.
"""

from __future__ import annotations

from typing import Any

import pytest

from ecs_daemon_local.testing import DaemonSetup, LocalEcs
from tests.local.conftest import MakeDaemon

pytestmark = pytest.mark.ecs_local(time_scale=0)


class Timeline:
    """Moves simulated time to offsets from a start and reads a deployment."""

    def __init__(self, ecs_local: LocalEcs, deployment_arn: str) -> None:
        self.ecs_local = ecs_local
        self.deployment_arn = deployment_arn
        self.start = ecs_local.control.now()

    def at(self, offset: float) -> dict[str, Any]:
        now = self.ecs_local.control.now()
        self.ecs_local.control.advance(self.start + offset - now)
        return self.read()

    def read(self) -> dict[str, Any]:
        [deployment] = self.ecs_local.ecs.describe_daemon_deployments(
            daemonDeploymentArns=[self.deployment_arn]
        )["daemonDeployments"]
        return dict(deployment)


def counts(detail: dict[str, Any]) -> list[tuple[int, int, int]]:
    """(running, withoutDaemon, draining) of each capacity provider."""
    return [
        (
            cp["runningInstanceCount"],
            cp["withoutDaemonInstanceCount"],
            cp["drainingInstanceCount"],
        )
        for cp in detail["capacityProviders"]
    ]


@pytest.fixture
def two_providers(ecs_local: LocalEcs) -> DaemonSetup:
    """Capacity providers of 4 and 3 instances."""
    return ecs_local.setup(instances=(4, 3))


def _create_and_finish(
    ecs_local: LocalEcs, setup: DaemonSetup, **params: Any
) -> dict[str, Any]:
    created = ecs_local.ecs.create_daemon(
        daemonName="agent",
        clusterArn=setup.cluster_arn,
        daemonTaskDefinitionArn=setup.task_definition_arn,
        capacityProviderArns=list(setup.capacity_provider_arns),
        **params,
    )
    assert ecs_local.finish_deployment(created["deploymentArn"]) == "SUCCESSFUL"
    return dict(created)


def _update(
    ecs_local: LocalEcs, setup: DaemonSetup, arn: str, **params: Any
) -> dict[str, Any]:
    return dict(
        ecs_local.ecs.update_daemon(
            daemonArn=arn,
            daemonTaskDefinitionArn=ecs_local.register_task_definition(),
            capacityProviderArns=list(setup.capacity_provider_arns),
            **params,
        )
    )


def test_rollout_across_two_providers_moves_counts_by_drain_percent(
    ecs_local: LocalEcs, two_providers: DaemonSetup
) -> None:
    # GIVEN a daemon on 4 + 3 instances, updated with drainPercent 50 and a
    # one-minute bake: steps of 2 instances on both providers (ceil(1.5) = 2)
    arn = _create_and_finish(ecs_local, two_providers)["daemonArn"]
    updated = _update(
        ecs_local,
        two_providers,
        arn,
        deploymentConfiguration={"drainPercent": 50.0, "bakeTimeInMinutes": 1},
    )
    timeline = Timeline(ecs_local, updated["deploymentArn"])

    # WHEN time moves through each phase THEN the counts follow
    expected = [
        # offset, status, target counts, source counts
        (0, "PENDING", [(0, 0, 0), (0, 0, 0)], [(4, 0, 0), (3, 0, 0)]),
        (10, "IN_PROGRESS", [(0, 0, 0), (0, 0, 0)], [(2, 0, 2), (1, 0, 2)]),
        (40, "IN_PROGRESS", [(0, 2, 0), (0, 2, 0)], [(2, 0, 0), (1, 0, 0)]),
        (70, "IN_PROGRESS", [(2, 0, 0), (2, 0, 0)], [(2, 0, 0), (1, 0, 0)]),
        (130, "IN_PROGRESS", [(2, 0, 0), (2, 0, 0)], [(0, 0, 2), (0, 0, 1)]),
        (160, "IN_PROGRESS", [(2, 2, 0), (2, 1, 0)], [(0, 0, 0), (0, 0, 0)]),
        (244, "IN_PROGRESS", [(4, 0, 0), (3, 0, 0)], [(0, 0, 0), (0, 0, 0)]),
        (245, "SUCCESSFUL", [(4, 0, 0), (3, 0, 0)], [(0, 0, 0), (0, 0, 0)]),
    ]
    for offset, status, target, source in expected:
        deployment = timeline.at(offset)
        assert deployment["status"] == status, offset
        assert counts(deployment["targetDaemonRevision"]) == target, offset
        [old] = deployment["sourceDaemonRevisions"]
        assert counts(old) == source, offset

    finished = deployment["finishedAt"].timestamp()
    assert finished == pytest.approx(timeline.start + 245, abs=0.01)
    daemon = ecs_local.ecs.describe_daemon(daemonArn=arn)["daemon"]
    [current] = daemon["currentRevisions"]
    assert current["arn"] == deployment["targetDaemonRevision"]["arn"]
    assert current["totalRunningCount"] == 7


def test_describe_daemon_shows_both_revisions_mid_rollout(
    ecs_local: LocalEcs, two_providers: DaemonSetup
) -> None:
    arn = _create_and_finish(ecs_local, two_providers)["daemonArn"]
    updated = _update(ecs_local, two_providers, arn)
    Timeline(ecs_local, updated["deploymentArn"]).at(70)

    daemon = ecs_local.ecs.describe_daemon(daemonArn=arn)["daemon"]

    new, old = daemon["currentRevisions"]
    assert daemon["deploymentArn"] == updated["deploymentArn"]
    assert [cp["runningCount"] for cp in new["capacityProviders"]] == [1, 1]
    assert [cp["runningCount"] for cp in old["capacityProviders"]] == [3, 2]


def test_failed_update_rolls_back_to_the_previous_revision(
    ecs_local: LocalEcs, two_providers: DaemonSetup
) -> None:
    ecs = ecs_local.ecs
    arn = _create_and_finish(ecs_local, two_providers)["daemonArn"]
    before = ecs.describe_daemon(daemonArn=arn)["daemon"]["currentRevisions"][0]["arn"]
    ecs_local.control.fail_next_deployments(
        1, reason="daemon task health checks failed", alarms=["cpu-high"]
    )

    # WHEN an update with alarms enabled fails
    updated = _update(
        ecs_local,
        two_providers,
        arn,
        propagateTags="DAEMON",
        deploymentConfiguration={
            "alarms": {"alarmNames": ["cpu-high"], "enable": True}
        },
    )
    timeline = Timeline(ecs_local, updated["deploymentArn"])

    # THEN it rolls back when the circuit breaker trips
    assert timeline.at(40)["status"] == "IN_PROGRESS"
    rolling = timeline.at(50)
    assert rolling["status"] == "ROLLBACK_IN_PROGRESS"
    breaker = rolling["circuitBreaker"]
    assert breaker["status"] == "TRIGGERED"
    assert breaker["failureCount"] >= breaker["threshold"] == 4
    assert rolling["alarms"]["status"] == "TRIGGERED"
    assert rolling["alarms"]["triggeredAlarmNames"] == ["cpu-high"]
    assert rolling["rollback"]["reason"] == "daemon task health checks failed"
    assert rolling["rollback"]["rollbackTargetDaemonRevisionArn"] == before
    assert rolling["statusReason"] == "daemon task health checks failed"

    done = timeline.at(110)
    assert done["status"] == "ROLLBACK_SUCCESSFUL"
    assert done["statusReason"] == "daemon task health checks failed"
    assert "finishedAt" in done

    # AND the daemon shows the previous revision and its settings again
    daemon = ecs.describe_daemon(daemonArn=arn)["daemon"]
    [current] = daemon["currentRevisions"]
    assert current["arn"] == before
    assert current["totalRunningCount"] == 7
    [revision] = ecs.describe_daemon_revisions(daemonRevisionArns=[before])[
        "daemonRevisions"
    ]
    assert revision["propagateTags"] == "NONE"
    assert revision["daemonTaskDefinitionArn"] == two_providers.task_definition_arn


def test_failed_create_rolls_back_to_no_daemon_tasks(
    ecs_local: LocalEcs, make_daemon: MakeDaemon
) -> None:
    ecs_local.control.fail_next_deployments(1)
    created = make_daemon()

    status = ecs_local.finish_deployment(created["deploymentArn"])

    assert status == "ROLLBACK_SUCCESSFUL"
    [deployment] = ecs_local.ecs.describe_daemon_deployments(
        daemonDeploymentArns=[created["deploymentArn"]]
    )["daemonDeployments"]
    assert "circuit breaker" in deployment["statusReason"]
    assert "rollbackTargetDaemonRevisionArn" not in deployment["rollback"]
    daemon = ecs_local.ecs.describe_daemon(daemonArn=created["daemonArn"])["daemon"]
    [current] = daemon["currentRevisions"]
    assert current["arn"] == deployment["targetDaemonRevision"]["arn"]
    assert current["totalRunningCount"] == 0
    assert current["totalWithoutDaemonCount"] == 6


def test_newer_deployment_stops_the_one_in_flight(
    ecs_local: LocalEcs, two_providers: DaemonSetup
) -> None:
    ecs = ecs_local.ecs
    arn = _create_and_finish(ecs_local, two_providers)["daemonArn"]
    first = _update(ecs_local, two_providers, arn)
    Timeline(ecs_local, first["deploymentArn"]).at(70)

    second = _update(ecs_local, two_providers, arn)

    stopped, running = ecs.describe_daemon_deployments(
        daemonDeploymentArns=[first["deploymentArn"], second["deploymentArn"]]
    )["daemonDeployments"]
    assert stopped["status"] == "STOPPED"
    assert second["deploymentArn"] in stopped["statusReason"]
    assert "stoppedAt" in stopped
    assert running["status"] == "PENDING"
    # The second rollout starts from where the first stopped: one instance of
    # each provider already ran the first update's revision.
    sources = {
        s["arn"]: s["totalRunningInstanceCount"]
        for s in running["sourceDaemonRevisions"]
    }
    assert sources[stopped["targetDaemonRevision"]["arn"]] == 2
    assert sum(sources.values()) == 7
    assert ecs_local.finish_deployment(second["deploymentArn"]) == "SUCCESSFUL"
    listed = ecs.list_daemon_deployments(daemonArn=arn, status=["STOPPED"])
    assert [d["daemonDeploymentArn"] for d in listed["daemonDeployments"]] == [
        first["deploymentArn"]
    ]


def test_delete_stops_an_update_in_flight_then_the_daemon_is_gone(
    ecs_local: LocalEcs, two_providers: DaemonSetup
) -> None:
    ecs = ecs_local.ecs
    arn = _create_and_finish(ecs_local, two_providers)["daemonArn"]
    updated = _update(ecs_local, two_providers, arn)
    Timeline(ecs_local, updated["deploymentArn"]).at(40)

    deleted = ecs.delete_daemon(daemonArn=arn)
    timeline = Timeline(ecs_local, deleted["deploymentArn"])

    [stopped] = ecs.describe_daemon_deployments(
        daemonDeploymentArns=[updated["deploymentArn"]]
    )["daemonDeployments"]
    assert stopped["status"] == "STOPPED"
    assert timeline.at(10)["status"] == "IN_PROGRESS"
    assert (
        ecs.describe_daemon(daemonArn=arn)["daemon"]["status"] == "DELETE_IN_PROGRESS"
    )
    assert ecs_local.finish_deployment(deleted["deploymentArn"]) == "SUCCESSFUL"
    with pytest.raises(ecs.exceptions.DaemonNotFoundException):
        ecs.describe_daemon(daemonArn=arn)


def test_instance_count_change_applies_to_the_next_deployment(
    ecs_local: LocalEcs, two_providers: DaemonSetup
) -> None:
    arn = _create_and_finish(ecs_local, two_providers)["daemonArn"]
    ecs_local.control.set_instance_count(two_providers.capacity_provider_arns[0], 6)

    updated = _update(ecs_local, two_providers, arn)
    ecs_local.finish_deployment(updated["deploymentArn"])

    daemon = ecs_local.ecs.describe_daemon(daemonArn=arn)["daemon"]
    [current] = daemon["currentRevisions"]
    assert [cp["runningCount"] for cp in current["capacityProviders"]] == [6, 3]
