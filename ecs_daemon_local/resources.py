"""The records of simulated resources: clusters, capacity providers, task
definitions, daemons and their revisions.

They are plain mutable records (revisions excepted, which are immutable as in
ECS); :class:`~ecs_daemon_local.state.EcsState` holds and links them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ecs_daemon_local.deployments import DeploymentSettings, Placement

MANAGED_INSTANCES = "MANAGED_INSTANCES"
BUILTIN_CAPACITY_PROVIDERS = ("FARGATE", "FARGATE_SPOT")


@dataclass
class Cluster:
    """An ECS cluster."""

    name: str
    arn: str
    seq: int
    """Creation order: lists and their page tokens follow it."""

    status: str = "ACTIVE"
    """ACTIVE, or INACTIVE once deleted (still describable)."""

    settings: list[dict[str, Any]] = field(default_factory=list)
    """The create request's settings, echoed back."""

    configuration: dict[str, Any] | None = None
    """The create request's configuration, echoed back."""

    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class CapacityProvider:
    """A capacity provider; Managed Instances ones belong to one cluster."""

    name: str
    arn: str
    seq: int
    kind: str
    """MANAGED_INSTANCES, EC2_AUTOSCALING, FARGATE or FARGATE_SPOT."""

    cluster: str | None = None
    """Name of the owning cluster (Managed Instances only)."""

    instance_count: int = 0
    """Simulated container instances."""

    provider: dict[str, Any] | None = None
    """The provider configuration of the create request, echoed back."""

    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class TaskDefinition:
    """One revision of a daemon task definition family."""

    family: str
    revision: int
    arn: str
    seq: int
    body: dict[str, Any]
    """The registered definition, in wire names, without tags."""

    registered_at: float
    status: str = "ACTIVE"
    """ACTIVE, DELETE_IN_PROGRESS or DELETED."""

    delete_requested_at: float | None = None
    tags: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DaemonRevision:
    """An immutable snapshot of a daemon's configuration."""

    arn: str
    daemon_arn: str
    cluster_arn: str
    created_at: float
    task_definition_arn: str
    container_images: tuple[tuple[str, str], ...]
    """(container name, image) of each container of the task definition."""

    capacity_provider_arns: tuple[str, ...]
    """Where the revision runs; restored with it by a rollback."""

    settings: DeploymentSettings
    """deploymentConfiguration of the deployments that roll it out."""

    propagate_tags: str
    enable_ecs_managed_tags: bool
    enable_execute_command: bool
    critical: bool


@dataclass
class Daemon:
    """A daemon: its desired revision and where its tasks run."""

    name: str
    arn: str
    cluster_name: str
    cluster_arn: str
    seq: int
    created_at: float
    updated_at: float
    revision_arn: str
    """The desired revision (the rollback target once a rollback ends)."""

    deployment_arn: str = ""
    """The latest deployment."""

    placement: Placement = field(default_factory=dict)
    """Instances as of the last deployment that ended."""

    status: str = "ACTIVE"
    """ACTIVE, or DELETE_IN_PROGRESS until its deletion ends."""
    tags: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ClientTokenRecord:
    """What a CreateDaemon client token was first used for."""

    fingerprint: str
    daemon_arn: str
    response: dict[str, Any]
