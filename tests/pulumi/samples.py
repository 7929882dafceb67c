"""Property bags as the engine hands them to the provider."""

from __future__ import annotations

import copy
from typing import Any

from pulumi.output import Unknown

ACCOUNT = "123456789012"
REGION = "us-east-1"
PREFIX = f"arn:aws:ecs:{REGION}:{ACCOUNT}"
CLUSTER = f"{PREFIX}:cluster/production"
OTHER_CLUSTER = f"{PREFIX}:cluster/staging"
TASK_DEFINITION = f"{PREFIX}:daemon-task-definition/agent:1"
NEXT_TASK_DEFINITION = f"{PREFIX}:daemon-task-definition/agent:2"
CAPACITY_PROVIDER_A = f"{PREFIX}:capacity-provider/mi-general"
CAPACITY_PROVIDER_B = f"{PREFIX}:capacity-provider/mi-gpu"
DAEMON_ARN = f"{PREFIX}:daemon/production/agent"

INPUTS: dict[str, Any] = {
    "resource_name": "agent",
    "daemon_name": "agent",
    "cluster_arn": CLUSTER,
    "daemon_task_definition_arn": TASK_DEFINITION,
    "capacity_provider_arns": [CAPACITY_PROVIDER_A, CAPACITY_PROVIDER_B],
    # Numbers arrive as floats, whatever the program wrote.
    "deployment_configuration": {"drain_percent": 25.0, "bake_time_in_minutes": 5.0},
    "tags": {"team": "platform"},
    "propagate_tags": "DAEMON",
}


def inputs(**changes: Any) -> dict[str, Any]:
    """A copy of :data:`INPUTS` with members replaced; ``...`` removes one."""
    result = copy.deepcopy(INPUTS)
    for key, value in changes.items():
        if value is ...:
            result.pop(key, None)
        else:
            result[key] = value
    return result


def outputs(**changes: Any) -> dict[str, Any]:
    """The outputs recorded after creating :data:`INPUTS` (with changes)."""
    result = inputs(**changes)
    result.setdefault("daemon_arn", DAEMON_ARN)
    result.setdefault("region", REGION)
    result.setdefault("status", "ACTIVE")
    return result


def unknown() -> Unknown:
    """The value Check and Diff receive for an input unknown during a preview."""
    return Unknown()
