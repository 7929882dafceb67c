"""What each CloudFormation request does to the daemon.

``on_event`` starts an operation and returns at once; ``is_complete`` is then
polled by the Provider framework until it reports the operation done. The
rules that keep CloudFormation and the daemon in step:

* The physical id is the daemon ARN. It changes only when the name or the
  cluster changes: CloudFormation deletes whatever a changed id pointed to.
* Tag-only and no-op updates never call UpdateDaemon (every UpdateDaemon
  drains and replaces container instances).
* A delete succeeds for ids that are not daemon ARNs (a create that failed
  before a daemon existed), for missing daemons and for daemons already going.
* ``Data`` carries every attribute, as JSON strings, well under 4 KB.
* Throttling while polling means "not complete yet", never a failure.
* Every wait stops after the resource's timeout, at most 55 minutes.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ecs_daemon_core import (
    DaemonSpec,
    NotFoundError,
    WaitTimeoutError,
    apply_plan,
    check_deployment,
    client_token_for,
    cluster_name,
    create_daemon,
    daemon_deleted,
    delete_daemon,
    find_daemon,
    parse_daemon_arn,
    plan_change,
    read_daemon,
)
from ecs_daemon_core.arns import CLUSTER_ARN, daemon_arn

from . import logs, properties
from .properties import DesiredDaemon

if TYPE_CHECKING:
    from mypy_boto3_ecs.client import ECSClient

logger = logging.getLogger(__name__)

DATA_LIMIT_BYTES = 4096
# Data keys. StartedDeploymentArn and StartedAt tell is_complete what to wait
# for and since when; they are attributes like the others.
DAEMON_ARN = "DaemonArn"
DAEMON_NAME = "DaemonName"
CLUSTER_NAME = "ClusterName"
DEPLOYMENT_ARN = "DeploymentArn"
STARTED_DEPLOYMENT_ARN = "StartedDeploymentArn"
STARTED_AT = "StartedAt"

Event = Mapping[str, Any]
Response = dict[str, Any]


class ReplacementConflictError(Exception):
    """A replacement's name is taken in its cluster by a different daemon."""


def now() -> float:
    """Wall-clock seconds; the time every wait is measured in."""
    return time.time()


def on_event(client: ECSClient, event: Event) -> Response:
    """Start the operation a CloudFormation event asks for."""
    request_type = event["RequestType"]
    if request_type == "Create":
        desired = properties.desired_daemon(event["ResourceProperties"])
        return _create(client, desired, event)
    if request_type == "Update":
        desired = properties.desired_daemon(event["ResourceProperties"])
        return _update(client, desired, event)
    if request_type == "Delete":
        return _delete(client, event)
    raise ValueError(f"unknown RequestType {request_type!r}")


def is_complete(client: ECSClient, event: Event) -> bool:
    """One poll: whether the operation ``on_event`` started has finished.

    :raises DeploymentFailedError: when the deployment failed.
    :raises WaitTimeoutError: when the resource's timeout has passed.
    """
    data = event.get("Data") or {}
    settings = properties.resource_settings(event.get("ResourceProperties"))
    physical_id = str(event.get("PhysicalResourceId", ""))

    poll: Callable[[ECSClient, str], bool]
    if event["RequestType"] == "Delete":
        if parse_daemon_arn(physical_id) is None:
            return True
        what, identifier = "deletion of daemon", physical_id
        poll = daemon_deleted
    else:
        identifier = str(data.get(STARTED_DEPLOYMENT_ARN) or "")
        if not settings.wait_for_deployment or not identifier:
            return True
        what, poll = "daemon deployment", check_deployment

    if poll(client, identifier):
        return True

    waited = now() - float(data.get(STARTED_AT) or now())
    if waited >= settings.deployment_timeout_seconds:
        raise WaitTimeoutError(
            what=what,
            identifier=identifier,
            waited_seconds=waited,
            last_status="not finished",
        )
    logger.info("%s %s not finished after %.0fs", what, identifier, waited)
    return False


def _create(client: ECSClient, desired: DesiredDaemon, event: Event) -> Response:
    # CloudFormation and the framework may both retry a request; a token from
    # the request id turns a retried CreateDaemon into the same daemon.
    token = client_token_for(str(event["RequestId"]))
    ref = create_daemon(client, desired.spec, client_token=token)
    logs.set_physical_id(ref.daemon_arn)
    logger.info("created daemon %s", ref.daemon_arn)
    return _response(ref.daemon_arn, ref.deployment_arn, ref.deployment_arn)


def _update(client: ECSClient, desired: DesiredDaemon, event: Event) -> Response:
    physical_id = str(event["PhysicalResourceId"])
    current = parse_daemon_arn(physical_id)
    if current is None:
        logger.info("no daemon behind %r; creating one", physical_id)
        return _create(client, desired, event)
    if _expected_arn(desired.spec, physical_id) != physical_id:
        return _replace(client, desired, event)

    old = _previous_spec(client, event, physical_id)
    if old is None:
        logger.info("daemon %s is gone; creating it again", physical_id)
        return _create(client, desired, event)
    plan = plan_change(old, desired.spec)
    changed = ", ".join(plan.changed_fields) or "nothing"
    logger.info("plan for %s changes %s", physical_id, changed)
    try:
        started = apply_plan(client, physical_id, plan, desired.spec)
    except NotFoundError:
        logger.info("daemon %s is gone; creating it again", physical_id)
        return _create(client, desired, event)
    latest = started or find_daemon(client, physical_id).get("deploymentArn")
    return _response(physical_id, latest, started)


def _previous_spec(
    client: ECSClient, event: Event, physical_id: str
) -> DaemonSpec | None:
    """What the daemon is now: the old properties, when they describe it.

    After a failed replacement, CloudFormation rolls back with the failed
    properties as the old ones while the physical id is the original daemon's;
    those properties describe another daemon, so the live one is read instead.
    None when the daemon is gone.
    """
    old = properties.previous_daemon(event.get("OldResourceProperties"))
    if old is not None and _expected_arn(old.spec, physical_id) == physical_id:
        return old.spec
    live = read_daemon(client, physical_id)
    return None if live is None else live.spec


def _replace(client: ECSClient, desired: DesiredDaemon, event: Event) -> Response:
    """Create the daemon a new name or cluster needs; CloudFormation deletes the old.

    When the target name is already taken in the target cluster by a daemon
    that matches the desired state exactly, that daemon is taken over instead:
    this is how rolling back a failed replacement returns to the original
    daemon, which the failed update never touched.
    """
    expected = _expected_arn(desired.spec, str(event["PhysicalResourceId"]))
    existing = read_daemon(client, expected)
    if existing is None:
        return _create(client, desired, event)
    if existing.status == "ACTIVE" and plan_change(existing.spec, desired.spec).is_noop:
        logger.info("daemon %s already matches; taking it over", expected)
        logs.set_physical_id(expected)
        return _response(expected, existing.deployment_arn, None)
    raise ReplacementConflictError(
        f"replacing the daemon needs the name {desired.spec.daemon_name!r} in"
        f" cluster {cluster_name(desired.spec.cluster_arn)!r}, where daemon"
        f" {expected} ({existing.status}) already exists with other settings;"
        " choose another daemon name or delete that daemon"
    )


def _delete(client: ECSClient, event: Event) -> Response:
    physical_id = str(event["PhysicalResourceId"])
    started = None
    if parse_daemon_arn(physical_id) is None:
        # A create that failed before any daemon existed leaves such an id.
        logger.info("no daemon behind %r; nothing to delete", physical_id)
    else:
        started = delete_daemon(client, physical_id)
        logger.info("deleting daemon %s", physical_id)
    data = {STARTED_DEPLOYMENT_ARN: started or "", STARTED_AT: _timestamp()}
    return {"PhysicalResourceId": physical_id, "Data": data}


def _expected_arn(spec: DaemonSpec, like_arn: str) -> str:
    """The ARN the daemon of ``spec`` has; ``like_arn`` supplies the account.

    The cluster ARN, when given, supplies partition, region and account.
    """
    reference = parse_daemon_arn(like_arn)
    partition, region, account = (
        (reference.partition, reference.region, reference.account)
        if reference
        else ("aws", "", "")
    )
    if spec.cluster_arn is not None:
        match = CLUSTER_ARN.match(spec.cluster_arn)
        if match:
            partition, region = match["partition"], match["region"]
            account = match["account"]
    cluster = cluster_name(spec.cluster_arn)
    return daemon_arn(partition, region, account, cluster, spec.daemon_name)


def _response(
    daemon_arn: str, deployment_arn: str | None, started: str | None
) -> Response:
    parsed = parse_daemon_arn(daemon_arn)
    data = {
        DAEMON_ARN: daemon_arn,
        DAEMON_NAME: parsed.daemon_name if parsed else "",
        CLUSTER_NAME: parsed.cluster_name if parsed else "",
        DEPLOYMENT_ARN: deployment_arn or "",
        STARTED_DEPLOYMENT_ARN: started or "",
        STARTED_AT: _timestamp(),
    }
    size = len(json.dumps(data).encode())
    if size > DATA_LIMIT_BYTES:
        raise ValueError(
            f"the response Data of daemon {daemon_arn} is {size} bytes;"
            f" CloudFormation accepts at most {DATA_LIMIT_BYTES}"
        )
    return {"PhysicalResourceId": daemon_arn, "Data": data}


def _timestamp() -> str:
    return str(int(now()))
