"""Daemon task definition operations: Register, Describe, List and Delete.

Revisions count up from 1 per family and are never reused. A deleted revision
goes ACTIVE -> DELETE_IN_PROGRESS, then DELETED once no daemon uses it and a
short simulated wait has passed (see :class:`~ecs_daemon_local.assumptions.Timing`).
"""

from __future__ import annotations

from typing import Any

from ecs_daemon_local.errors import ClientException
from ecs_daemon_local.operations.common import (
    Call,
    name_problem,
    paginate,
    raise_problems,
    tags_from_wire,
)
from ecs_daemon_local.resources import TaskDefinition
from ecs_daemon_local.state import EcsState


def register_daemon_task_definition(call: Call) -> dict[str, Any]:
    """Register the next revision of a daemon task definition family."""
    params, state = call.params, call.state
    family = params["family"]
    containers = params["containerDefinitions"]

    problems = [p for p in [name_problem(family, "family")] if p]
    if not containers:
        problems.append("containerDefinitions must list at least one container")
    names = [c["name"] for c in containers if c.get("name")]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        problems.append(f"container names {', '.join(duplicates)} are not unique")
    tags = tags_from_wire(params.get("tags"))
    raise_problems(problems)

    revisions = state.task_definitions.setdefault(family, [])
    revision = len(revisions) + 1
    definition = TaskDefinition(
        family=family,
        revision=revision,
        arn=state.arns.daemon_task_definition(family, revision),
        seq=state.next_seq(),
        body={k: v for k, v in params.items() if k != "tags"},
        registered_at=call.now,
        tags=tags,
    )
    revisions.append(definition)
    return {"daemonTaskDefinitionArn": definition.arn}


def describe_daemon_task_definition(call: Call) -> dict[str, Any]:
    """Describe a revision by ARN or ``family:revision``, or a family's latest.

    :raises ClientException: when there is no such revision
    """
    definition = _find(call.state, call.params["daemonTaskDefinition"])
    return {"daemonTaskDefinition": task_definition_document(call.state, definition)}


def list_daemon_task_definitions(call: Call) -> dict[str, Any]:
    """List revisions by family, prefix and status, ordered by family and revision."""
    params, state = call.params, call.state
    status = params.get("status", "ACTIVE")
    family = params.get("family")
    prefix = params.get("familyPrefix", "")

    selected = [
        td
        for revisions in state.task_definitions.values()
        for td in revisions
        if (td.status == status or (status == "ALL" and td.status != "DELETED"))
        and (family is None or td.family == family)
        and td.family.startswith(prefix)
    ]
    if params.get("revision") == "LAST_REGISTERED":
        latest = {td.family: td for td in sorted(selected, key=lambda td: td.revision)}
        selected = list(latest.values())

    descending = params.get("sort") == "DESC"
    selected.sort(key=lambda td: (td.family, td.revision), reverse=descending)
    page, token = paginate(
        selected, lambda td: (td.family, td.revision), params, descending=descending
    )
    return {
        "daemonTaskDefinitions": [_summary(state, td) for td in page],
        "nextToken": token,
    }


def delete_daemon_task_definition(call: Call) -> dict[str, Any]:
    """Start deleting an ACTIVE revision.

    :raises ClientException: when there is no such revision or it is not ACTIVE
    """
    definition = _find(call.state, call.params["daemonTaskDefinition"])
    if definition.status != "ACTIVE":
        raise ClientException(
            f"daemon task definition {definition.arn} is {definition.status}: "
            "only an ACTIVE revision can be deleted"
        )

    definition.status = "DELETE_IN_PROGRESS"
    definition.delete_requested_at = call.now
    return {"daemonTaskDefinitionArn": definition.arn}


def _find(state: EcsState, ref: str) -> TaskDefinition:
    definition = state.find_task_definition(ref)
    if definition is None:
        raise ClientException(f"unable to find daemon task definition {ref!r}")
    return definition


def _registered_by(state: EcsState) -> str:
    return f"arn:{state.arns.partition}:iam::{state.arns.account_id}:root"


def task_definition_document(
    state: EcsState, definition: TaskDefinition
) -> dict[str, Any]:
    """The DaemonTaskDefinition document."""
    return {
        **definition.body,
        "daemonTaskDefinitionArn": definition.arn,
        "revision": definition.revision,
        "status": definition.status,
        "registeredAt": definition.registered_at,
        "registeredBy": _registered_by(state),
        "deleteRequestedAt": definition.delete_requested_at,
    }


def _summary(state: EcsState, definition: TaskDefinition) -> dict[str, Any]:
    return {
        "arn": definition.arn,
        "registeredAt": definition.registered_at,
        "registeredBy": _registered_by(state),
        "deleteRequestedAt": definition.delete_requested_at,
        "status": definition.status,
    }
