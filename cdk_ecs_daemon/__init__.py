"""AWS CDK construct for Amazon ECS Managed Daemons.

``EcsDaemon`` manages one daemon through a CloudFormation custom resource whose
Lambda handler calls the ECS daemon API through the shared core. Importing this
package does not load aws_cdk; the construct is imported on first use, so the
handler package (``cdk_ecs_daemon.runtime``) stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cdk_ecs_daemon.construct import DaemonDeploymentConfiguration, EcsDaemon
    from cdk_ecs_daemon.provider import EcsDaemonProvider

_EXPORTS = {
    "EcsDaemon": "cdk_ecs_daemon.construct",
    "DaemonDeploymentConfiguration": "cdk_ecs_daemon.construct",
    "EcsDaemonProvider": "cdk_ecs_daemon.provider",
}

__all__ = ["DaemonDeploymentConfiguration", "EcsDaemon", "EcsDaemonProvider"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
