"""Fault injection: throttling, 5xx errors and dropped connections at a rate.

Faults are drawn from a seeded random generator, so a test that sets a seed sees
the same sequence of faults on every run (for the same sequence of calls).
Separately, a :class:`RateLimiter` throttles calls beyond a fixed number per
real second, as an account's API rate limit does.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

from ecs_daemon_local.errors import (
    DropConnection,
    ServerException,
    ServiceUnavailableException,
    ThrottlingException,
)

THROTTLING = "throttling"
"""400 ThrottlingException (boto3 retries it)."""

SERVER = "server"
"""500 ServerException (boto3 retries it)."""

UNAVAILABLE = "unavailable"
"""503 ServiceUnavailableException (boto3 retries it)."""

DROP = "drop"
"""The connection is closed with no response (boto3 retries it)."""

RATE_LIMIT = "rate-limit"
"""A ThrottlingException from the rate limiter (as recorded in the call log)."""

FAULT_KINDS = (THROTTLING, SERVER, UNAVAILABLE, DROP)

BEFORE = "before"
"""The fault replaces the call: the operation does not run."""

AFTER = "after"
"""The operation runs, then its response is replaced by the fault."""


@dataclass(frozen=True)
class FaultPlan:
    """Which calls fail, how, and how often."""

    rate: float = 1.0
    """Probability that a matching call fails, from 0 to 1."""

    kinds: tuple[str, ...] = FAULT_KINDS
    """Faults to pick from, uniformly."""

    operations: frozenset[str] | None = None
    """Operations that can fail; when omitted, every ECS operation."""

    seed: int | None = None
    """Seed of the random generator; when omitted, the draws are not repeatable."""

    limit: int | None = None
    """Most faults to inject; when omitted, no limit."""

    phase: str = BEFORE
    """``before`` (the call has no effect) or ``after`` (its answer is lost)."""

    def __post_init__(self) -> None:
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError(f"rate {self.rate} is not valid: must be from 0 to 1")
        unknown = set(self.kinds) - set(FAULT_KINDS)
        if not self.kinds or unknown:
            raise ValueError(
                f"kinds {sorted(unknown) or '[]'} are not valid: use one or more "
                f"of {', '.join(FAULT_KINDS)}"
            )
        if self.phase not in (BEFORE, AFTER):
            raise ValueError(f"phase {self.phase!r} is not valid: use before or after")
        if self.limit is not None and self.limit < 0:
            raise ValueError(f"limit {self.limit} is not valid: must be >= 0")

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> FaultPlan:
        """A plan from the control API's JSON document.

        :raises ValueError: for an unknown key or a value out of range
        """
        unknown = set(document) - {
            "rate",
            "kinds",
            "operations",
            "seed",
            "limit",
            "phase",
        }
        if unknown:
            raise ValueError(f"unknown fault settings: {', '.join(sorted(unknown))}")
        operations = document.get("operations")
        return cls(
            rate=float(document.get("rate", 1.0)),
            kinds=tuple(document.get("kinds") or FAULT_KINDS),
            operations=frozenset(operations) if operations else None,
            seed=document.get("seed"),
            limit=document.get("limit"),
            phase=document.get("phase", BEFORE),
        )

    def to_document(self) -> dict[str, Any]:
        """The plan as the control API's JSON document."""
        return {
            "rate": self.rate,
            "kinds": list(self.kinds),
            "operations": sorted(self.operations) if self.operations else None,
            "seed": self.seed,
            "limit": self.limit,
            "phase": self.phase,
        }


class FaultInjector:
    """Decides, call by call, whether to inject a fault (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._plan: FaultPlan | None = None
        self._random = random.Random()
        self._injected = 0

    def configure(self, plan: FaultPlan) -> None:
        """Start injecting faults by a plan, replacing any earlier one."""
        with self._lock:
            self._plan = plan
            self._random = random.Random(plan.seed)
            self._injected = 0

    def clear(self) -> None:
        """Stop injecting faults."""
        with self._lock:
            self._plan = None
            self._injected = 0

    def status(self) -> dict[str, Any]:
        """The current plan and how many faults it has injected."""
        with self._lock:
            plan = self._plan.to_document() if self._plan else None
            return {"faults": plan, "injected": self._injected}

    def draw(self, operation: str, phase: str) -> str | None:
        """The fault to inject into a call at a phase, or None."""
        with self._lock:
            plan = self._plan
            if plan is None or plan.phase != phase:
                return None
            if plan.operations is not None and operation not in plan.operations:
                return None
            if plan.limit is not None and self._injected >= plan.limit:
                return None
            if self._random.random() >= plan.rate:
                return None
            self._injected += 1
            return self._random.choice(plan.kinds)


@dataclass(frozen=True)
class RateLimitPlan:
    """A token bucket: ``requests_per_second`` sustained, ``burst`` at once."""

    requests_per_second: float
    """Calls allowed per real second, sustained."""

    burst: int
    """Calls allowed at once after a quiet period."""

    operations: frozenset[str] | None = None
    """Operations counted and limited; when omitted, every ECS operation."""

    def __post_init__(self) -> None:
        if self.requests_per_second <= 0:
            raise ValueError(
                f"requests_per_second {self.requests_per_second} is not valid: "
                "must be > 0"
            )
        if self.burst < 1:
            raise ValueError(f"burst {self.burst} is not valid: must be >= 1")

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> RateLimitPlan:
        """A plan from the control API's JSON document.

        :raises ValueError: for an unknown key or a value out of range
        :raises KeyError: when ``requests_per_second`` is missing
        """
        unknown = set(document) - {"requests_per_second", "burst", "operations"}
        if unknown:
            raise ValueError(
                f"unknown rate limit settings: {', '.join(sorted(unknown))}"
            )
        rate = float(document["requests_per_second"])
        operations = document.get("operations")
        return cls(
            requests_per_second=rate,
            burst=int(document.get("burst") or max(1, round(rate))),
            operations=frozenset(operations) if operations else None,
        )

    def to_document(self) -> dict[str, Any]:
        """The plan as the control API's JSON document."""
        return {
            "requests_per_second": self.requests_per_second,
            "burst": self.burst,
            "operations": sorted(self.operations) if self.operations else None,
        }


class RateLimiter:
    """Throttles calls beyond a rate, in real time (thread-safe).

    :param monotonic: source of real time, injectable for tests
    """

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._plan: RateLimitPlan | None = None
        self._tokens = 0.0
        self._last = 0.0
        self._throttled = 0

    def configure(self, plan: RateLimitPlan) -> None:
        """Start limiting by a plan, with a full bucket."""
        with self._lock:
            self._plan = plan
            self._tokens = float(plan.burst)
            self._last = self._monotonic()
            self._throttled = 0

    def clear(self) -> None:
        """Stop limiting."""
        with self._lock:
            self._plan = None
            self._throttled = 0

    def status(self) -> dict[str, Any]:
        """The current plan and how many calls it has throttled."""
        with self._lock:
            plan = self._plan.to_document() if self._plan else None
            return {"rate_limit": plan, "throttled": self._throttled}

    def allow(self, operation: str) -> bool:
        """Whether a call may go ahead now; takes a token when it may."""
        with self._lock:
            plan = self._plan
            if plan is None:
                return True
            if plan.operations is not None and operation not in plan.operations:
                return True

            now = self._monotonic()
            refill = (now - self._last) * plan.requests_per_second
            self._tokens = min(float(plan.burst), self._tokens + refill)
            self._last = now
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return True
            self._throttled += 1
            return False


def raise_fault(kind: str, operation: str) -> NoReturn:
    """Raise the error (or connection drop) of a fault kind."""
    message = f"fault injected by the local endpoint into {operation}"
    if kind == RATE_LIMIT:
        raise ThrottlingException(f"Rate exceeded: {operation} is rate limited")
    if kind == THROTTLING:
        raise ThrottlingException(f"Rate exceeded: {message}")
    if kind == SERVER:
        raise ServerException(message)
    if kind == UNAVAILABLE:
        raise ServiceUnavailableException(message)
    raise DropConnection(message)
