"""Unit tests of the simulation: steps, thresholds, the clock, a deployment."""

from __future__ import annotations

import pytest

from ecs_daemon_local.assumptions import (
    ArnFactory,
    circuit_breaker_threshold,
    parse_arn,
    step_size,
)
from ecs_daemon_local.clock import Clock
from ecs_daemon_local.deployments import (
    DRAINING,
    LAUNCHING,
    RUNNING,
    Deployment,
    DeploymentSettings,
    FailurePlan,
    InstanceView,
)
from ecs_daemon_local.documents import deployment_document


@pytest.mark.parametrize(
    ("drain_percent", "instances", "size"),
    [
        (25.0, 4, 1),
        (25.0, 2, 1),
        (25.0, 8, 2),
        (50.0, 3, 2),
        (100.0, 5, 5),
        (0.0, 5, 1),
        (33.3, 3, 1),
        (10.0, 0, 1),
    ],
)
def test_step_size(drain_percent: float, instances: int, size: int) -> None:
    assert step_size(drain_percent, instances) == size


@pytest.mark.parametrize(
    ("instances", "threshold"), [(0, 3), (2, 3), (7, 4), (10, 5), (1000, 200)]
)
def test_circuit_breaker_threshold(instances: int, threshold: int) -> None:
    assert circuit_breaker_threshold(instances) == threshold


@pytest.mark.parametrize(
    ("arn", "kind", "parts"),
    [
        ("arn:aws:ecs:us-east-1:123456789012:daemon/c/d", "daemon", ("c", "d")),
        (
            "arn:aws:ecs:us-east-1:123456789012:daemon-revision/c/d/1",
            "daemon-revision",
            ("c", "d", "1"),
        ),
        (
            "arn:aws:ecs:us-east-1:123456789012:daemon-task-definition/f:3",
            "daemon-task-definition",
            ("f:3",),
        ),
        ("arn:aws-cn:ecs:cn-north-1:123456789012:cluster/c", "cluster", ("c",)),
        ("arn:aws:ecs:us-east-1:123456789012:daemon/c", None, None),
        ("arn:aws:ecs:us-east-1:123456789012:service/c/s", None, None),
        ("not-an-arn", None, None),
    ],
)
def test_parse_arn(arn: str, kind: str | None, parts: tuple[str, ...] | None) -> None:
    parsed = parse_arn(arn)

    assert (parsed.resource_type if parsed else None) == kind
    assert (parsed.parts if parsed else None) == parts


def test_arn_factory_uses_the_partition_of_the_region() -> None:
    arns = ArnFactory("cn-north-1", "123456789012")

    assert arns.daemon("c", "d") == "arn:aws-cn:ecs:cn-north-1:123456789012:daemon/c/d"


def test_clock_scales_and_advances() -> None:
    real = [100.0]
    clock = Clock(time_scale=10, start=1000.0, monotonic=lambda: real[0])

    real[0] += 2
    assert clock.now() == 1020.0
    assert clock.advance(5) == 1025.0
    clock.set_time_scale(0)
    real[0] += 100
    assert clock.now() == 1025.0
    with pytest.raises(ValueError):
        clock.set_time_scale(-1)


def _deployment(**changes: object) -> Deployment:
    fields: dict[str, object] = {
        "arn": "dep",
        "daemon_arn": "daemon",
        "cluster_arn": "cluster",
        "seq": 1,
        "kind": "UPDATE",
        "target_revision_arn": "new",
        "source": {"cp": ("old", "old", "old", "old")},
        "previous": {"cp": ("old", "old", "old", "old")},
        "settings": DeploymentSettings(drain_percent=50.0),
        "created_at": 0.0,
        "rollback_revision_arn": "old",
        **changes,
    }
    return Deployment(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("time", "status", "states"),
    [
        (0, "PENDING", ["old:R"] * 4),
        (10, "IN_PROGRESS", ["old:D", "old:D", "old:R", "old:R"]),
        (40, "IN_PROGRESS", ["new:L", "new:L", "old:R", "old:R"]),
        (70, "IN_PROGRESS", ["new:R", "new:R", "old:D", "old:D"]),
        (100, "IN_PROGRESS", ["new:R", "new:R", "new:L", "new:L"]),
        (125, "SUCCESSFUL", ["new:R"] * 4),
    ],
)
def test_deployment_timeline(time: float, status: str, states: list[str]) -> None:
    deployment = _deployment()
    short = {RUNNING: "R", DRAINING: "D", LAUNCHING: "L"}

    views = deployment.instances(time)["cp"]

    assert deployment.status(time) == status
    assert [f"{v.revision_arn}:{short[v.state]}" for v in views] == states


def test_failing_deployment_trips_then_rolls_back() -> None:
    deployment = _deployment(failure=FailurePlan("boom"))

    assert deployment.status(49) == "IN_PROGRESS"
    assert deployment.failure_count(49) < deployment.threshold
    assert deployment.status(50) == "ROLLBACK_IN_PROGRESS"
    assert deployment.failure_count(50) == deployment.threshold
    assert deployment.instances(60)["cp"][0] == InstanceView("old", LAUNCHING)
    assert deployment.status(110) == "ROLLBACK_SUCCESSFUL"
    rollback = deployment_document(deployment, 110)["rollback"]
    assert rollback["rollbackTargetDaemonRevisionArn"] == "old"


def test_stopped_deployment_keeps_the_instances_it_reached() -> None:
    deployment = _deployment()

    placement = deployment.stop(70, "newer deployment")

    assert placement == {"cp": ["new", "new", "old", "old"]}
    assert deployment.status(1000) == "STOPPED"
    document = deployment_document(deployment, 1000)
    assert document["statusReason"] == "newer deployment"
