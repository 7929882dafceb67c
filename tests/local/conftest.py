"""Fixtures of the local endpoint's own tests (the plugin provides ecs_local)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ecs_daemon_local.backend import Backend
from ecs_daemon_local.testing import DaemonSetup, LocalEcs

IMAGE = "public.ecr.aws/docker/library/busybox:latest"
CONTAINERS = [{"name": "agent", "image": IMAGE}]

MakeDaemon = Callable[..., dict[str, Any]]


@pytest.fixture
def backend() -> Backend:
    """An in-process backend with frozen time, seeded with a small account.

    Cluster ``c`` with Managed Instances provider ``mi`` (2 instances), an
    Auto Scaling group provider ``asg``, task definition family ``agent``.
    """
    backend = Backend(time_scale=0, strict=True)
    backend.seed(
        {
            "clusters": [{"clusterName": "c"}],
            "capacityProviders": [{"name": "mi", "cluster": "c", "instances": 2}],
            "daemonTaskDefinitions": [
                {"family": "agent", "containerDefinitions": CONTAINERS}
            ],
        }
    )
    backend.invoke(
        "CreateCapacityProvider",
        {
            "name": "asg",
            "autoScalingGroupProvider": {
                "autoScalingGroupArn": "arn:aws:autoscaling:us-east-1:000000000000:"
                "autoScalingGroup:1:autoScalingGroupName/asg"
            },
        },
    )
    return backend


@pytest.fixture
def setup(ecs_local: LocalEcs) -> DaemonSetup:
    """A cluster, two capacity providers (4 and 2 instances), a task definition."""
    return ecs_local.setup(instances=(4, 2))


@pytest.fixture
def make_daemon(ecs_local: LocalEcs, setup: DaemonSetup) -> MakeDaemon:
    """Create a daemon on ``setup`` through boto3; returns the response."""

    def make(name: str = "agent", **params: Any) -> dict[str, Any]:
        request: dict[str, Any] = {
            "daemonName": name,
            "clusterArn": setup.cluster_arn,
            "daemonTaskDefinitionArn": setup.task_definition_arn,
            "capacityProviderArns": list(setup.capacity_provider_arns),
            **params,
        }
        return dict(ecs_local.ecs.create_daemon(**request))

    return make


@pytest.fixture
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make botocore retry at once, so that retry tests take no real time."""
    from botocore.retries import standard

    monkeypatch.setattr(
        standard.ExponentialBackoff, "delay_amount", lambda self, context: 0
    )
