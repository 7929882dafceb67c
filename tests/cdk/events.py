"""CloudFormation custom resource events, as CloudFormation sends them."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

STACK_ID = (
    "arn:aws:cloudformation:us-east-1:000000000000:stack/daemons/"
    "5b2f1e70-0000-4000-8000-000000000000"
)


def stringify(value: Any) -> Any:
    """Turn every scalar into a string, as CloudFormation does with properties."""
    if isinstance(value, Mapping):
        return {str(k): stringify(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [stringify(item) for item in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def daemon_properties(
    *,
    name: str,
    cluster_arn: str | None,
    task_definition_arn: str,
    capacity_provider_arns: tuple[str, ...] | list[str],
    tags: Mapping[str, str] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """ResourceProperties of an EcsDaemon, already stringified."""
    properties: dict[str, Any] = {
        "ServiceToken": "arn:aws:lambda:us-east-1:000000000000:function:onEvent",
        "DaemonName": name,
        "DaemonTaskDefinitionArn": task_definition_arn,
        "CapacityProviderArns": list(capacity_provider_arns),
        "WaitForDeployment": True,
        "DeploymentTimeoutSeconds": 3300,
    }
    if cluster_arn is not None:
        properties["ClusterArn"] = cluster_arn
    if tags:
        properties["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
    properties.update(extra)
    return stringify(properties)


def setup_properties(setup: Any, **extra: Any) -> dict[str, Any]:
    """ResourceProperties of a daemon named ``agent`` on a local setup.

    :param setup: a :class:`~ecs_daemon_local.testing.DaemonSetup`
    :param extra: :func:`daemon_properties` arguments that replace the setup's
    """
    values: dict[str, Any] = {
        "name": "agent",
        "cluster_arn": setup.cluster_arn,
        "task_definition_arn": setup.task_definition_arn,
        "capacity_provider_arns": setup.capacity_provider_arns,
    }
    values.update(extra)
    return daemon_properties(**values)


def cfn_event(
    request_type: str,
    properties: Mapping[str, Any],
    *,
    old_properties: Mapping[str, Any] | None = None,
    physical_id: str | None = None,
    request_id: str | None = None,
    response_url: str = "https://cloudformation-responses.invalid/response",
) -> dict[str, Any]:
    """One event with every field CloudFormation sends for ``request_type``."""
    event: dict[str, Any] = {
        "RequestType": request_type,
        "ServiceToken": properties.get("ServiceToken", ""),
        "ResponseURL": response_url,
        "StackId": STACK_ID,
        "RequestId": request_id or str(uuid.uuid4()),
        "LogicalResourceId": "Agent5A2B8C1D",
        "ResourceType": "Custom::EcsDaemon",
        "ResourceProperties": dict(properties),
    }
    if request_type == "Update":
        event["OldResourceProperties"] = dict(old_properties or {})
    if request_type != "Create":
        event["PhysicalResourceId"] = physical_id
    return event
