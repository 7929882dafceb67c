"""Synth-time validation of EcsDaemon props through the core.

The props are checked with the same rules and messages as the handler uses
before its first API call, and as the Pulumi provider uses, so a mistake fails
``cdk synth`` instead of a deployment half-way through. Values that are CDK
tokens (an attribute of another resource, a parameter) are not known at synth;
they are replaced by the core's UNKNOWN marker and skipped. Every problem is
reported at once, each named by the construct prop it comes from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jsii
from aws_cdk import Duration, TagManager, Token
from constructs import IValidation

from cdk_ecs_daemon.runtime.properties import MAX_WAIT_SECONDS
from ecs_daemon_core import (
    UNKNOWN,
    Problem,
    python_field_path,
    request_from_kwargs,
    validate_create_request,
)

if TYPE_CHECKING:
    from cdk_ecs_daemon.construct import DaemonDeploymentConfiguration

# API field paths whose construct prop has another name or place.
_PROP_NAMES = (
    (
        r"^deploymentConfiguration\.bakeTimeInMinutes",
        "deployment_configuration.bake_time",
    ),
    (
        r"^deploymentConfiguration\.alarms\.alarmNames",
        "deployment_configuration.alarm_names",
    ),
    (
        r"^deploymentConfiguration\.alarms\.enable",
        "deployment_configuration.enable_alarms",
    ),
    (r"^tags", "tags (from Tags.of)"),
)


@dataclass(frozen=True)
class Inputs:
    """The props of one EcsDaemon, as given (tokens included)."""

    daemon_name: str
    daemon_task_definition_arn: str
    capacity_provider_arns: Sequence[str]
    cluster_arn: str | None
    cluster_given_twice: bool
    deployment_configuration: DaemonDeploymentConfiguration | None
    propagate_tags: str | None
    enable_ecs_managed_tags: bool | None
    enable_execute_command: bool | None
    critical: bool | None
    wait_for_deployment: bool
    deployment_timeout: Duration | None
    tags: TagManager


@jsii.implements(IValidation)
class SynthValidation:
    """Runs at synth, after aspects (so tags from ``Tags.of`` are in)."""

    def __init__(self, inputs: Inputs) -> None:
        self._inputs = inputs

    def validate(self) -> list[str]:
        """One message per problem, each starting with the prop's name."""
        return [f"EcsDaemon {problem}" for problem in problems(self._inputs)]


def problems(inputs: Inputs) -> list[Problem]:
    """Every problem with the props, each named by its construct prop."""
    request = request_from_kwargs(
        daemon_name=known(inputs.daemon_name),
        daemon_task_definition_arn=known(inputs.daemon_task_definition_arn),
        capacity_provider_arns=known(inputs.capacity_provider_arns),
        cluster_arn=known(inputs.cluster_arn),
        deployment_configuration=_deployment_request(inputs.deployment_configuration),
        tags=_tags(inputs.tags),
        propagate_tags=known(inputs.propagate_tags),
        enable_ecs_managed_tags=inputs.enable_ecs_managed_tags,
        enable_execute_command=inputs.enable_execute_command,
        critical=inputs.critical,
    )
    found = [
        Problem(prop_name(p.field), p.message) for p in validate_create_request(request)
    ]
    if inputs.cluster_given_twice:
        found.append(Problem("cluster", "give cluster or cluster_arn, not both"))
    found.extend(_timeout_problems(inputs.deployment_timeout))
    return found


def known(value: Any) -> Any:
    """``value`` with every unresolved token replaced by UNKNOWN."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str | int | float):
        return UNKNOWN if Token.is_unresolved(value) else value
    if isinstance(value, Sequence):
        if Token.is_unresolved(value):
            return UNKNOWN
        return [known(item) for item in value]
    return value


def prop_name(field: str) -> str:
    """The construct prop an API field path comes from."""
    for pattern, name in _PROP_NAMES:
        if re.match(pattern, field):
            return re.sub(pattern, name, field)
    return python_field_path(field)


def bake_minutes(bake_time: Duration) -> Any:
    """The bake time in minutes; not necessarily whole (validation says so)."""
    if bake_time.is_unresolved():
        return bake_time.to_minutes()
    return _whole(bake_time.to_minutes(integral=False))


def _deployment_request(config: DaemonDeploymentConfiguration | None) -> Any:
    if config is None:
        return None
    request: dict[str, Any] = {}
    if config.drain_percent is not None:
        request["drain_percent"] = known(config.drain_percent)
    if config.bake_time is not None:
        bake = config.bake_time
        request["bake_time_in_minutes"] = (
            UNKNOWN if bake.is_unresolved() else bake_minutes(bake)
        )
    if config.alarm_names is not None or config.enable_alarms is not None:
        request["alarms"] = {
            "alarm_names": known(list(config.alarm_names or ())),
            "enable": bool(config.enable_alarms),
        }
    return request


def _tags(tags: TagManager) -> Any:
    rendered = tags.render_tags()
    if not rendered:
        return None
    return [
        {"key": known(tag.get("Key")), "value": known(tag.get("Value"))}
        for tag in rendered
    ]


def _timeout_problems(timeout: Duration | None) -> list[Problem]:
    if timeout is None or timeout.is_unresolved():
        return []
    seconds = timeout.to_seconds(integral=False)
    if 1 <= seconds <= MAX_WAIT_SECONDS and float(seconds).is_integer():
        return []
    return [
        Problem(
            "deployment_timeout",
            f"must be whole seconds from 1 second to 55 minutes (CloudFormation"
            f" gives a custom resource one hour), got {timeout.to_human_string()}",
        )
    ]


def _whole(number: float) -> float | int:
    return int(number) if float(number).is_integer() else number
