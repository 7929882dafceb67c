"""Cluster operations: CreateCluster, DescribeClusters, DeleteCluster, ListClusters."""

from __future__ import annotations

from typing import Any

from ecs_daemon_local.assumptions import DEFAULT_CLUSTER_NAME
from ecs_daemon_local.errors import (
    ClusterContainsCapacityProviderException,
    ClusterContainsServicesException,
)
from ecs_daemon_local.operations.common import (
    Call,
    name_problem,
    paginate,
    raise_problems,
    tags_from_wire,
    tags_to_wire,
)
from ecs_daemon_local.resources import MANAGED_INSTANCES, Cluster
from ecs_daemon_local.state import EcsState

_ALL_FIELDS = frozenset({"TAGS", "SETTINGS", "CONFIGURATIONS"})


def create_cluster(call: Call) -> dict[str, Any]:
    """Create a cluster, or return the ACTIVE cluster of that name as ECS does."""
    params, state = call.params, call.state
    name = params.get("clusterName") or DEFAULT_CLUSTER_NAME
    raise_problems([p for p in [name_problem(name, "clusterName")] if p])
    tags = tags_from_wire(params.get("tags"))

    existing = state.clusters.get(name)
    if existing is not None and existing.status == "ACTIVE":
        return {"cluster": cluster_document(state, existing, _ALL_FIELDS)}

    # NOTE: capacityProviders, defaultCapacityProviderStrategy and
    # serviceConnectDefaults are accepted and ignored: daemons do not use them.
    cluster = Cluster(
        name=name,
        arn=state.arns.cluster(name),
        seq=state.next_seq(),
        settings=list(params.get("settings", [])),
        configuration=params.get("configuration"),
        tags=tags,
    )
    state.clusters[name] = cluster
    return {"cluster": cluster_document(state, cluster, _ALL_FIELDS)}


def describe_clusters(call: Call) -> dict[str, Any]:
    """Describe clusters by name or ARN; unknown ones are reported as failures."""
    state = call.state
    include = set(call.params.get("include", []))
    clusters, failures = [], []
    for ref in call.params.get("clusters") or [DEFAULT_CLUSTER_NAME]:
        name = ref.rsplit("/", 1)[-1] if ref.startswith("arn:") else ref
        cluster = state.clusters.get(name)
        if cluster is None or (ref.startswith("arn:") and ref != cluster.arn):
            arn = ref if ref.startswith("arn:") else state.arns.cluster(ref)
            failures.append({"arn": arn, "reason": "MISSING"})
        else:
            clusters.append(cluster_document(state, cluster, include))
    return {"clusters": clusters, "failures": failures}


def delete_cluster(call: Call) -> dict[str, Any]:
    """Delete a cluster that has no daemons and no capacity providers left.

    :raises ClusterContainsServicesException: while a daemon is in the cluster
    :raises ClusterContainsCapacityProviderException: while a Managed Instances
        capacity provider belongs to it
    """
    state = call.state
    cluster = state.find_cluster(call.params["cluster"])

    daemons = [d.arn for d in state.daemons.values() if d.cluster_name == cluster.name]
    if daemons:
        raise ClusterContainsServicesException(
            f"cluster {cluster.name} still contains {len(daemons)} daemon(s), "
            f"for example {daemons[0]}: delete them and wait until they are gone"
        )
    providers = _providers_of(state, cluster.name)
    if providers:
        raise ClusterContainsCapacityProviderException(
            f"cluster {cluster.name} still contains capacity provider(s) "
            f"{', '.join(providers)}: delete them first"
        )

    cluster.status = "INACTIVE"
    return {"cluster": cluster_document(state, cluster, _ALL_FIELDS)}


def list_clusters(call: Call) -> dict[str, Any]:
    """List the ARNs of ACTIVE clusters, oldest first."""
    clusters = sorted(
        (c for c in call.state.clusters.values() if c.status == "ACTIVE"),
        key=lambda c: c.seq,
    )
    page, token = paginate(clusters, lambda c: c.seq, call.params)
    return {"clusterArns": [c.arn for c in page], "nextToken": token}


def cluster_document(
    state: EcsState, cluster: Cluster, include: set[str] | frozenset[str]
) -> dict[str, Any]:
    """The Cluster document, with the optional parts ``include`` asks for."""
    providers = _providers_of(state, cluster.name)
    instances = sum(state.capacity_providers[name].instance_count for name in providers)
    document: dict[str, Any] = {
        "clusterArn": cluster.arn,
        "clusterName": cluster.name,
        "status": cluster.status,
        "registeredContainerInstancesCount": instances,
        "runningTasksCount": 0,
        "pendingTasksCount": 0,
        "activeServicesCount": 0,
        "statistics": [],
        "capacityProviders": providers,
        "defaultCapacityProviderStrategy": [],
    }
    if "TAGS" in include:
        document["tags"] = tags_to_wire(cluster.tags)
    if "SETTINGS" in include:
        document["settings"] = cluster.settings
    if "CONFIGURATIONS" in include:
        document["configuration"] = cluster.configuration
    return document


def _providers_of(state: EcsState, cluster_name: str) -> list[str]:
    return [
        cp.name
        for cp in state.capacity_providers.values()
        if cp.kind == MANAGED_INSTANCES and cp.cluster == cluster_name
    ]
