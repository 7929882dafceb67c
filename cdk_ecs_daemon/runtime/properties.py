"""The custom resource's properties, as CloudFormation delivers them.

CloudFormation turns every scalar property of a custom resource into a string:
``true`` arrives as ``"true"`` and ``25`` as ``"25"``. This module names the
properties (the construct renders them under the same names) and converts them
back into a CreateDaemon request and the resource's own settings, then
validates both through the core before the handler makes any API call.

A value that does not convert is passed on unchanged, so that validation
reports it with the value received instead of a conversion error.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ecs_daemon_core import (
    DaemonSpec,
    Problem,
    ValidationError,
    validate_create_request,
)

DAEMON_NAME = "DaemonName"
CLUSTER_ARN = "ClusterArn"
DAEMON_TASK_DEFINITION_ARN = "DaemonTaskDefinitionArn"
CAPACITY_PROVIDER_ARNS = "CapacityProviderArns"
DEPLOYMENT_CONFIGURATION = "DeploymentConfiguration"
DRAIN_PERCENT = "DrainPercent"
BAKE_TIME_IN_MINUTES = "BakeTimeInMinutes"
ALARMS = "Alarms"
ALARM_NAMES = "AlarmNames"
ENABLE = "Enable"
TAGS = "Tags"
PROPAGATE_TAGS = "PropagateTags"
ENABLE_ECS_MANAGED_TAGS = "EnableECSManagedTags"
ENABLE_EXECUTE_COMMAND = "EnableExecuteCommand"
CRITICAL = "Critical"
WAIT_FOR_DEPLOYMENT = "WaitForDeployment"
DEPLOYMENT_TIMEOUT_SECONDS = "DeploymentTimeoutSeconds"
SERVICE_TOKEN = "ServiceToken"

# CloudFormation gives a custom resource one hour in all; the wait stops
# short of it so that the failure the user sees is ours, with its reason.
MAX_WAIT_SECONDS = 55 * 60

_FLAGS = {
    ENABLE_ECS_MANAGED_TAGS: "enableECSManagedTags",
    ENABLE_EXECUTE_COMMAND: "enableExecuteCommand",
    CRITICAL: "critical",
}
_STRINGS = {
    DAEMON_NAME: "daemonName",
    CLUSTER_ARN: "clusterArn",
    DAEMON_TASK_DEFINITION_ARN: "daemonTaskDefinitionArn",
    PROPAGATE_TAGS: "propagateTags",
}
DAEMON_PROPERTIES = (
    *_STRINGS,
    CAPACITY_PROVIDER_ARNS,
    DEPLOYMENT_CONFIGURATION,
    TAGS,
    *_FLAGS,
)
SETTING_PROPERTIES = (WAIT_FOR_DEPLOYMENT, DEPLOYMENT_TIMEOUT_SECONDS)
KNOWN_PROPERTIES = (*DAEMON_PROPERTIES, *SETTING_PROPERTIES, SERVICE_TOKEN)


@dataclass(frozen=True)
class ResourceSettings:
    """How the custom resource itself behaves, apart from the daemon."""

    wait_for_deployment: bool = True
    """Whether create and update wait for the deployment to succeed."""
    deployment_timeout_seconds: int = MAX_WAIT_SECONDS
    """How long a wait may take before the operation fails."""


@dataclass(frozen=True)
class DesiredDaemon:
    """The validated desired state a CloudFormation event carries."""

    spec: DaemonSpec
    """The daemon to create or update to."""
    settings: ResourceSettings
    """How to wait for it."""


def desired_daemon(properties: Mapping[str, Any]) -> DesiredDaemon:
    """Convert and validate the properties of a Create or Update event.

    :raises ValidationError: with every problem, named by property path.
    """
    problems = [
        Problem(
            str(name),
            "is not a property of this resource; expected one of "
            + ", ".join(KNOWN_PROPERTIES),
        )
        for name in properties
        if name not in KNOWN_PROPERTIES
    ]
    request = daemon_request(properties)
    problems.extend(
        Problem(property_path(p.field), p.message)
        for p in validate_create_request(request)
    )
    settings, setting_problems = _settings(properties)
    problems.extend(setting_problems)
    if problems:
        raise ValidationError(problems)
    return DesiredDaemon(spec=DaemonSpec.from_request(request), settings=settings)


def previous_daemon(properties: Mapping[str, Any] | None) -> DesiredDaemon | None:
    """The desired state of an event's old properties, or None if they are invalid.

    The old properties of a rollback are the ones that failed, possibly for
    being invalid, so they cannot be required to pass validation.
    """
    if not properties:
        return None
    try:
        return desired_daemon(properties)
    except ValidationError:
        return None


def resource_settings(properties: Mapping[str, Any] | None) -> ResourceSettings:
    """The settings of any event; invalid values fall back to the defaults.

    A Delete must succeed whatever the properties hold, so it never fails on
    a setting.
    """
    settings, problems = _settings(properties or {})
    return ResourceSettings() if problems else settings


def daemon_request(properties: Mapping[str, Any]) -> dict[str, Any]:
    """The camelCase CreateDaemon request the properties describe (unvalidated)."""
    request: dict[str, Any] = {}
    for name, api_name in _STRINGS.items():
        if properties.get(name) is not None:
            request[api_name] = properties[name]
    for name, api_name in _FLAGS.items():
        if properties.get(name) is not None:
            request[api_name] = to_boolean(properties[name])
    if properties.get(CAPACITY_PROVIDER_ARNS) is not None:
        request["capacityProviderArns"] = properties[CAPACITY_PROVIDER_ARNS]
    deployment = properties.get(DEPLOYMENT_CONFIGURATION)
    if deployment is not None:
        request["deploymentConfiguration"] = _deployment_request(deployment)
    tags = properties.get(TAGS)
    if tags is not None:
        request["tags"] = _tag_list(tags)
    return request


def to_boolean(value: Any) -> Any:
    """``"true"``/``"false"`` (any case) as a bool; anything else unchanged."""
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


def to_number(value: Any) -> Any:
    """A numeric string as an int or float; anything else unchanged."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        return value
    return number if math.isfinite(number) else value


def property_path(field: str) -> str:
    """An API field path in property terms: ``tags[2].key`` is ``Tags[2].Key``."""
    return re.sub(r"[A-Za-z]+", lambda m: m.group(0)[0].upper() + m.group(0)[1:], field)


def _deployment_request(value: Any) -> Any:
    if not isinstance(value, Mapping):
        return value
    names = {DRAIN_PERCENT: "drainPercent", BAKE_TIME_IN_MINUTES: "bakeTimeInMinutes"}
    request: dict[str, Any] = {}
    for name, item in value.items():
        if name in names:
            request[names[name]] = to_number(item)
        elif name == ALARMS:
            request["alarms"] = _alarms_request(item)
        else:
            # Unknown members go through so that validation names them.
            request[name[:1].lower() + name[1:]] = item
    return request


def _alarms_request(value: Any) -> Any:
    if not isinstance(value, Mapping):
        return value
    request: dict[str, Any] = {}
    for name, item in value.items():
        if name == ALARM_NAMES:
            request["alarmNames"] = item
        elif name == ENABLE:
            request["enable"] = to_boolean(item)
        else:
            request[name[:1].lower() + name[1:]] = item
    return request


def _tag_list(value: Any) -> Any:
    if not isinstance(value, list | tuple):
        return value
    tags: list[Any] = []
    for tag in value:
        if isinstance(tag, Mapping):
            tags.append({k[:1].lower() + k[1:]: v for k, v in tag.items()})
        else:
            tags.append(tag)
    return tags


def _settings(
    properties: Mapping[str, Any],
) -> tuple[ResourceSettings, list[Problem]]:
    problems: list[Problem] = []
    wait = to_boolean(properties.get(WAIT_FOR_DEPLOYMENT, True))
    if not isinstance(wait, bool):
        problems.append(
            Problem(WAIT_FOR_DEPLOYMENT, f"must be true or false, got {wait!r}")
        )
        wait = True
    timeout = to_number(properties.get(DEPLOYMENT_TIMEOUT_SECONDS, MAX_WAIT_SECONDS))
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, int | float)
        or not float(timeout).is_integer()
        or not 1 <= timeout <= MAX_WAIT_SECONDS
    ):
        problems.append(
            Problem(
                DEPLOYMENT_TIMEOUT_SECONDS,
                f"must be a whole number of seconds from 1 to {MAX_WAIT_SECONDS}"
                f" (55 minutes), got {timeout!r}",
            )
        )
        timeout = MAX_WAIT_SECONDS
    return ResourceSettings(wait, int(timeout)), problems
