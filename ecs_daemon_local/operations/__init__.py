"""The ECS operations the endpoint implements, by their model names."""

from __future__ import annotations

from ecs_daemon_local.operations import (
    capacity_providers,
    clusters,
    daemon_history,
    daemons,
    tags,
    task_definitions,
)
from ecs_daemon_local.operations.common import Call, Handler

HANDLERS: dict[str, Handler] = {
    "CreateCluster": clusters.create_cluster,
    "DescribeClusters": clusters.describe_clusters,
    "DeleteCluster": clusters.delete_cluster,
    "ListClusters": clusters.list_clusters,
    "CreateCapacityProvider": capacity_providers.create_capacity_provider,
    "DescribeCapacityProviders": capacity_providers.describe_capacity_providers,
    "DeleteCapacityProvider": capacity_providers.delete_capacity_provider,
    "RegisterDaemonTaskDefinition": task_definitions.register_daemon_task_definition,
    "DescribeDaemonTaskDefinition": task_definitions.describe_daemon_task_definition,
    "ListDaemonTaskDefinitions": task_definitions.list_daemon_task_definitions,
    "DeleteDaemonTaskDefinition": task_definitions.delete_daemon_task_definition,
    "CreateDaemon": daemons.create_daemon,
    "UpdateDaemon": daemons.update_daemon,
    "DeleteDaemon": daemons.delete_daemon,
    "DescribeDaemon": daemons.describe_daemon,
    "ListDaemons": daemons.list_daemons,
    "DescribeDaemonRevisions": daemon_history.describe_daemon_revisions,
    "DescribeDaemonDeployments": daemon_history.describe_daemon_deployments,
    "ListDaemonDeployments": daemon_history.list_daemon_deployments,
    "TagResource": tags.tag_resource,
    "UntagResource": tags.untag_resource,
    "ListTagsForResource": tags.list_tags_for_resource,
}
"""Handler of each implemented operation."""

__all__ = ["HANDLERS", "Call", "Handler"]
