"""Capacity provider operations: Create, Describe and DeleteCapacityProvider.

A Managed Instances capacity provider belongs to one cluster and has a number of
simulated container instances, set at creation by the tag
``ecs-local:instances=<n>`` (:data:`ecs_daemon_local.assumptions.INSTANCES_TAG_KEY`)
or later through the control API.
"""

from __future__ import annotations

from typing import Any

from ecs_daemon_local.assumptions import (
    DEFAULT_INSTANCE_COUNT,
    INSTANCES_TAG_KEY,
    MAX_INSTANCE_COUNT,
)
from ecs_daemon_local.errors import ClientException, InvalidParameterException
from ecs_daemon_local.operations.common import (
    Call,
    name_problem,
    paginate,
    raise_problems,
    tags_from_wire,
    tags_to_wire,
)
from ecs_daemon_local.resources import (
    BUILTIN_CAPACITY_PROVIDERS,
    MANAGED_INSTANCES,
    CapacityProvider,
)
from ecs_daemon_local.state import EcsState

_RESERVED_PREFIXES = ("aws", "ecs", "fargate")


def create_capacity_provider(call: Call) -> dict[str, Any]:
    """Create a Managed Instances (or Auto Scaling group) capacity provider."""
    params, state = call.params, call.state
    name = params["name"]
    managed = params.get("managedInstancesProvider")
    asg = params.get("autoScalingGroupProvider")

    problems = [p for p in [name_problem(name, "name")] if p]
    if name.lower().startswith(_RESERVED_PREFIXES):
        problems.append(f"name {name!r} must not start with aws, ecs or fargate")
    if (managed is None) == (asg is None):
        problems.append(
            "exactly one of managedInstancesProvider and autoScalingGroupProvider "
            "is required"
        )
    if managed is not None and not params.get("cluster"):
        problems.append("cluster is required for a Managed Instances capacity provider")
    if asg is not None and params.get("cluster"):
        problems.append("cluster applies to Managed Instances capacity providers only")
    tags = tags_from_wire(params.get("tags"))
    count = _instance_count(tags, problems)
    raise_problems(problems)

    if name in state.capacity_providers:
        raise InvalidParameterException(f"capacity provider {name!r} already exists")
    cluster = state.find_cluster(params["cluster"]) if managed is not None else None

    provider = CapacityProvider(
        name=name,
        arn=state.arns.capacity_provider(name),
        seq=state.next_seq(),
        kind=MANAGED_INSTANCES if managed is not None else "EC2_AUTOSCALING",
        cluster=cluster.name if cluster else None,
        instance_count=count if managed is not None else 0,
        provider=managed if managed is not None else asg,
        tags=tags,
    )
    state.capacity_providers[name] = provider
    return {"capacityProvider": capacity_provider_document(provider, tags=True)}


def _instance_count(tags: dict[str, str], problems: list[str]) -> int:
    value = tags.get(INSTANCES_TAG_KEY)
    if value is None:
        return DEFAULT_INSTANCE_COUNT
    if not value.isdigit() or int(value) > MAX_INSTANCE_COUNT:
        problems.append(
            f"tag {INSTANCES_TAG_KEY} is {value!r}: must be a whole number "
            f"from 0 to {MAX_INSTANCE_COUNT}"
        )
        return 0
    return int(value)


def describe_capacity_providers(call: Call) -> dict[str, Any]:
    """Describe capacity providers by name or ARN, or list them all."""
    params, state = call.params, call.state
    include_tags = "TAGS" in params.get("include", [])
    cluster = state.find_cluster(params["cluster"]) if params.get("cluster") else None

    def visible(cp: CapacityProvider) -> bool:
        return cluster is None or cp.cluster == cluster.name

    refs = params.get("capacityProviders")
    if not refs:
        providers = sorted(
            filter(visible, state.capacity_providers.values()), key=lambda cp: cp.seq
        )
        page, token = paginate(providers, lambda cp: cp.seq, params)
        return {
            "capacityProviders": [
                capacity_provider_document(cp, tags=include_tags) for cp in page
            ],
            "nextToken": token,
        }

    documents, failures = [], []
    for ref in refs:
        found = state.find_capacity_provider(ref)
        if found is None or not visible(found):
            arn = ref if ref.startswith("arn:") else state.arns.capacity_provider(ref)
            failures.append({"arn": arn, "reason": "MISSING"})
        else:
            documents.append(capacity_provider_document(found, tags=include_tags))
    return {"capacityProviders": documents, "failures": failures}


def delete_capacity_provider(call: Call) -> dict[str, Any]:
    """Delete a capacity provider no daemon uses.

    :raises ClientException: when it does not exist, is built in, or a daemon
        still uses it
    """
    params, state = call.params, call.state
    ref = params["capacityProvider"]
    provider = state.find_capacity_provider(ref)
    if params.get("cluster"):
        cluster = state.find_cluster(params["cluster"])
        if provider is not None and provider.cluster != cluster.name:
            provider = None
    if provider is None:
        raise ClientException(f"capacity provider {ref!r} does not exist")
    if provider.name in BUILTIN_CAPACITY_PROVIDERS:
        raise ClientException(f"capacity provider {provider.name} is reserved")

    users = _daemons_using(state, provider.arn)
    if users:
        raise ClientException(
            f"capacity provider {provider.name} is in use by daemon {users[0]}: "
            "delete the daemon and wait until it is gone"
        )

    del state.capacity_providers[provider.name]
    document = capacity_provider_document(provider, tags=True)
    document.update(status="INACTIVE", updateStatus="DELETE_COMPLETE")
    return {"capacityProvider": document}


def _daemons_using(state: EcsState, provider_arn: str) -> list[str]:
    users = []
    for daemon in state.daemons.values():
        desired = state.revisions[daemon.revision_arn].capacity_provider_arns
        deployment = state.deployments.get(daemon.deployment_arn)
        rolling = deployment.source if deployment and not deployment.applied else {}
        if (
            provider_arn in desired
            or provider_arn in daemon.placement
            or provider_arn in rolling
        ):
            users.append(daemon.arn)
    return users


def capacity_provider_document(
    provider: CapacityProvider, *, tags: bool
) -> dict[str, Any]:
    """The CapacityProvider document."""
    document: dict[str, Any] = {
        "capacityProviderArn": provider.arn,
        "name": provider.name,
        "cluster": provider.cluster,
        "status": "ACTIVE",
        "type": provider.kind,
    }
    if provider.kind == MANAGED_INSTANCES:
        document["managedInstancesProvider"] = provider.provider
    elif provider.kind == "EC2_AUTOSCALING":
        document["autoScalingGroupProvider"] = provider.provider
    if provider.kind not in BUILTIN_CAPACITY_PROVIDERS:
        document["updateStatus"] = "CREATE_COMPLETE"
    if tags:
        document["tags"] = tags_to_wire(provider.tags)
    return document
