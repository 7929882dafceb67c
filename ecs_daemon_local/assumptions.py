"""What the endpoint assumes where the ECS documentation is silent.

Every fact in this module is an assumption, not a documented behaviour of Amazon
ECS. Keep them here, in one place, so that a correction once AWS documents the
real behaviour is a one-line change, and so that the rest of the project (which
parses daemon ARNs, for example) can agree with the endpoint.

ARN formats
    * daemon: ``arn:{partition}:ecs:{region}:{account}:daemon/{cluster}/{name}``
    * daemon revision:
      ``arn:{partition}:ecs:{region}:{account}:daemon-revision/{cluster}/{name}/{id}``
    * daemon deployment:
      ``arn:{partition}:ecs:{region}:{account}:daemon-deployment/{cluster}/{name}/{id}``
    * daemon task definition:
      ``arn:{partition}:ecs:{region}:{account}:daemon-task-definition/{family}:{rev}``
    * cluster: ``arn:{partition}:ecs:{region}:{account}:cluster/{name}``
    * capacity provider:
      ``arn:{partition}:ecs:{region}:{account}:capacity-provider/{name}``.
      A Managed Instances capacity provider is cluster-scoped (usable only by
      daemons of its own cluster) but its ARN does not name the cluster, so
      capacity provider names are unique per account and region.

Error codes
    * a daemon name already used in the cluster: ``InvalidParameterException``
    * a client token reused with other parameters: ``InvalidParameterException``
      whose message names the client token and idempotency
    * a capacity provider that is not a Managed Instances one, or belongs to
      another cluster: ``InvalidParameterException``
    * deleting a cluster that still has daemons:
      ``ClusterContainsServicesException``; one that still has capacity
      providers: ``ClusterContainsCapacityProviderException``
    * deleting a capacity provider a daemon still uses: ``ClientException``
    * input that breaks a rule of the service model (type, required, min, max,
      enum, pattern) or a documented rule: ``InvalidParameterException``
    * an operation of the ECS model the endpoint does not implement:
      ``UnsupportedFeatureException`` naming the operation

Behaviour
    * drainPercent defaults to 25 when omitted; bakeTimeInMinutes to 0 (as the
      model documents); a step replaces ``ceil(drainPercent% of instances)``
      instances of each capacity provider, at least one; capacity providers
      roll out in parallel; bake time is waited after every step, including the
      last one, before the deployment is SUCCESSFUL.
    * the circuit breaker threshold is ``max(3, ceil(instances / 2))``, at most
      200, as for the ECS service deployment circuit breaker.
    * a rollback of a failed first deployment (CreateDaemon) has no revision to
      return to: its instances are left without the daemon and the daemon keeps
      the failed revision as its current revision, with no running tasks.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

DEFAULT_DRAIN_PERCENT = 25.0
"""drainPercent used when a deployment configuration leaves it out."""

DEFAULT_BAKE_TIME_MINUTES = 0
"""bakeTimeInMinutes used when a deployment configuration leaves it out."""

MAX_BAKE_TIME_MINUTES = 1440
"""Largest bakeTimeInMinutes accepted (one day)."""

DEFAULT_INSTANCE_COUNT = 2
"""Container instances of a capacity provider created without the instances tag."""

MAX_INSTANCE_COUNT = 1000
"""Largest simulated instance count of one capacity provider."""

INSTANCES_TAG_KEY = "ecs-local:instances"
"""Tag key that sets a capacity provider's simulated instance count at creation."""

DEFAULT_CLUSTER_NAME = "default"
"""Cluster used when a request leaves out the cluster."""

DEFAULT_PAGE_SIZE = 100
"""Page size of list operations when maxResults is left out; also the maximum."""

GENERIC_ERROR_CODES = frozenset(
    {
        "ThrottlingException",
        "ValidationException",
        "ServiceUnavailableException",
        "InternalFailure",
        "UnknownOperationException",
        "SerializationException",
    }
)
"""Codes any AWS JSON operation can answer with, modeled or not."""


@dataclass(frozen=True)
class Timing:
    """Simulated durations of a deployment, in simulated seconds."""

    pending_seconds: float = 5.0
    """From the API call to the deployment starting (PENDING)."""

    drain_seconds: float = 30.0
    """Draining one step's instances."""

    launch_seconds: float = 30.0
    """Replacing a drained instance and starting its daemon task."""

    failure_seconds: float = 15.0
    """From a failing step's launch to the circuit breaker tripping."""

    task_definition_delete_seconds: float = 60.0
    """From DeleteDaemonTaskDefinition to DELETED, once no daemon uses it."""

    def step_seconds(self, bake_time_minutes: int) -> float:
        """Length of one rollout step: drain, launch, then bake."""
        return self.drain_seconds + self.launch_seconds + bake_time_minutes * 60.0


DEFAULT_TIMING = Timing()


def circuit_breaker_threshold(instance_count: int) -> int:
    """Failed daemon tasks that trip a deployment's circuit breaker."""
    return min(200, max(3, math.ceil(instance_count / 2)))


def step_size(drain_percent: float, instance_count: int) -> int:
    """Instances of one capacity provider replaced together in one step."""
    # Round away float noise first: 25% of 4 instances must be exactly 1.
    return max(1, math.ceil(round(drain_percent * instance_count / 100.0, 9)))


def partition_for(region: str) -> str:
    """AWS partition of a region name."""
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


_ARN = re.compile(
    r"arn:(?P<partition>[\w-]+):ecs:(?P<region>[\w-]+):(?P<account>\d{12}):"
    r"(?P<type>[a-z-]+)/(?P<resource>.+)"
)

_RESOURCE_PARTS = {
    "cluster": 1,
    "capacity-provider": 1,
    "daemon-task-definition": 1,
    "daemon": 2,
    "daemon-revision": 3,
    "daemon-deployment": 3,
}


@dataclass(frozen=True)
class ParsedArn:
    """An ECS ARN split into its parts."""

    partition: str
    """``aws``, ``aws-cn`` or ``aws-us-gov``."""

    region: str
    """Region of the resource."""

    account: str
    """Twelve-digit account id."""

    resource_type: str
    """``cluster``, ``daemon``, ``daemon-revision`` and so on."""

    parts: tuple[str, ...]
    """The slash-separated resource path after the type."""


def parse_arn(arn: str) -> ParsedArn | None:
    """Split an ECS ARN of a known resource type, or return None."""
    match = _ARN.fullmatch(arn)
    if match is None:
        return None

    parts = tuple(match["resource"].split("/"))
    if _RESOURCE_PARTS.get(match["type"]) != len(parts) or not all(parts):
        return None
    return ParsedArn(
        partition=match["partition"],
        region=match["region"],
        account=match["account"],
        resource_type=match["type"],
        parts=parts,
    )


@dataclass(frozen=True)
class ArnFactory:
    """Builds the ARNs of one simulated account and region."""

    region: str
    """Region of every resource."""

    account_id: str
    """Account of every resource."""

    @property
    def partition(self) -> str:
        """Partition of the region."""
        return partition_for(self.region)

    def _arn(self, resource: str) -> str:
        return f"arn:{self.partition}:ecs:{self.region}:{self.account_id}:{resource}"

    def cluster(self, name: str) -> str:
        """ARN of a cluster."""
        return self._arn(f"cluster/{name}")

    def capacity_provider(self, name: str) -> str:
        """ARN of a capacity provider (not cluster-qualified)."""
        return self._arn(f"capacity-provider/{name}")

    def daemon_task_definition(self, family: str, revision: int) -> str:
        """ARN of one revision of a daemon task definition."""
        return self._arn(f"daemon-task-definition/{family}:{revision}")

    def daemon(self, cluster: str, name: str) -> str:
        """ARN of a daemon."""
        return self._arn(f"daemon/{cluster}/{name}")

    def daemon_revision(self, cluster: str, name: str, revision_id: str) -> str:
        """ARN of a daemon revision."""
        return self._arn(f"daemon-revision/{cluster}/{name}/{revision_id}")

    def daemon_deployment(self, cluster: str, name: str, deployment_id: str) -> str:
        """ARN of a daemon deployment."""
        return self._arn(f"daemon-deployment/{cluster}/{name}/{deployment_id}")

    def is_local(self, parsed: ParsedArn) -> bool:
        """Whether an ARN belongs to this account and region."""
        return (
            parsed.partition == self.partition
            and parsed.region == self.region
            and parsed.account == self.account_id
        )
