"""The steps of creating, adopting and rolling out a daemon, on one ECS client.

:class:`~pulumi_ecs_daemon.provider.DaemonProvider` strings these together.
Each returns the state outputs it learned (deployment, status, timestamps) or
raises an error whose message says what happened to the daemon and what the
user can do next.

Progress of a long wait goes through :func:`pulumi.log.info`. The provider
process has no engine connection, so the SDK writes the line to stderr, and
the engine shows every stderr line of a dynamic provider in its diagnostics.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pulumi

from ecs_daemon_core import (
    DaemonRef,
    DaemonSpec,
    DeploymentFailedError,
    DeploymentProgress,
    NotFoundError,
    OperationError,
    WaitTimeoutError,
    apply_plan,
    arns,
    create_daemon,
    delete_daemon,
    find_daemon,
    find_daemon_by_name,
    plan_change,
    read_daemon,
    wait_daemon_deleted,
    wait_deployment_successful,
)
from pulumi_ecs_daemon.errors import (
    CreateFailedError,
    ImportNotFoundError,
    NameTakenError,
    UpdateFailedError,
)
from pulumi_ecs_daemon.properties import ProviderSettings

if TYPE_CHECKING:
    from mypy_boto3_ecs.client import ECSClient

logger = logging.getLogger(__name__)

State = dict[str, Any]


def existing_daemon(client: ECSClient, spec: DaemonSpec) -> str | None:
    """The ARN of the daemon with the spec's name in its cluster, if any."""
    try:
        return find_daemon_by_name(client, spec.daemon_name, spec.cluster_arn)
    except NotFoundError:
        return None


def create_new(client: ECSClient, spec: DaemonSpec) -> DaemonRef:
    """CreateDaemon, idempotent across the SDK's retries of the call.

    :raises NameTakenError: when another daemon already has the name.
    """
    # A fresh token per create call. botocore repeats it on every retry of the
    # call, so a retry after a lost answer gets the daemon the first attempt
    # made instead of a second one or a name clash. It is deliberately not
    # derived from the inputs: ECS does not document how long it remembers a
    # token, nor whether deleting the daemon forgets it, so a stable token
    # could hand a create after a destroy (or after a cleaned-up failure) a
    # daemon that no longer exists.
    token = str(uuid.uuid4())
    try:
        return create_daemon(client, spec, client_token=token)
    except OperationError as exc:
        # ECS answers a taken name with the generic InvalidParameterException:
        # look for the daemon rather than parse the message.
        if exc.code != "InvalidParameterException":
            raise
        existing = existing_daemon(client, spec)
        if existing is None:
            raise
        cluster = arns.cluster_name(spec.cluster_arn)
        raise NameTakenError(spec.daemon_name, cluster, existing) from exc


def settle(
    client: ECSClient, ref: DaemonRef, spec: DaemonSpec, settings: ProviderSettings
) -> State:
    """The state after CreateDaemon, once the first deployment succeeded if asked."""
    state: State = {
        "deployment_arn": ref.deployment_arn,
        "status": ref.status,
        "created_at": ref.created_at,
        "updated_at": ref.updated_at,
    }
    if settings.wait_for_deployment and ref.deployment_arn is not None:
        state.update(wait(client, ref.daemon_arn, ref.deployment_arn, spec, settings))
    return state


def undo_create(
    client: ECSClient, daemon_arn: str, cause: Exception
) -> CreateFailedError:
    """Delete a daemon whose create failed; the error to raise says how it went."""
    logger.debug("create of %s failed; deleting it", daemon_arn)
    try:
        delete_daemon(client, daemon_arn)
        wait_daemon_deleted(client, daemon_arn)
    except Exception as cleanup:
        outcome = (
            f"deleting it again failed too ({cleanup}), so it may still exist:"
            f" delete it, or set import_daemon_arn={daemon_arn!r} to manage it"
        )
    else:
        outcome = (
            "the daemon was deleted again and nothing is left behind;"
            " fix the cause and run `pulumi up` again"
        )
    return CreateFailedError(daemon_arn, str(cause), outcome)


def adopt(
    client: ECSClient,
    daemon_arn: str,
    spec: DaemonSpec,
    settings: ProviderSettings,
) -> State:
    """Take over an existing daemon and change it to the desired one.

    :raises ImportNotFoundError: when it does not exist or is being deleted.
    :raises UpdateFailedError: when the change's deployment fails; the daemon
        is left as ECS rolled it back, and the resource is not created.
    """
    live = read_daemon(client, daemon_arn)
    if live is None or live.status != "ACTIVE":
        raise ImportNotFoundError(daemon_arn)
    plan = plan_change(live.spec, spec)
    logger.debug("adopting %s: %s", daemon_arn, plan.changed_fields)
    deployment_arn = apply_plan(client, daemon_arn, plan, spec)

    state: State = {
        "deployment_arn": live.deployment_arn,
        "deployment_status": live.deployment_status,
        "status": live.status,
        "created_at": live.created_at,
        "updated_at": live.updated_at,
    }
    if deployment_arn is not None:
        state.update(roll_out(client, daemon_arn, deployment_arn, spec, settings))
    return state


def roll_out(
    client: ECSClient,
    daemon_arn: str,
    deployment_arn: str,
    spec: DaemonSpec,
    settings: ProviderSettings,
) -> State:
    """Follow the deployment an UpdateDaemon started, when asked to wait.

    :raises UpdateFailedError: when it fails or the wait times out.
    """
    if not settings.wait_for_deployment:
        return {"deployment_arn": deployment_arn, "deployment_status": None}
    try:
        return wait(client, daemon_arn, deployment_arn, spec, settings)
    except (DeploymentFailedError, WaitTimeoutError) as exc:
        raise UpdateFailedError(daemon_arn, str(exc), _update_outcome(exc)) from exc


def wait(
    client: ECSClient,
    daemon_arn: str,
    deployment_arn: str,
    spec: DaemonSpec,
    settings: ProviderSettings,
) -> State:
    """Wait for a deployment to succeed, then read the daemon's status and times.

    :raises DeploymentFailedError: when the deployment ends otherwise.
    :raises WaitTimeoutError: when the input's timeout passes first.
    """
    progress = wait_deployment_successful(
        client,
        deployment_arn,
        timeout_seconds=settings.deployment_timeout_seconds,
        on_progress=_progress_reporter(spec.daemon_name),
    )
    # The rollout may have taken an hour: one DescribeDaemon records the status
    # and times as they are once it ended, not as the first call saw them.
    daemon = find_daemon(client, daemon_arn)
    return {
        "deployment_arn": deployment_arn,
        "deployment_status": progress.status,
        "status": daemon.get("status"),
        "created_at": daemon.get("createdAt"),
        "updated_at": daemon.get("updatedAt"),
    }


def _progress_reporter(daemon_name: str) -> Callable[[DeploymentProgress], None]:
    def report(progress: DeploymentProgress) -> None:
        deployment = progress.deployment_arn.rsplit("/", 1)[-1]
        pulumi.log.info(
            f"daemon {daemon_name}: deployment {deployment} {progress.status}"
            f" ({progress.running} instances done, {progress.draining} draining,"
            f" {progress.without_daemon} waiting)"
        )

    return report


def _update_outcome(exc: Exception) -> str:
    if isinstance(exc, WaitTimeoutError):
        return (
            "the deployment continues in ECS; run `pulumi refresh` once it ends,"
            " then `pulumi up` again"
        )
    rolled_back_to = getattr(exc, "rolled_back_to", None)
    where = f" to revision {rolled_back_to}" if rolled_back_to else ""
    return (
        f"ECS rolled the daemon back{where} and the change was not applied;"
        " fix the cause and run `pulumi up` again"
    )
