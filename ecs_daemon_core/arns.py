"""ARN formats of the resources a daemon refers to.

The cluster, capacity provider and daemon task definition formats follow the ECS
documentation. The formats of daemons, daemon revisions and daemon deployments
are not documented; they are **assumptions**, kept here and nowhere else:

* daemon: ``arn:<partition>:ecs:<region>:<account>:daemon/<cluster>/<name>``
* revision: ``...:daemon-revision/<cluster>/<name>/<id>``
* deployment: ``...:daemon-deployment/<cluster>/<name>/<id>``

DescribeDaemon returns no name, so the name is read from the daemon ARN.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAME = r"[A-Za-z0-9_-]{1,255}"
_PREFIX = r"arn:(?P<partition>aws(?:-[a-z]+)*):ecs:(?P<region>[a-z]{2}(?:-[a-z]+)+-\d+)"
_ACCOUNT = r":(?P<account>\d{12}):"

CLUSTER_ARN = re.compile(rf"^{_PREFIX}{_ACCOUNT}cluster/(?P<name>{_NAME})$")
# Managed Instances capacity providers are scoped to a cluster; accept the ARN with
# or without the cluster segment.
CAPACITY_PROVIDER_ARN = re.compile(
    rf"^{_PREFIX}{_ACCOUNT}capacity-provider/(?:(?P<cluster>{_NAME})/)?(?P<name>{_NAME})$"
)
DAEMON_TASK_DEFINITION_ARN = re.compile(
    rf"^{_PREFIX}{_ACCOUNT}daemon-task-definition/(?P<family>{_NAME}):(?P<revision>[1-9]\d*)$"
)
DAEMON_ARN = re.compile(
    rf"^{_PREFIX}{_ACCOUNT}daemon/(?P<cluster>{_NAME})/(?P<name>{_NAME})$"
)
ANY_ECS_ARN = re.compile(rf"^{_PREFIX}{_ACCOUNT}(?P<type>[a-z-]+)/(?P<rest>.+)$")

DEFAULT_CLUSTER = "default"


@dataclass(frozen=True)
class DaemonArn:
    """The parts of a daemon ARN."""

    partition: str
    """The AWS partition, such as ``aws``."""
    region: str
    """The region the daemon lives in."""
    account: str
    """The twelve-digit account id."""
    cluster_name: str
    """The name of the daemon's cluster."""
    daemon_name: str
    """The daemon's name."""


def parse_daemon_arn(arn: str) -> DaemonArn | None:
    """Split a daemon ARN into its parts, or return None if it is not one."""
    match = DAEMON_ARN.match(arn) if isinstance(arn, str) else None
    if match is None:
        return None
    return DaemonArn(
        partition=match["partition"],
        region=match["region"],
        account=match["account"],
        cluster_name=match["cluster"],
        daemon_name=match["name"],
    )


def daemon_arn(
    partition: str, region: str, account: str, cluster_name: str, daemon_name: str
) -> str:
    """The ARN a daemon of that name in that cluster has (an assumed format)."""
    return f"arn:{partition}:ecs:{region}:{account}:daemon/{cluster_name}/{daemon_name}"


def resource_type(arn: str) -> str | None:
    """The resource type of an ECS ARN (``cluster``, ``task-definition``, ...)."""
    match = ANY_ECS_ARN.match(arn)
    return match["type"] if match else None


def cluster_name(cluster_arn: str | None) -> str:
    """The cluster's name; the default cluster when no ARN is given."""
    if cluster_arn is None:
        return DEFAULT_CLUSTER
    match = CLUSTER_ARN.match(cluster_arn)
    return match["name"] if match else cluster_arn
