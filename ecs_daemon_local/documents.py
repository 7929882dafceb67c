"""Wire documents of deployments and daemon revisions, counted from instance views.

:mod:`ecs_daemon_local.deployments` says where every instance stands at a time;
this module counts them into what DescribeDaemonDeployments,
ListDaemonDeployments and DescribeDaemon answer.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ecs_daemon_local.deployments import (
    DRAINING,
    LAUNCHING,
    PENDING,
    ROLLBACK_IN_PROGRESS,
    ROLLBACK_SUCCESSFUL,
    RUNNING,
    STOPPED,
    SUCCESSFUL,
    TERMINAL_STATUSES,
    Deployment,
    InstanceView,
)

Views = dict[str, list[InstanceView]]


def deployment_document(deployment: Deployment, now: float) -> dict[str, Any]:
    """The DaemonDeployment document of DescribeDaemonDeployments."""
    status = deployment.status(now)
    views = deployment.instances(now)
    failed = deployment.failure is not None and status in {
        ROLLBACK_IN_PROGRESS,
        ROLLBACK_SUCCESSFUL,
    }
    return {
        "daemonDeploymentArn": deployment.arn,
        "clusterArn": deployment.cluster_arn,
        "status": status,
        "statusReason": _status_reason(deployment, status),
        "targetDaemonRevision": _target_detail(deployment, views),
        "sourceDaemonRevisions": _source_details(deployment, views),
        "circuitBreaker": _circuit_breaker(deployment, now, status),
        "alarms": _alarms(deployment, status, failed),
        "rollback": _rollback(deployment) if failed else None,
        "deploymentConfiguration": deployment.settings.to_wire(),
        **_times(deployment, status),
    }


def deployment_summary(deployment: Deployment, now: float) -> dict[str, Any]:
    """The DaemonDeploymentSummary document of ListDaemonDeployments."""
    status = deployment.status(now)
    return {
        "daemonDeploymentArn": deployment.arn,
        "daemonArn": deployment.daemon_arn,
        "clusterArn": deployment.cluster_arn,
        "status": status,
        "statusReason": _status_reason(deployment, status),
        "targetDaemonRevisionArn": deployment.target_revision_arn,
        **_times(deployment, status),
    }


def _times(deployment: Deployment, status: str) -> dict[str, float | None]:
    stopped_at = deployment.stopped_at
    started = stopped_at is None or stopped_at >= deployment.started_at
    ended = status in {SUCCESSFUL, ROLLBACK_SUCCESSFUL}
    return {
        "createdAt": deployment.created_at,
        "startedAt": deployment.started_at if started and status != PENDING else None,
        "stoppedAt": stopped_at if status == STOPPED else None,
        "finishedAt": deployment.finished_at if ended else None,
    }


def _status_reason(deployment: Deployment, status: str) -> str | None:
    if status == STOPPED:
        return deployment.stop_reason
    if status in {ROLLBACK_IN_PROGRESS, ROLLBACK_SUCCESSFUL} and deployment.failure:
        return deployment.failure.reason
    return None


def _target_detail(deployment: Deployment, views: Views) -> dict[str, Any]:
    target = deployment.target_revision_arn
    rows = []
    for provider, instances in views.items():
        count = Counter(_target_bucket(view, target) for view in instances)
        rows.append(
            {
                "arn": provider,
                "runningInstanceCount": count["running"],
                "withoutDaemonInstanceCount": count["without"],
                "drainingInstanceCount": count["draining"],
            }
        )
    return {"arn": target, **_revision_totals(rows)}


def _target_bucket(view: InstanceView, target: str | None) -> str:
    # Instances with no daemon task count against the target: they are the
    # instances still waiting for it (a create) or already rid of it (a delete).
    if view.state == DRAINING:
        return "draining" if view.revision_arn in (target, None) else "source"
    if view.revision_arn is None:
        return "without"
    if view.revision_arn != target:
        return "source"
    return "running" if view.state == RUNNING else "without"


def _source_details(deployment: Deployment, views: Views) -> list[dict[str, Any]]:
    source = deployment.source
    revisions = {arn for instances in source.values() for arn in instances if arn}
    details = []
    for revision in sorted(revisions - {deployment.target_revision_arn}):
        rows = []
        for provider, instances in views.items():
            if revision not in source[provider]:
                continue
            states = Counter(v.state for v in instances if v.revision_arn == revision)
            rows.append(
                {
                    "arn": provider,
                    "runningInstanceCount": states[RUNNING],
                    "withoutDaemonInstanceCount": states[LAUNCHING],
                    "drainingInstanceCount": states[DRAINING],
                }
            )
        details.append({"arn": revision, **_revision_totals(rows)})
    return details


def _revision_totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "capacityProviders": rows,
        "totalRunningInstanceCount": sum(r["runningInstanceCount"] for r in rows),
        "totalWithoutDaemonInstanceCount": sum(
            r["withoutDaemonInstanceCount"] for r in rows
        ),
        "totalDrainingInstanceCount": sum(r["drainingInstanceCount"] for r in rows),
    }


def _circuit_breaker(deployment: Deployment, now: float, status: str) -> dict[str, Any]:
    if status in {ROLLBACK_IN_PROGRESS, ROLLBACK_SUCCESSFUL}:
        monitor = "TRIGGERED"
    elif status in TERMINAL_STATUSES:
        monitor = "MONITORING_COMPLETE"
    else:
        monitor = "MONITORING"
    return {
        "failureCount": deployment.failure_count(now),
        "status": monitor,
        "threshold": deployment.threshold,
    }


def _alarms(deployment: Deployment, status: str, failed: bool) -> dict[str, Any]:
    settings = deployment.settings
    names = list(settings.alarm_names)
    if not settings.alarms_enabled:
        return {"status": "DISABLED", "alarmNames": names, "triggeredAlarmNames": []}

    failure = deployment.failure
    triggered = list(failure.alarm_names) if failed and failure else []
    if triggered:
        monitor = "TRIGGERED"
    elif status in TERMINAL_STATUSES:
        monitor = "MONITORING_COMPLETE"
    else:
        monitor = "MONITORING"
    return {"status": monitor, "alarmNames": names, "triggeredAlarmNames": triggered}


def _rollback(deployment: Deployment) -> dict[str, Any]:
    assert deployment.failure is not None
    return {
        "reason": deployment.failure.reason,
        "startedAt": deployment.fail_at,
        "rollbackTargetDaemonRevisionArn": deployment.rollback_revision_arn,
        "rollbackCapacityProviders": list(deployment.source),
    }


def current_revisions(views: Views, desired_revision_arn: str) -> list[dict[str, Any]]:
    """The DaemonRevisionDetail list of DescribeDaemon.

    The desired revision comes first and lists every capacity provider; the
    instances without a daemon task count as its ``withoutDaemonCount``. Other
    revisions are listed where they still run. A draining instance still runs
    its task, so it counts as running.
    """
    others = {v.revision_arn for vs in views.values() for v in vs if v.revision_arn}
    revisions = [desired_revision_arn, *sorted(others - {desired_revision_arn})]
    details = []
    for revision in revisions:
        rows: list[dict[str, Any]] = []
        for provider, instances in views.items():
            mine = [v for v in instances if v.revision_arn == revision]
            if revision != desired_revision_arn and not mine:
                continue
            running = sum(1 for v in mine if v.state != LAUNCHING)
            without = len(mine) - running
            if revision == desired_revision_arn:
                without += sum(1 for v in instances if v.revision_arn is None)
            rows.append(
                {
                    "arn": provider,
                    "runningCount": running,
                    "withoutDaemonCount": without,
                }
            )
        details.append(
            {
                "arn": revision,
                "capacityProviders": rows,
                "totalRunningCount": sum(r["runningCount"] for r in rows),
                "totalWithoutDaemonCount": sum(r["withoutDaemonCount"] for r in rows),
            }
        )
    return details
