"""Pulumi dynamic provider for Amazon ECS Managed Daemons.

Declare a :class:`Daemon` in any Python Pulumi program; the engine runs
:class:`DaemonProvider` to create, update, refresh and delete it through the
shared :mod:`ecs_daemon_core`. Importing this package has no side effects.
"""

from __future__ import annotations

import logging

from pulumi_ecs_daemon.errors import (
    CreateFailedError,
    ImportNotFoundError,
    NameTakenError,
    RegionMissingError,
    UpdateFailedError,
)
from pulumi_ecs_daemon.provider import DaemonProvider
from pulumi_ecs_daemon.resource import (
    TYPE_TOKEN,
    Daemon,
    DaemonArgs,
    DeploymentAlarmsArgs,
    DeploymentConfigurationArgs,
)

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "TYPE_TOKEN",
    "CreateFailedError",
    "Daemon",
    "DaemonArgs",
    "DaemonProvider",
    "DeploymentAlarmsArgs",
    "DeploymentConfigurationArgs",
    "ImportNotFoundError",
    "NameTakenError",
    "RegionMissingError",
    "UpdateFailedError",
]
