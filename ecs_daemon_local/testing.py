"""Test helpers around a running local endpoint: boto3 clients and quick setups.

:class:`LocalEcs` is what the pytest fixture ``ecs_local`` returns; it works
without pytest too. Its helpers go through real boto3 calls over HTTP, so they
show up in the call log like any other call.
"""

from __future__ import annotations

import functools
import threading
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ecs_daemon_local.assumptions import DEFAULT_INSTANCE_COUNT, INSTANCES_TAG_KEY
from ecs_daemon_local.deployments import TERMINAL_STATUSES
from ecs_daemon_local.seed import (
    managed_instances_provider,
    sample_container_definitions,
)

if TYPE_CHECKING:
    from boto3.session import Session
    from mypy_boto3_ecs import ECSClient

    from ecs_daemon_local.backend import Backend
    from ecs_daemon_local.control import LocalControl
    from ecs_daemon_local.server import LocalEndpoint

DEFAULT_IMAGE = "public.ecr.aws/docker/library/busybox:latest"
"""Image of the task definitions the helpers register."""

TEST_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
"""Dummy credentials: the endpoint accepts any."""


@dataclass(frozen=True)
class DaemonSetup:
    """What a daemon needs, created by :meth:`LocalEcs.setup`."""

    cluster_arn: str
    """The cluster."""

    capacity_provider_arns: tuple[str, ...]
    """Managed Instances capacity providers of the cluster."""

    task_definition_arn: str
    """An ACTIVE daemon task definition."""


class LocalEcs:
    """A running local endpoint, as tests use it.

    :param endpoint: the endpoint, started by
        :func:`ecs_daemon_local.server.start_local_endpoint`
    """

    def __init__(self, endpoint: LocalEndpoint) -> None:
        self.endpoint = endpoint
        self._client: ECSClient | None = None

    @property
    def url(self) -> str:
        """Endpoint URL."""
        return self.endpoint.url

    @property
    def control(self) -> LocalControl:
        """Client of the control endpoints (reset, time, faults, call log)."""
        return self.endpoint.control

    @property
    def backend(self) -> Backend:
        """The simulated service, for in-process access."""
        return self.endpoint.backend

    @property
    def region(self) -> str:
        """Region of the endpoint's ARNs (and of its clients)."""
        return self.endpoint.region

    @property
    def account_id(self) -> str:
        """Account of the endpoint's ARNs."""
        return self.endpoint.account_id

    @property
    def env(self) -> dict[str, str]:
        """Environment variables that point boto3 in a subprocess at the endpoint."""
        return {
            "AWS_ENDPOINT_URL_ECS": self.url,
            "AWS_ACCESS_KEY_ID": TEST_CREDENTIALS["aws_access_key_id"],
            "AWS_SECRET_ACCESS_KEY": TEST_CREDENTIALS["aws_secret_access_key"],
            "AWS_DEFAULT_REGION": self.region,
            "AWS_REGION": self.region,
        }

    def client(self, max_attempts: int = 3, **config: Any) -> ECSClient:
        """A new boto3 ECS client for the endpoint, in standard retry mode.

        :param max_attempts: attempts per call, the first one included (as
            standard retry mode counts them: 3 by default)
        :param config: more ``botocore.config.Config`` settings
        """
        from botocore.config import Config

        retries = {"mode": "standard", "total_max_attempts": max_attempts}
        # A boto3 session caches the loaded ECS model: sharing one makes a new
        # client cost milliseconds instead of a tenth of a second.
        with _SESSION_LOCK:
            client: ECSClient = _session(self.region).client(
                "ecs", endpoint_url=self.url, config=Config(retries=retries, **config)
            )
        return client

    @property
    def ecs(self) -> ECSClient:
        """A shared client, used by the helpers below."""
        if self._client is None:
            self._client = self.client()
        return self._client

    def create_cluster(self, name: str | None = None) -> str:
        """Create a cluster; returns its ARN.

        :param name: when omitted, a unique name
        """
        name = name or _unique("cluster")
        return self.ecs.create_cluster(clusterName=name)["cluster"]["clusterArn"]

    def create_capacity_provider(
        self,
        cluster: str,
        name: str | None = None,
        instances: int = DEFAULT_INSTANCE_COUNT,
    ) -> str:
        """Create a Managed Instances capacity provider; returns its ARN.

        :param cluster: name or ARN of its cluster
        :param name: when omitted, a unique name
        :param instances: simulated container instances
        """
        response = self.ecs.create_capacity_provider(
            name=name or _unique("mi"),
            cluster=cluster,
            managedInstancesProvider=managed_instances_provider(  # type: ignore[arg-type]
                self.account_id, self.region
            ),
            tags=[{"key": INSTANCES_TAG_KEY, "value": str(instances)}],
        )
        return response["capacityProvider"]["capacityProviderArn"]

    def register_task_definition(
        self, family: str | None = None, image: str = DEFAULT_IMAGE
    ) -> str:
        """Register a one-container daemon task definition; returns its ARN.

        :param family: when omitted, a unique family
        """
        response = self.ecs.register_daemon_task_definition(
            family=family or _unique("agent"),
            containerDefinitions=sample_container_definitions(image),  # type: ignore[arg-type]
        )
        return response["daemonTaskDefinitionArn"]

    def setup(
        self, instances: tuple[int, ...] = (DEFAULT_INSTANCE_COUNT,)
    ) -> DaemonSetup:
        """A cluster, one capacity provider per entry of ``instances``, and a
        task definition.

        :param instances: instance count of each capacity provider
        """
        cluster_arn = self.create_cluster()
        providers = tuple(
            self.create_capacity_provider(cluster_arn, instances=count)
            for count in instances
        )
        return DaemonSetup(cluster_arn, providers, self.register_task_definition())

    def finish_deployment(self, deployment_arn: str, step_seconds: float = 60) -> str:
        """Advance simulated time until a deployment ends; returns its status.

        Jumps straight to the simulated end when the deployment is known,
        otherwise advances ``step_seconds`` at a time.

        :raises LookupError: when the endpoint knows no such deployment
        :raises TimeoutError: when it has not ended after a simulated week
        """
        deployment = self.backend.state.deployments.get(deployment_arn)
        if deployment is not None:
            remaining = deployment.finished_at - self.backend.clock.now()
            if remaining > 0:
                self.control.advance(remaining)

        for _ in range(int(7 * 24 * 3600 / step_seconds)):
            described = self.ecs.describe_daemon_deployments(
                daemonDeploymentArns=[deployment_arn]
            )["daemonDeployments"]
            if not described:
                raise LookupError(f"deployment {deployment_arn} not found")
            status = described[0]["status"]
            if status in TERMINAL_STATUSES:
                return status
            self.control.advance(step_seconds)
        raise TimeoutError(f"deployment {deployment_arn} did not end")


_SESSION_LOCK = threading.Lock()


@functools.cache
def _session(region: str) -> Session:
    import boto3

    return boto3.session.Session(region_name=region, **TEST_CREDENTIALS)


def _unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"
