"""The ECS calls that create, change, read and delete a daemon.

Both front ends call these functions and nothing else of the ECS API, so a rule
fixed here (what an update sends, what a delete tolerates, what a read returns)
is fixed for Pulumi and CDK alike. There are no botocore paginators for the
daemon list calls, so the ``nextToken`` loops live here too.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from botocore.exceptions import ClientError

from ecs_daemon_core import arns
from ecs_daemon_core.errors import (
    GONE_ERROR_CODES,
    NotFoundError,
    error_code,
    operation_error,
)
from ecs_daemon_core.plan import Plan
from ecs_daemon_core.spec import DaemonSpec, DeploymentConfiguration

if TYPE_CHECKING:
    from mypy_boto3_ecs.client import ECSClient

logger = logging.getLogger(__name__)

# TagResource, UntagResource and ListTagsForResource report a missing daemon
# with the generic code rather than DaemonNotFoundException.
NOT_FOUND_ERROR_CODES = frozenset(
    {"DaemonNotFoundException", "ResourceNotFoundException"}
)
_TOKEN_NAMESPACE = uuid.UUID("7d0b3f4e-52a4-4e4c-9a55-2d3c0f1d6a11")


@dataclass(frozen=True)
class DaemonRef:
    """What CreateDaemon, UpdateDaemon and DeleteDaemon return."""

    daemon_arn: str
    """The daemon's ARN."""
    deployment_arn: str | None
    """The deployment the call started; None when it started none."""
    status: str
    """The daemon's status, ACTIVE or DELETE_IN_PROGRESS."""
    created_at: str | None = None
    """When the daemon was created (ISO 8601), when the call says."""
    updated_at: str | None = None
    """When the daemon last changed (ISO 8601), when the call says."""


@dataclass(frozen=True)
class LiveDaemon:
    """The full live state of a daemon, read from four API calls."""

    daemon_arn: str
    """The daemon's ARN."""
    status: str
    """ACTIVE or DELETE_IN_PROGRESS."""
    spec: DaemonSpec
    """The live settings, in the same shape as the desired ones."""
    deployment_arn: str | None = None
    """The latest deployment."""
    deployment_status: str | None = None
    """The latest deployment's status."""
    revision_arn: str | None = None
    """The revision that is live (after a rollback, the one rolled back to)."""
    created_at: str | None = None
    """When the daemon was created (ISO 8601)."""
    updated_at: str | None = None
    """When the daemon last changed (ISO 8601)."""
    running_count: int = 0
    """Daemon tasks running across all capacity providers."""
    container_images: tuple[str, ...] = field(default=())
    """Images of the live revision."""

    @property
    def daemon_name(self) -> str:
        """The daemon's name."""
        return self.spec.daemon_name


def client_token_for(*parts: str) -> str:
    """A client token derived from ``parts``: the same parts, the same token.

    Derive it from something stable across retries of one create (a Pulumi URN
    plus name, a CloudFormation request id), so that a retried CreateDaemon
    returns the daemon the first attempt made instead of failing or duplicating.
    """
    return str(uuid.uuid5(_TOKEN_NAMESPACE, "\x1f".join(parts)))


def create_daemon(
    client: ECSClient, spec: DaemonSpec, *, client_token: str | None = None
) -> DaemonRef:
    """Call CreateDaemon for ``spec``; one API call.

    :raises OperationError: when AWS refuses.
    """
    request = spec.to_create_request(client_token)
    identifier = f"{arns.cluster_name(spec.cluster_arn)}/{spec.daemon_name}"
    response = _call("creating", identifier, client.create_daemon, **request)
    logger.debug("created daemon %s", response.get("daemonArn"))
    return DaemonRef(
        daemon_arn=response["daemonArn"],
        deployment_arn=response.get("deploymentArn"),
        status=response.get("status", "ACTIVE"),
        created_at=_iso(response.get("createdAt")),
        updated_at=_iso(response.get("createdAt")),
    )


def update_daemon(client: ECSClient, daemon_arn: str, spec: DaemonSpec) -> DaemonRef:
    """Call UpdateDaemon with the whole desired state; starts a deployment.

    :raises NotFoundError: when the daemon is gone.
    :raises OperationError: when AWS refuses.
    """
    request = spec.to_update_request(daemon_arn)
    response = _call("updating", daemon_arn, client.update_daemon, **request)
    return DaemonRef(
        daemon_arn=daemon_arn,
        deployment_arn=response.get("deploymentArn"),
        status=response.get("status", "ACTIVE"),
        created_at=_iso(response.get("createdAt")),
        updated_at=_iso(response.get("updatedAt")),
    )


def retag_daemon(
    client: ECSClient,
    daemon_arn: str,
    tags_to_set: Mapping[str, str],
    tags_to_remove: Sequence[str] = (),
) -> None:
    """Add, change and remove tags; no call at all when there is nothing to do.

    Removal comes first so that a key removed and re-added in one change ends
    with the new value.
    """
    if tags_to_remove:
        _call(
            "untagging",
            daemon_arn,
            client.untag_resource,
            resourceArn=daemon_arn,
            tagKeys=list(tags_to_remove),
        )
    if tags_to_set:
        _call(
            "tagging",
            daemon_arn,
            client.tag_resource,
            resourceArn=daemon_arn,
            tags=[{"key": k, "value": v} for k, v in tags_to_set.items()],
        )


def apply_plan(
    client: ECSClient, daemon_arn: str, plan: Plan, spec: DaemonSpec
) -> str | None:
    """Carry out an in-place plan: UpdateDaemon only if settings changed, then tags.

    Returns the deployment ARN UpdateDaemon started, or None when the plan
    started none (tag-only and no-op changes).

    :raises ValueError: when the plan needs a new daemon instead.
    """
    if plan.needs_replace:
        raise ValueError(
            "the change of " + ", ".join(plan.replaces) + " needs a new daemon"
        )
    deployment_arn = None
    if plan.needs_update:
        deployment_arn = update_daemon(client, daemon_arn, spec).deployment_arn
    retag_daemon(client, daemon_arn, plan.tags_to_set, plan.tags_to_remove)
    return deployment_arn


def delete_daemon(client: ECSClient, daemon_arn: str) -> str | None:
    """Call DeleteDaemon; returns the deployment ARN, None if it was already going.

    A daemon that is missing, whose cluster is missing, or that is already
    being deleted counts as deleted: only those outcomes are tolerated.

    :raises OperationError: for any other refusal.
    """
    try:
        response = client.delete_daemon(daemonArn=daemon_arn)
    except ClientError as exc:
        code = error_code(exc)
        if code in GONE_ERROR_CODES or code == "DaemonNotActiveException":
            logger.debug("daemon %s already gone or going (%s)", daemon_arn, code)
            return None
        raise operation_error("deleting", daemon_arn, exc) from exc
    return response.get("deploymentArn")


def find_daemon(client: ECSClient, daemon_arn: str) -> dict[str, Any]:
    """DescribeDaemon's ``daemon`` for an ARN.

    :raises NotFoundError: when the daemon or its cluster is gone.
    """
    try:
        response = client.describe_daemon(daemonArn=daemon_arn)
    except ClientError as exc:
        if error_code(exc) in GONE_ERROR_CODES:
            raise NotFoundError("daemon", daemon_arn) from exc
        raise operation_error("describing", daemon_arn, exc) from exc
    return dict(response["daemon"])


def find_daemon_by_name(
    client: ECSClient, daemon_name: str, cluster_arn: str | None = None
) -> str:
    """The ARN of the daemon called ``daemon_name`` in a cluster.

    :raises NotFoundError: when no such daemon exists.
    """
    cluster = arns.cluster_name(cluster_arn)
    for summary in list_daemons(client, cluster_arn=cluster_arn):
        parsed = arns.parse_daemon_arn(summary["daemonArn"])
        if (
            parsed is not None
            and parsed.daemon_name == daemon_name
            and parsed.cluster_name == cluster
        ):
            return str(summary["daemonArn"])
    raise NotFoundError("daemon", f"{cluster}/{daemon_name}")


def read_daemon(client: ECSClient, daemon_arn: str) -> LiveDaemon | None:
    """Read every setting of a live daemon; None when it is gone.

    DescribeDaemon, DescribeDaemonDeployments, DescribeDaemonRevisions and
    ListTagsForResource: four calls, each a setting other tools treat as
    write-only and so cannot check for drift.
    """
    try:
        daemon = find_daemon(client, daemon_arn)
    except NotFoundError:
        return None
    parsed = arns.parse_daemon_arn(daemon_arn)
    if parsed is None:
        raise NotFoundError("daemon", daemon_arn)

    deployment: dict[str, Any] = {}
    deployment_arn = daemon.get("deploymentArn")
    if deployment_arn:
        response = _call(
            "reading deployment of",
            daemon_arn,
            client.describe_daemon_deployments,
            daemonDeploymentArns=[deployment_arn],
        )
        deployment = next(iter(response.get("daemonDeployments", [])), {})

    revision_arn = _live_revision_arn(daemon, deployment)
    revision: dict[str, Any] = {}
    if revision_arn:
        response = _call(
            "reading revision of",
            daemon_arn,
            client.describe_daemon_revisions,
            daemonRevisionArns=[revision_arn],
        )
        revision = next(iter(response.get("daemonRevisions", [])), {})

    tags = _call(
        "listing tags of",
        daemon_arn,
        client.list_tags_for_resource,
        resourceArn=daemon_arn,
    ).get("tags", [])

    config = deployment.get("deploymentConfiguration")
    spec = DaemonSpec(
        daemon_name=parsed.daemon_name,
        cluster_arn=daemon.get("clusterArn"),
        daemon_task_definition_arn=revision.get("daemonTaskDefinitionArn", ""),
        capacity_provider_arns=_capacity_providers(daemon, deployment, revision_arn),
        deployment_configuration=DeploymentConfiguration.from_request(config)
        if config
        else None,
        tags=tuple((t["key"], t.get("value", "")) for t in tags),
        propagate_tags=revision.get("propagateTags"),
        enable_ecs_managed_tags=revision.get("enableECSManagedTags"),
        enable_execute_command=revision.get("enableExecuteCommand"),
        critical=revision.get("critical"),
    )
    return LiveDaemon(
        daemon_arn=daemon_arn,
        status=daemon.get("status", "ACTIVE"),
        spec=spec,
        deployment_arn=deployment_arn,
        deployment_status=deployment.get("status"),
        revision_arn=revision_arn,
        created_at=_iso(daemon.get("createdAt")),
        updated_at=_iso(daemon.get("updatedAt")),
        running_count=sum(
            r.get("totalRunningCount") or 0 for r in daemon.get("currentRevisions", [])
        ),
        container_images=tuple(
            image.get("image", "") for image in revision.get("containerImages", [])
        ),
    )


def list_daemons(
    client: ECSClient,
    *,
    cluster_arn: str | None = None,
    capacity_provider_arns: Sequence[str] | None = None,
    page_size: int | None = None,
) -> list[dict[str, Any]]:
    """Every daemon summary ListDaemons returns, following ``nextToken``."""
    request: dict[str, Any] = {}
    if cluster_arn is not None:
        request["clusterArn"] = cluster_arn
    if capacity_provider_arns:
        request["capacityProviderArns"] = list(capacity_provider_arns)
    if page_size is not None:
        request["maxResults"] = page_size
    return list(_pages(client.list_daemons, "daemonSummariesList", "listing", request))


def list_daemon_deployments(
    client: ECSClient,
    daemon_arn: str,
    *,
    statuses: Sequence[str] | None = None,
    page_size: int | None = None,
) -> list[dict[str, Any]]:
    """Every deployment summary of a daemon, following ``nextToken``."""
    request: dict[str, Any] = {"daemonArn": daemon_arn}
    if statuses:
        request["status"] = list(statuses)
    if page_size is not None:
        request["maxResults"] = page_size
    return list(
        _pages(
            client.list_daemon_deployments,
            "daemonDeployments",
            "listing deployments of",
            request,
        )
    )


def _pages(
    method: Callable[..., Any], key: str, action: str, request: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    identifier = str(request.get("daemonArn") or request.get("clusterArn") or "all")
    token: str | None = None
    while True:
        page = request if token is None else {**request, "nextToken": token}
        response = _call(action, identifier, method, **page)
        yield from response.get(key, [])
        token = response.get("nextToken")
        if not token:
            return


def _live_revision_arn(
    daemon: Mapping[str, Any], deployment: Mapping[str, Any]
) -> str | None:
    # After a rollback the deployment's target is the refused revision; the
    # live one is the revision it rolled back to.
    rollback = deployment.get("rollback") or {}
    if deployment.get("status") == "ROLLBACK_SUCCESSFUL" and rollback.get(
        "rollbackTargetDaemonRevisionArn"
    ):
        return str(rollback["rollbackTargetDaemonRevisionArn"])
    target = (deployment.get("targetDaemonRevision") or {}).get("arn")
    if target and deployment.get("status") not in ("ROLLBACK_FAILED", "STOPPED"):
        return str(target)
    current = daemon.get("currentRevisions") or []
    return str(current[0]["arn"]) if current else target


def _capacity_providers(
    daemon: Mapping[str, Any], deployment: Mapping[str, Any], revision_arn: str | None
) -> tuple[str, ...]:
    for revision in daemon.get("currentRevisions") or []:
        if revision.get("arn") == revision_arn:
            return tuple(cp["arn"] for cp in revision.get("capacityProviders", []))
    if deployment.get("status") == "ROLLBACK_SUCCESSFUL":
        rollback = deployment.get("rollback") or {}
        return tuple(rollback.get("rollbackCapacityProviders") or ())
    target = deployment.get("targetDaemonRevision") or {}
    return tuple(cp["arn"] for cp in target.get("capacityProviders", []))


def _iso(value: Any) -> str | None:
    if isinstance(value, datetime):
        return value.isoformat()
    return None if value is None else str(value)


def _call(
    action: str, identifier: str, method: Callable[..., Any], **request: Any
) -> dict[str, Any]:
    try:
        return cast(dict[str, Any], method(**request))
    except ClientError as exc:
        if error_code(exc) in NOT_FOUND_ERROR_CODES:
            raise NotFoundError("daemon", identifier) from exc
        raise operation_error(action, identifier, exc) from exc
