"""Daemon operations: Create, Update, Delete, Describe and ListDaemons.

Create, Update and Delete each snapshot a revision (Create and Update) and
start a deployment, whose ARN they return; see
:mod:`ecs_daemon_local.deployments` for how it progresses.
"""

from __future__ import annotations

import json
from typing import Any

from ecs_daemon_local.assumptions import MAX_BAKE_TIME_MINUTES, parse_arn
from ecs_daemon_local.deployments import CREATE, DELETE, UPDATE, DeploymentSettings
from ecs_daemon_local.documents import current_revisions
from ecs_daemon_local.errors import DaemonNotActiveException, InvalidParameterException
from ecs_daemon_local.operations.common import (
    Call,
    name_problem,
    paginate,
    raise_problems,
    tags_from_wire,
)
from ecs_daemon_local.resources import (
    MANAGED_INSTANCES,
    ClientTokenRecord,
    Cluster,
    Daemon,
    DaemonRevision,
    TaskDefinition,
)
from ecs_daemon_local.state import EcsState


def create_daemon(call: Call) -> dict[str, Any]:
    """Create a daemon and start its first deployment.

    A repeated call with the same clientToken and the same parameters returns
    the first call's answer instead of creating anything.

    :raises InvalidParameterException: for a name already used in the cluster,
        a client token reused with other parameters, or an unusable capacity
        provider or task definition
    """
    params, state, now = call.params, call.state, call.now
    cluster = state.find_cluster(params.get("clusterArn"))
    name = params["daemonName"]
    token = params.get("clientToken")

    problems = [p for p in [name_problem(name, "daemonName")] if p]
    if token is not None and not _valid_token(token):
        problems.append(
            f"clientToken {token!r} is not valid: use 1-36 ASCII characters "
            "from 33 to 126"
        )
    tags = tags_from_wire(params.get("tags"))
    raise_problems(problems)

    fingerprint = _fingerprint(params, cluster)
    record = state.client_tokens.get(token) if token else None
    if record is not None:
        if record.fingerprint == fingerprint:
            return record.response
        raise InvalidParameterException(
            f"clientToken {token!r} was already used with different parameters: "
            "a client token makes CreateDaemon idempotent only for identical requests"
        )

    arn = state.arns.daemon(cluster.name, name)
    if arn in state.daemons:
        raise InvalidParameterException(
            f"daemonName {name!r} is already used by a daemon in cluster {cluster.name}"
        )
    providers, definition = _resolve(call, cluster)

    daemon = Daemon(
        name=name,
        arn=arn,
        cluster_name=cluster.name,
        cluster_arn=cluster.arn,
        seq=state.next_seq(),
        created_at=now,
        updated_at=now,
        revision_arn="",
        tags=tags,
    )
    settings = DeploymentSettings().merged(params.get("deploymentConfiguration"))
    revision = _new_revision(call, daemon, definition, providers, settings, None)
    daemon.revision_arn = revision.arn
    state.daemons[arn] = daemon
    deployment = state.start_deployment(daemon, CREATE, revision, now)

    response = {
        "daemonArn": arn,
        "status": daemon.status,
        "createdAt": daemon.created_at,
        "deploymentArn": deployment.arn,
    }
    if token:
        state.client_tokens[token] = ClientTokenRecord(fingerprint, arn, response)
    return response


def update_daemon(call: Call) -> dict[str, Any]:
    """Roll out a new revision of an ACTIVE daemon.

    Members left out of the request keep their current values.

    :raises DaemonNotActiveException: while the daemon is being deleted
    """
    params, state, now = call.params, call.state, call.now
    daemon = state.find_daemon(params["daemonArn"])
    if daemon.status != "ACTIVE":
        raise DaemonNotActiveException(
            f"daemon {daemon.arn} is {daemon.status}: only an ACTIVE daemon can be "
            "updated"
        )
    cluster = state.find_cluster(daemon.cluster_name)
    providers, definition = _resolve(call, cluster)

    previous = state.revisions[daemon.revision_arn]
    settings = previous.settings.merged(params.get("deploymentConfiguration"))
    revision = _new_revision(call, daemon, definition, providers, settings, previous)
    deployment = state.start_deployment(daemon, UPDATE, revision, now)
    daemon.updated_at = now
    return _change_response(daemon, deployment.arn)


def delete_daemon(call: Call) -> dict[str, Any]:
    """Start deleting an ACTIVE daemon; it is gone once its deployment ends.

    :raises DaemonNotActiveException: when it is already being deleted
    """
    state, now = call.state, call.now
    daemon = state.find_daemon(call.params["daemonArn"])
    if daemon.status != "ACTIVE":
        raise DaemonNotActiveException(
            f"daemon {daemon.arn} is {daemon.status}: it is already being deleted"
        )

    deployment = state.start_deployment(daemon, DELETE, None, now)
    daemon.status = "DELETE_IN_PROGRESS"
    daemon.updated_at = now
    return _change_response(daemon, deployment.arn)


def describe_daemon(call: Call) -> dict[str, Any]:
    """Describe a daemon, with per-capacity-provider counts of each revision."""
    state = call.state
    daemon = state.find_daemon(call.params["daemonArn"])
    views = state.daemon_instances(daemon, call.now)
    return {
        "daemon": {
            "daemonArn": daemon.arn,
            "clusterArn": daemon.cluster_arn,
            "status": daemon.status,
            "currentRevisions": current_revisions(views, daemon.revision_arn),
            "deploymentArn": daemon.deployment_arn,
            "createdAt": daemon.created_at,
            "updatedAt": daemon.updated_at,
        }
    }


def list_daemons(call: Call) -> dict[str, Any]:
    """List the daemons of a cluster (the default one when omitted), oldest first."""
    params, state = call.params, call.state
    cluster = state.find_cluster(params.get("clusterArn"))
    wanted = set()
    for ref in params.get("capacityProviderArns", []):
        provider = state.find_capacity_provider(ref)
        wanted.add(provider.arn if provider else ref)

    def selected(daemon: Daemon) -> bool:
        providers = state.revisions[daemon.revision_arn].capacity_provider_arns
        return daemon.cluster_name == cluster.name and (
            not wanted or not wanted.isdisjoint(providers)
        )

    daemons = sorted(filter(selected, state.daemons.values()), key=lambda d: d.seq)
    page, token = paginate(daemons, lambda d: d.seq, params)
    summaries = [
        {
            "daemonArn": d.arn,
            "status": d.status,
            "createdAt": d.created_at,
            "updatedAt": d.updated_at,
        }
        for d in page
    ]
    return {"daemonSummariesList": summaries, "nextToken": token}


def _change_response(daemon: Daemon, deployment_arn: str) -> dict[str, Any]:
    return {
        "daemonArn": daemon.arn,
        "status": daemon.status,
        "createdAt": daemon.created_at,
        "updatedAt": daemon.updated_at,
        "deploymentArn": deployment_arn,
    }


def _resolve(call: Call, cluster: Cluster) -> tuple[tuple[str, ...], TaskDefinition]:
    """The capacity provider ARNs and the task definition a request names.

    :raises InvalidParameterException: listing every unusable reference
    """
    params, state = call.params, call.state
    refs = params["capacityProviderArns"]
    problems = []
    if not refs:
        problems.append("capacityProviderArns must list at least one capacity provider")
    if len(set(refs)) != len(refs):
        problems.append("capacityProviderArns lists a capacity provider twice")
    providers = []
    for index, ref in enumerate(refs):
        problem = _provider_problem(state, ref, cluster)
        if problem:
            problems.append(f"capacityProviderArns[{index}] {ref!r} {problem}")
        else:
            providers.append(ref)

    definition = _task_definition(state, params["daemonTaskDefinitionArn"], problems)
    bake = (params.get("deploymentConfiguration") or {}).get("bakeTimeInMinutes")
    if bake is not None and not 0 <= bake <= MAX_BAKE_TIME_MINUTES:
        problems.append(
            f"deploymentConfiguration.bakeTimeInMinutes {bake} is not valid: "
            f"must be between 0 and {MAX_BAKE_TIME_MINUTES}"
        )
    raise_problems(problems)
    assert definition is not None
    return tuple(providers), definition


def _provider_problem(state: EcsState, ref: str, cluster: Cluster) -> str | None:
    parsed = parse_arn(ref)
    if parsed is None or parsed.resource_type != "capacity-provider":
        return "is not a capacity provider ARN"
    provider = state.find_capacity_provider(ref)
    if provider is None:
        return "does not exist"
    if provider.kind != MANAGED_INSTANCES:
        return (
            f"is a {provider.kind} capacity provider: daemons run on Managed "
            "Instances capacity providers only"
        )
    if provider.cluster != cluster.name:
        return f"belongs to cluster {provider.cluster}, not {cluster.name}"
    return None


def _task_definition(
    state: EcsState, ref: str, problems: list[str]
) -> TaskDefinition | None:
    parsed = parse_arn(ref)
    if parsed is None or parsed.resource_type != "daemon-task-definition":
        problems.append(
            f"daemonTaskDefinitionArn {ref!r} is not a daemon task definition ARN"
        )
        return None
    definition = state.find_task_definition(ref)
    if definition is None:
        problems.append(f"daemonTaskDefinitionArn {ref!r} does not exist")
    elif definition.status != "ACTIVE":
        problems.append(
            f"daemonTaskDefinitionArn {ref!r} is {definition.status}: it must be ACTIVE"
        )
    return definition


def _new_revision(
    call: Call,
    daemon: Daemon,
    definition: TaskDefinition,
    providers: tuple[str, ...],
    settings: DeploymentSettings,
    previous: DaemonRevision | None,
) -> DaemonRevision:
    params, state = call.params, call.state

    def member(name: str, attribute: str, default: Any) -> Any:
        current = getattr(previous, attribute) if previous is not None else default
        return params.get(name, current)

    containers = definition.body["containerDefinitions"]
    revision = DaemonRevision(
        arn=state.arns.daemon_revision(
            daemon.cluster_name, daemon.name, state.new_id()
        ),
        daemon_arn=daemon.arn,
        cluster_arn=daemon.cluster_arn,
        created_at=call.now,
        task_definition_arn=definition.arn,
        container_images=tuple((c.get("name", ""), c["image"]) for c in containers),
        capacity_provider_arns=providers,
        settings=settings,
        propagate_tags=member("propagateTags", "propagate_tags", "NONE"),
        enable_ecs_managed_tags=member(
            "enableECSManagedTags", "enable_ecs_managed_tags", False
        ),
        enable_execute_command=member(
            "enableExecuteCommand", "enable_execute_command", False
        ),
        critical=member("critical", "critical", True),
    )
    state.revisions[revision.arn] = revision
    return revision


def _valid_token(token: str) -> bool:
    return 1 <= len(token) <= 36 and all(33 <= ord(c) <= 126 for c in token)


def _fingerprint(params: dict[str, Any], cluster: Cluster) -> str:
    # Compare what the request means, not how it was spelled: the cluster by
    # ARN, the capacity providers as a set.
    normal = {k: v for k, v in params.items() if k != "clientToken"}
    normal["clusterArn"] = cluster.arn
    normal["capacityProviderArns"] = sorted(params["capacityProviderArns"])
    return json.dumps(normal, sort_keys=True)
