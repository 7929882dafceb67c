"""Seed documents: preload clusters, capacity providers and task definitions.

A seed document holds API requests, in wire names, under three keys, applied in
this order through the same handlers (and validation) as real calls::

    {
      "clusters": [{"clusterName": "demo"}],
      "capacityProviders": [
        {"name": "demo-mi", "cluster": "demo", "instances": 3}
      ],
      "daemonTaskDefinitions": [
        {"family": "agent", "containerDefinitions": [{"name": "agent",
          "image": "public.ecr.aws/docker/library/busybox:latest"}]}
      ]
    }

A capacity provider entry may leave out ``managedInstancesProvider`` (a
placeholder configuration is filled in) and may give ``instances``, its number
of simulated container instances.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ecs_daemon_local.assumptions import INSTANCES_TAG_KEY, partition_for

Invoke = Callable[[str, dict[str, Any]], dict[str, Any]]

SEED_KEYS = ("clusters", "capacityProviders", "daemonTaskDefinitions")


def managed_instances_provider(account_id: str, region: str) -> dict[str, Any]:
    """A placeholder managedInstancesProvider configuration for a region."""
    iam = f"arn:{partition_for(region)}:iam::{account_id}"
    return {
        "infrastructureRoleArn": f"{iam}:role/ecsInfrastructureRole",
        "instanceLaunchTemplate": {
            "ec2InstanceProfileArn": f"{iam}:instance-profile/ecsInstanceRole",
            "networkConfiguration": {
                "subnets": ["subnet-0123456789abcdef0"],
                "securityGroups": ["sg-0123456789abcdef0"],
            },
        },
    }


def sample_container_definitions(image: str) -> list[dict[str, Any]]:
    """One small essential container running an image, for tests and demos."""
    return [{"name": "agent", "image": image, "essential": True, "memory": 128}]


def apply_seed(
    document: dict[str, Any], invoke: Invoke, account_id: str, region: str
) -> dict[str, list[str]]:
    """Create what a seed document lists and return the ARNs, by key.

    :param invoke: runs one operation in-process, as ``Backend.invoke`` does
    :raises ValueError: for a key the document format does not know
    :raises EcsError: when a request is refused, as the API would refuse it
    """
    unknown = set(document) - set(SEED_KEYS)
    if unknown:
        raise ValueError(
            f"unknown seed keys {', '.join(sorted(unknown))}: use "
            f"{', '.join(SEED_KEYS)}"
        )

    created: dict[str, list[str]] = {key: [] for key in SEED_KEYS}
    for request in document.get("clusters", []):
        cluster = invoke("CreateCluster", request)["cluster"]
        created["clusters"].append(cluster["clusterArn"])

    for entry in document.get("capacityProviders", []):
        request = {k: v for k, v in entry.items() if k != "instances"}
        request.setdefault(
            "managedInstancesProvider", managed_instances_provider(account_id, region)
        )
        if "instances" in entry:
            tag = {"key": INSTANCES_TAG_KEY, "value": str(entry["instances"])}
            request["tags"] = [*request.get("tags", []), tag]
        provider = invoke("CreateCapacityProvider", request)["capacityProvider"]
        created["capacityProviders"].append(provider["capacityProviderArn"])

    for request in document.get("daemonTaskDefinitions", []):
        output = invoke("RegisterDaemonTaskDefinition", request)
        created["daemonTaskDefinitions"].append(output["daemonTaskDefinitionArn"])
    return created
