"""Revision and deployment reads: DescribeDaemonRevisions,
DescribeDaemonDeployments and ListDaemonDeployments.

Revisions and deployments outlive their daemon, so a caller can still read how a
deletion ended after the daemon is gone.
"""

from __future__ import annotations

import hashlib
from typing import Any

from botocore.utils import parse_timestamp

from ecs_daemon_local.documents import deployment_document, deployment_summary
from ecs_daemon_local.errors import ClientException, InvalidParameterException
from ecs_daemon_local.operations.common import Call, paginate
from ecs_daemon_local.resources import DaemonRevision


def describe_daemon_revisions(call: Call) -> dict[str, Any]:
    """Describe revisions by ARN; unknown ones are reported as failures."""
    revisions, failures = [], []
    for arn in call.params["daemonRevisionArns"]:
        revision = call.state.revisions.get(arn)
        if revision is None:
            failures.append({"arn": arn, "reason": "MISSING"})
        else:
            revisions.append(_revision_document(revision))
    return {"daemonRevisions": revisions, "failures": failures}


def describe_daemon_deployments(call: Call) -> dict[str, Any]:
    """Describe deployments by ARN; unknown ones are reported as failures."""
    deployments, failures = [], []
    for arn in call.params["daemonDeploymentArns"]:
        deployment = call.state.deployments.get(arn)
        if deployment is None:
            failures.append({"arn": arn, "reason": "MISSING"})
        else:
            deployments.append(deployment_document(deployment, call.now))
    return {"daemonDeployments": deployments, "failures": failures}


def list_daemon_deployments(call: Call) -> dict[str, Any]:
    """List a daemon's deployments, newest first, by status and creation time.

    :raises ClientException: when the daemon never existed (the operation
        models no DaemonNotFoundException)
    """
    params, state = call.params, call.state
    arn = params["daemonArn"]
    history = [d for d in state.deployments.values() if d.daemon_arn == arn]
    if not history:
        state.find_daemon(arn, missing=ClientException)

    statuses = set(params.get("status", []))
    after, before = _time_range(params.get("createdAt") or {})
    deployments = sorted(
        (
            d
            for d in history
            if (not statuses or d.status(call.now) in statuses)
            and after <= d.created_at <= before
        ),
        key=lambda d: d.seq,
        reverse=True,
    )
    page, token = paginate(deployments, lambda d: d.seq, params, descending=True)
    return {
        "daemonDeployments": [deployment_summary(d, call.now) for d in page],
        "nextToken": token,
    }


def _time_range(window: dict[str, Any]) -> tuple[float, float]:
    try:
        after = (
            parse_timestamp(window["after"]).timestamp() if "after" in window else 0.0
        )
        before = (
            parse_timestamp(window["before"]).timestamp()
            if "before" in window
            else float("inf")
        )
    except (TypeError, ValueError) as exc:
        raise InvalidParameterException(f"createdAt is not valid: {exc}") from exc
    return after, before


def _revision_document(revision: DaemonRevision) -> dict[str, Any]:
    images = [
        {
            "containerName": name,
            "image": image,
            # A stable stand-in for the digest a registry would resolve.
            "imageDigest": "sha256:" + hashlib.sha256(image.encode()).hexdigest(),
        }
        for name, image in revision.container_images
    ]
    return {
        "daemonRevisionArn": revision.arn,
        "clusterArn": revision.cluster_arn,
        "daemonArn": revision.daemon_arn,
        "daemonTaskDefinitionArn": revision.task_definition_arn,
        "createdAt": revision.created_at,
        "containerImages": images,
        "propagateTags": revision.propagate_tags,
        "enableECSManagedTags": revision.enable_ecs_managed_tags,
        "enableExecuteCommand": revision.enable_execute_command,
        "critical": revision.critical,
    }
