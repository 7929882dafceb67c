"""Tag operations on clusters, capacity providers, task definitions and daemons."""

from __future__ import annotations

from typing import Any

from ecs_daemon_local.assumptions import parse_arn
from ecs_daemon_local.errors import (
    EcsError,
    InvalidParameterException,
    ResourceNotFoundException,
)
from ecs_daemon_local.operations.common import Call, tags_from_wire, tags_to_wire
from ecs_daemon_local.state import EcsState

MAX_TAGS = 50
_TAGGABLE = ("cluster", "capacity-provider", "daemon-task-definition", "daemon")


def tag_resource(call: Call) -> dict[str, Any]:
    """Add or overwrite tags; starts no deployment.

    :raises InvalidParameterException: when the resource would carry more than
        50 tags
    """
    tags = _tags_of(call.state, call.params["resourceArn"], ResourceNotFoundException)
    merged = {**tags, **tags_from_wire(call.params["tags"])}
    if len(merged) > MAX_TAGS:
        raise InvalidParameterException(
            f"resource would have {len(merged)} tags: at most {MAX_TAGS} are allowed"
        )

    tags.update(merged)
    return {}


def untag_resource(call: Call) -> dict[str, Any]:
    """Remove tags by key; unknown keys are ignored."""
    tags = _tags_of(call.state, call.params["resourceArn"], ResourceNotFoundException)
    for key in call.params["tagKeys"]:
        tags.pop(key, None)
    return {}


def list_tags_for_resource(call: Call) -> dict[str, Any]:
    """The tags of a resource.

    :raises InvalidParameterException: when the resource does not exist (the
        operation models no ResourceNotFoundException)
    """
    tags = _tags_of(call.state, call.params["resourceArn"], InvalidParameterException)
    return {"tags": tags_to_wire(tags)}


def _tags_of(state: EcsState, arn: str, missing: type[EcsError]) -> dict[str, str]:
    """The live tag dict of a taggable resource.

    :raises ClusterNotFoundException: for a cluster ARN with no ACTIVE cluster
    """
    parsed = parse_arn(arn)
    if parsed is None or parsed.resource_type not in _TAGGABLE:
        raise InvalidParameterException(
            f"resourceArn {arn!r} is not the ARN of a cluster, capacity provider, "
            "daemon task definition or daemon"
        )

    if parsed.resource_type == "cluster":
        return state.find_cluster(arn).tags
    if parsed.resource_type == "capacity-provider":
        provider = state.find_capacity_provider(arn)
        if provider is not None:
            return provider.tags
    elif parsed.resource_type == "daemon-task-definition":
        definition = state.find_task_definition(arn)
        if definition is not None and definition.status != "DELETED":
            return definition.tags
    elif arn in state.daemons:
        return state.daemons[arn].tags
    raise missing(f"resource {arn} not found")
