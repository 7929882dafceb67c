"""Shared core for Amazon ECS Managed Daemons as infrastructure as code.

The Pulumi provider and the CDK custom resource both stand on this package: the
same validation, the same plan of a change, the same API calls, waits and errors.
It imports only the standard library, boto3 and botocore.
"""

from __future__ import annotations

import logging

from ecs_daemon_core.arns import DaemonArn, cluster_name, parse_daemon_arn
from ecs_daemon_core.client import make_ecs_client
from ecs_daemon_core.errors import (
    DaemonError,
    DeploymentFailedError,
    NotFoundError,
    OperationError,
    ValidationError,
    WaitTimeoutError,
)
from ecs_daemon_core.operations import (
    DaemonRef,
    LiveDaemon,
    apply_plan,
    client_token_for,
    create_daemon,
    delete_daemon,
    find_daemon,
    find_daemon_by_name,
    list_daemon_deployments,
    list_daemons,
    read_daemon,
    retag_daemon,
    update_daemon,
)
from ecs_daemon_core.plan import Plan, plan_change
from ecs_daemon_core.spec import (
    AlarmConfiguration,
    DaemonSpec,
    DeploymentConfiguration,
    request_from_kwargs,
)
from ecs_daemon_core.unknown import UNKNOWN, contains_unknown, is_unknown
from ecs_daemon_core.validation import (
    Problem,
    python_field_path,
    validate_create_request,
)
from ecs_daemon_core.waiters import (
    DeploymentProgress,
    check_deployment,
    daemon_deleted,
    deployment_progress,
    wait_daemon_deleted,
    wait_deployment_successful,
)

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "UNKNOWN",
    "AlarmConfiguration",
    "DaemonArn",
    "DaemonError",
    "DaemonRef",
    "DaemonSpec",
    "DeploymentConfiguration",
    "DeploymentFailedError",
    "DeploymentProgress",
    "LiveDaemon",
    "NotFoundError",
    "OperationError",
    "Plan",
    "Problem",
    "ValidationError",
    "WaitTimeoutError",
    "apply_plan",
    "check_deployment",
    "client_token_for",
    "cluster_name",
    "contains_unknown",
    "create_daemon",
    "daemon_deleted",
    "delete_daemon",
    "deployment_progress",
    "find_daemon",
    "find_daemon_by_name",
    "is_unknown",
    "list_daemon_deployments",
    "list_daemons",
    "make_ecs_client",
    "parse_daemon_arn",
    "plan_change",
    "python_field_path",
    "read_daemon",
    "request_from_kwargs",
    "retag_daemon",
    "update_daemon",
    "validate_create_request",
    "wait_daemon_deleted",
    "wait_deployment_successful",
]
