"""Requests shared by the core's tests."""

from __future__ import annotations

import copy
from typing import Any

ACCOUNT = "123456789012"
REGION = "us-east-1"
PREFIX = f"arn:aws:ecs:{REGION}:{ACCOUNT}"
CLUSTER = f"{PREFIX}:cluster/production"
OTHER_CLUSTER = f"{PREFIX}:cluster/staging"
TASK_DEFINITION = f"{PREFIX}:daemon-task-definition/monitoring-agent:3"
CAPACITY_PROVIDER_A = f"{PREFIX}:capacity-provider/mi-general"
CAPACITY_PROVIDER_B = f"{PREFIX}:capacity-provider/mi-gpu"

# The CreateDaemon request as the API reference's request syntax lays it out,
# with every member filled in.
DOCUMENTED_REQUEST: dict[str, Any] = {
    "capacityProviderArns": [CAPACITY_PROVIDER_A, CAPACITY_PROVIDER_B],
    "clientToken": "4b6a1f3c-0d2e-4f5a-8b7c-9d0e1f2a3b4c",
    "clusterArn": CLUSTER,
    "daemonName": "monitoring-agent",
    "daemonTaskDefinitionArn": TASK_DEFINITION,
    "deploymentConfiguration": {
        "alarms": {"alarmNames": ["agent-task-failures"], "enable": True},
        "bakeTimeInMinutes": 10,
        "drainPercent": 25.0,
    },
    "enableECSManagedTags": True,
    "enableExecuteCommand": False,
    "propagateTags": "DAEMON",
    "tags": [
        {"key": "team", "value": "platform"},
        {"key": "cost-center", "value": "1234"},
    ],
    "critical": True,
}


def request(**changes: Any) -> dict[str, Any]:
    """A copy of the documented request with top-level members replaced.

    A member set to ``...`` is removed.
    """
    result = copy.deepcopy(DOCUMENTED_REQUEST)
    for key, value in changes.items():
        if value is ...:
            result.pop(key, None)
        else:
            result[key] = value
    return result
