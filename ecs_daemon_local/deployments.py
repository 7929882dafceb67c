"""The simulated rollout of a daemon deployment over simulated time.

A deployment is a pure function of its parameters and the time: nothing runs in
the background. Its timeline, with ``S`` the start (creation plus a short
PENDING phase) and ``step = drain + launch + bake``::

    PENDING | IN_PROGRESS: step 1 | step 2 | ... | step n | SUCCESSFUL
            S               each step: drain k instances of every capacity
                            provider, launch their replacements with the target
                            revision, then wait the bake time

where ``k = ceil(drainPercent% of the provider's instances)``, at least 1.
Capacity providers roll out in parallel, so ``n`` is the largest step count.

A failing deployment trips its circuit breaker while the first step's
replacements launch, then rolls back those instances to where they were:
IN_PROGRESS -> ROLLBACK_IN_PROGRESS -> ROLLBACK_SUCCESSFUL. A newer deployment
stops the one in flight (STOPPED); the instances keep whatever revision they
had reached. :mod:`ecs_daemon_local.documents` turns this into API documents.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ecs_daemon_local.assumptions import (
    DEFAULT_BAKE_TIME_MINUTES,
    DEFAULT_DRAIN_PERCENT,
    DEFAULT_TIMING,
    Timing,
    circuit_breaker_threshold,
    step_size,
)

PENDING = "PENDING"
IN_PROGRESS = "IN_PROGRESS"
SUCCESSFUL = "SUCCESSFUL"
STOPPED = "STOPPED"
ROLLBACK_IN_PROGRESS = "ROLLBACK_IN_PROGRESS"
ROLLBACK_SUCCESSFUL = "ROLLBACK_SUCCESSFUL"
TERMINAL_STATUSES = frozenset({SUCCESSFUL, STOPPED, ROLLBACK_SUCCESSFUL})

CREATE = "CREATE"
UPDATE = "UPDATE"
DELETE = "DELETE"

RUNNING = "RUNNING"
"""The instance runs the revision (or, for no revision, runs no daemon task)."""

DRAINING = "DRAINING"
"""The instance still runs the revision but is being drained."""

LAUNCHING = "LAUNCHING"
"""A replacement instance for the revision, its daemon task not started yet."""

Placement = dict[str, list[str | None]]
"""Daemon revision ARN (None: no daemon task) of each instance, per provider."""


@dataclass(frozen=True)
class InstanceView:
    """One container instance as a deployment sees it at some time."""

    revision_arn: str | None
    """Daemon revision the instance runs or is launched for; None for none."""

    state: str
    """RUNNING, DRAINING or LAUNCHING."""


@dataclass(frozen=True)
class DeploymentSettings:
    """The deploymentConfiguration of a daemon, defaults applied."""

    drain_percent: float = DEFAULT_DRAIN_PERCENT
    """Percentage of each provider's instances replaced per step."""

    bake_time_minutes: int = DEFAULT_BAKE_TIME_MINUTES
    """Minutes waited after each step."""

    alarm_names: tuple[str, ...] = ()
    """CloudWatch alarms watched during the deployment."""

    alarms_enabled: bool = False
    """Whether the alarms can roll the deployment back."""

    def merged(self, wire: dict[str, Any] | None) -> DeploymentSettings:
        """These settings with the members present in a request replaced."""
        wire = wire or {}
        alarms = wire.get("alarms") or {}
        return DeploymentSettings(
            drain_percent=float(wire.get("drainPercent", self.drain_percent)),
            bake_time_minutes=int(
                wire.get("bakeTimeInMinutes", self.bake_time_minutes)
            ),
            alarm_names=tuple(alarms.get("alarmNames", self.alarm_names)),
            alarms_enabled=bool(alarms.get("enable", self.alarms_enabled)),
        )

    def to_wire(self) -> dict[str, Any]:
        """The DaemonDeploymentConfiguration document."""
        return {
            "drainPercent": self.drain_percent,
            "bakeTimeInMinutes": self.bake_time_minutes,
            "alarms": {
                "alarmNames": list(self.alarm_names),
                "enable": self.alarms_enabled,
            },
        }


@dataclass(frozen=True)
class FailurePlan:
    """Makes one deployment fail and roll back (set through the control API)."""

    reason: str
    """statusReason and rollback reason of the failed deployment."""

    alarm_names: tuple[str, ...] = ()
    """Alarms reported as triggered when the daemon has alarms enabled."""


@dataclass
class Deployment:
    """One daemon deployment and its simulated progress."""

    arn: str
    """The deployment ARN."""

    daemon_arn: str
    """The daemon deployed."""

    cluster_arn: str
    """The daemon's cluster."""

    seq: int
    """Creation order, for listing."""

    kind: str
    """CREATE, UPDATE or DELETE."""

    target_revision_arn: str | None
    """Revision rolled out; None for a delete (instances end without daemon)."""

    source: dict[str, tuple[str | None, ...]]
    """Instances of each target capacity provider when the deployment started."""

    previous: dict[str, tuple[str | None, ...]]
    """The daemon's whole placement when it started, restored by a rollback."""

    settings: DeploymentSettings
    """The deployment configuration in force."""

    created_at: float
    """Simulated time of the API call that started it."""

    timing: Timing = DEFAULT_TIMING
    """Simulated durations of its phases."""

    failure: FailurePlan | None = None
    """Set when the deployment is made to fail and roll back."""

    rollback_revision_arn: str | None = None
    """Revision a rollback returns to; None when there was none (a create)."""

    stopped_at: float | None = None
    """When a newer deployment stopped it."""

    stop_reason: str | None = None
    """statusReason once stopped."""

    applied: bool = False
    """Whether the end state has been written back to the daemon."""

    _steps: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        counts = [len(instances) for instances in self.source.values()]
        sizes = [step_size(self.settings.drain_percent, n) for n in counts]
        self._steps = max(
            (math.ceil(n / k) for n, k in zip(counts, sizes, strict=True) if n),
            default=0,
        )

    @property
    def started_at(self) -> float:
        """When PENDING ends."""
        return self.created_at + self.timing.pending_seconds

    @property
    def step_seconds(self) -> float:
        """Length of one step, bake time included."""
        return self.timing.step_seconds(self.settings.bake_time_minutes)

    @property
    def threshold(self) -> int:
        """Failed tasks that trip the circuit breaker."""
        return circuit_breaker_threshold(sum(map(len, self.source.values())))

    @property
    def fail_at(self) -> float:
        """When a failing deployment's circuit breaker trips."""
        timing = self.timing
        return self.started_at + timing.drain_seconds + timing.failure_seconds

    @property
    def finished_at(self) -> float:
        """When the deployment reaches its natural end state."""
        if self.failure is not None:
            return self.fail_at + self.timing.drain_seconds + self.timing.launch_seconds
        return self.started_at + self._steps * self.step_seconds

    def status(self, now: float) -> str:
        """Deployment status at a simulated time."""
        if self.stopped_at is not None and now >= self.stopped_at:
            return STOPPED
        return self._natural_status(now)

    def _natural_status(self, now: float) -> str:
        """Status at a time had nothing stopped the deployment."""
        if now < self.started_at:
            return PENDING
        if self.failure is None:
            return SUCCESSFUL if now >= self.finished_at else IN_PROGRESS
        if now < self.fail_at:
            return IN_PROGRESS
        return ROLLBACK_SUCCESSFUL if now >= self.finished_at else ROLLBACK_IN_PROGRESS

    def is_terminal(self, now: float) -> bool:
        """Whether the deployment has ended at a simulated time."""
        return self.status(now) in TERMINAL_STATUSES

    def stop(self, now: float, reason: str) -> Placement:
        """Stop the deployment and return where its instances stand."""
        placement = self.placement_at(now)
        self.stopped_at = now
        self.stop_reason = reason
        self.applied = True
        return placement

    def placement_at(self, now: float) -> Placement:
        """Revision of each instance at a time, a half-done step counted as done."""
        return {
            provider: [view.revision_arn for view in views]
            for provider, views in self.instances(now).items()
        }

    def instances(self, now: float) -> dict[str, list[InstanceView]]:
        """Every instance of the target capacity providers at a simulated time."""
        t = now if self.stopped_at is None else min(now, self.stopped_at)
        status = self._natural_status(t)
        if status in (PENDING, ROLLBACK_SUCCESSFUL):
            return self._unchanged()
        if status == ROLLBACK_IN_PROGRESS:
            return self._rolling_back()
        if t >= self.started_at + self._steps * self.step_seconds:
            return {
                provider: [InstanceView(self.target_revision_arn, RUNNING)] * len(src)
                for provider, src in self.source.items()
            }

        elapsed = t - self.started_at
        step = int(elapsed // self.step_seconds)
        phase = self._phase(elapsed - step * self.step_seconds)
        views: dict[str, list[InstanceView]] = {}
        for provider, src in self.source.items():
            size = step_size(self.settings.drain_percent, len(src))
            views[provider] = [
                self._instance(original, index // size, step, phase)
                for index, original in enumerate(src)
            ]
        return views

    def _phase(self, into_step: float) -> str:
        """What the instances of the current step are doing."""
        if into_step < self.timing.drain_seconds:
            return DRAINING
        if into_step < self.timing.drain_seconds + self.timing.launch_seconds:
            return LAUNCHING
        return RUNNING  # baking: replaced and running the target

    def _instance(
        self, original: str | None, batch: int, step: int, phase: str
    ) -> InstanceView:
        if batch > step:
            return InstanceView(original, RUNNING)
        if batch == step and phase == DRAINING:
            return InstanceView(original, DRAINING)
        if batch == step and phase == LAUNCHING:
            return InstanceView(self.target_revision_arn, LAUNCHING)
        return InstanceView(self.target_revision_arn, RUNNING)

    def _unchanged(self) -> dict[str, list[InstanceView]]:
        return {
            provider: [InstanceView(original, RUNNING) for original in src]
            for provider, src in self.source.items()
        }

    def _rolling_back(self) -> dict[str, list[InstanceView]]:
        # Only the first step was touched before the circuit breaker tripped:
        # its instances are relaunched with what they ran before.
        views: dict[str, list[InstanceView]] = {}
        for provider, src in self.source.items():
            size = step_size(self.settings.drain_percent, len(src))
            views[provider] = [
                InstanceView(original, LAUNCHING if index < size else RUNNING)
                for index, original in enumerate(src)
            ]
        return views

    def failure_count(self, now: float) -> int:
        """Failed daemon tasks the circuit breaker has counted."""
        if self.failure is None:
            return 0
        t = now if self.stopped_at is None else min(now, self.stopped_at)
        launch = self.started_at + self.timing.drain_seconds
        if t < launch:
            return 0
        share = (t - launch) / self.timing.failure_seconds
        return min(self.threshold, int(share * self.threshold))
