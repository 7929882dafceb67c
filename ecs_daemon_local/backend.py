"""The simulated ECS service behind the endpoint, callable without HTTP.

:class:`Backend` owns the state, the clock, the fault injector and the call log,
and runs one operation at a time: validate against the model, let simulated time
catch up, call the handler, shape the output. The WSGI app adds HTTP around it;
benchmarks and tests may call :meth:`Backend.invoke` directly.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from ecs_daemon_local import protocol
from ecs_daemon_local.assumptions import DEFAULT_TIMING, ArnFactory, Timing
from ecs_daemon_local.calls import CallLog
from ecs_daemon_local.clock import Clock
from ecs_daemon_local.constraints import output_problems
from ecs_daemon_local.deployments import FailurePlan
from ecs_daemon_local.errors import (
    ClientException,
    EcsError,
    ServerException,
    UnsupportedFeatureException,
)
from ecs_daemon_local.faults import FaultInjector, RateLimiter
from ecs_daemon_local.operations import HANDLERS, Call
from ecs_daemon_local.resources import MANAGED_INSTANCES
from ecs_daemon_local.seed import apply_seed
from ecs_daemon_local.state import EcsState

logger = logging.getLogger(__name__)

DEFAULT_REGION = "us-east-1"
DEFAULT_ACCOUNT_ID = "000000000000"
DEFAULT_FAILURE_REASON = (
    "daemon tasks failed to start: the deployment circuit breaker was triggered"
)


class Backend:
    """One simulated ECS account and region.

    :param region: region in every ARN
    :param account_id: twelve-digit account in every ARN
    :param time_scale: simulated seconds per real second; 0 freezes time so that
        only :meth:`advance` moves it
    :param clock: the clock to use; when omitted, a new one at ``time_scale``
    :param timing: simulated deployment durations
    :param strict: check every response against its output shape and answer
        ServerException on a mismatch (for tests)
    """

    def __init__(
        self,
        *,
        region: str = DEFAULT_REGION,
        account_id: str = DEFAULT_ACCOUNT_ID,
        time_scale: float = 1.0,
        clock: Clock | None = None,
        timing: Timing = DEFAULT_TIMING,
        strict: bool = False,
    ) -> None:
        self.region = region
        self.account_id = account_id
        self.arns = ArnFactory(region, account_id)
        self.clock = clock if clock is not None else Clock(time_scale)
        self.default_time_scale = self.clock.time_scale
        self.timing = timing
        self.strict = strict
        self.faults = FaultInjector()
        self.rate_limiter = RateLimiter()
        self.calls = CallLog()
        self.state = EcsState(self.arns, timing)
        self._lock = threading.RLock()

    def invoke(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        """Run one operation in-process and return its JSON-ready output.

        :raises EcsError: the error the API answers with, always one the
            operation models or a generic AWS code
        """
        model = protocol.operation_model(operation)
        handler = HANDLERS.get(operation)
        if handler is None:
            raise UnsupportedFeatureException(
                f"operation {operation} is not implemented by the local ECS endpoint"
            )
        protocol.validate_input(model, params)

        with self._lock:
            now = self.clock.now()
            self.state.settle(now)
            try:
                result = handler(Call(self.state, params, now))
            except EcsError as error:
                raise _modeled(model, error) from None
            # Serialise under the lock: the result may share lists and dicts
            # with the state that another request could be changing.
            output = protocol.serialize_output(model, result)

        if self.strict:
            problems = output_problems(model.output_shape, output)
            if problems:
                raise ServerException(
                    f"{operation} output does not match its shape: "
                    + "; ".join(problems)
                )
        return output

    def reset(self) -> None:
        """Forget every resource, fault, rate limit, pending failure and call.

        Simulated time keeps its value; its speed returns to the initial one.
        """
        with self._lock:
            self.state = EcsState(self.arns, self.timing)
            self.faults.clear()
            self.rate_limiter.clear()
            self.calls.clear()
            self.clock.set_time_scale(self.default_time_scale)
        logger.debug("state reset")

    def advance(self, seconds: float) -> float:
        """Move simulated time forward; returns the new time."""
        return self.clock.advance(seconds)

    def fail_next_deployments(
        self,
        count: int = 1,
        reason: str | None = None,
        alarm_names: tuple[str, ...] = (),
    ) -> int:
        """Make the next create or update deployments fail and roll back.

        :param reason: the statusReason; when omitted, a circuit breaker message
        :param alarm_names: reported as triggered when the daemon has alarms on
        :returns: how many failures are now pending
        :raises ValueError: when ``count`` is negative
        """
        if count < 0:
            raise ValueError(f"count {count} is not valid: must be >= 0")
        plan = FailurePlan(reason or DEFAULT_FAILURE_REASON, tuple(alarm_names))
        with self._lock:
            self.state.pending_failures.extend([plan] * count)
            return len(self.state.pending_failures)

    def set_instance_count(self, capacity_provider: str, count: int) -> str:
        """Change the simulated instances of a Managed Instances capacity provider.

        Deployments that start afterwards see the new count.

        :returns: the capacity provider's ARN
        :raises ValueError: for an unknown provider or a negative count
        """
        if count < 0:
            raise ValueError(f"count {count} is not valid: must be >= 0")
        with self._lock:
            provider = self.state.find_capacity_provider(capacity_provider)
            if provider is None or provider.kind != MANAGED_INSTANCES:
                raise ValueError(
                    f"capacity provider {capacity_provider!r} is not a Managed "
                    "Instances capacity provider of this endpoint"
                )
            provider.instance_count = count
            return provider.arn

    def seed(self, document: dict[str, Any]) -> dict[str, list[str]]:
        """Preload resources from a seed document (see :mod:`ecs_daemon_local.seed`)."""
        return apply_seed(document, self.invoke, self.account_id, self.region)


def _modeled(operation: Any, error: EcsError) -> EcsError:
    # A safety net: an error the operation does not model would surface in boto3
    # as a bare ClientError. Every implemented operation models ClientException.
    if error.code in protocol.modeled_error_codes(operation):
        return error
    logger.warning(
        "%s does not model %s; answering ClientException", operation.name, error.code
    )
    return ClientException(error.message)
