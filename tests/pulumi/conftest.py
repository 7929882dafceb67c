"""Fixtures of the Pulumi provider's tests.

``local_env`` points this process's boto3 at the ``ecs_local`` endpoint, for
provider methods called in process; ``provider_server`` is the SDK's provider
server, started once per worker with the endpoint in its environment, as the
engine would start it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ecs_daemon_local.testing import DaemonSetup, LocalEcs
from pulumi_ecs_daemon import DaemonProvider
from tests.pulumi.engine import ProviderServer, Stack, urn_for
from tests.pulumi.program import Registration, run_example


@pytest.fixture
def local_env(ecs_local: LocalEcs, monkeypatch: pytest.MonkeyPatch) -> LocalEcs:
    """The endpoint, with this process's environment pointing boto3 at it."""
    for name, value in ecs_local.env.items():
        monkeypatch.setenv(name, value)
    return ecs_local


@pytest.fixture
def provider(local_env: LocalEcs) -> DaemonProvider:
    """A provider, as the provider process holds it after unpickling."""
    return DaemonProvider()


@pytest.fixture
def setup(ecs_local: LocalEcs) -> DaemonSetup:
    """A cluster with two capacity providers (2 instances each), a task definition."""
    return ecs_local.setup(instances=(2, 2))


@pytest.fixture(scope="session")
def provider_server(
    ecs_local_endpoint: Any,
) -> Iterator[ProviderServer]:
    """``python -m pulumi.dynamic`` with the endpoint in its environment."""
    env = {
        "AWS_ENDPOINT_URL_ECS": ecs_local_endpoint.url,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_REGION": ecs_local_endpoint.region,
        "AWS_DEFAULT_REGION": ecs_local_endpoint.region,
        "PULUMI_PROJECT": "ecs-monitoring-daemon",
    }
    with ProviderServer(env) as server:
        # The engine sends the whole stack configuration, namespaces kept.
        server.configure(
            {
                "aws:region": ecs_local_endpoint.region,
                "ecs-monitoring-daemon:clusterArn": "set per test",
            }
        )
        yield server


def example_config(setup: DaemonSetup) -> dict[str, str]:
    """The example's stack config for a setup on the endpoint."""
    return {
        "clusterArn": setup.cluster_arn,
        "capacityProviderArn": setup.capacity_provider_arns[0],
        "taskDefinitionArn": setup.task_definition_arn,
    }


@pytest.fixture
def registration(setup: DaemonSetup) -> Registration:
    """What the example registers with the engine for ``setup``."""
    (registered,) = run_example(example_config(setup))
    return registered


@pytest.fixture
def stack(provider_server: ProviderServer, ecs_local: LocalEcs) -> Stack:
    """An empty one-resource stack driven through the provider server."""
    return Stack(provider_server, urn_for("monitoring-agent"))
