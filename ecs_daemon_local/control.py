"""Control endpoints under ``/_local/`` and :class:`LocalControl`, their client.

The endpoints take and return JSON (snake_case keys) and are how tests steer the
simulation: reset it, move time, make deployments fail, inject faults, limit
the call rate, read the call log and seed resources. ``ecs_daemon_local/README.md``
lists them with examples. Calls to them are not ECS calls: they never appear in
the call log and never receive injected faults.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ecs_daemon_local.errors import EcsError
from ecs_daemon_local.faults import FAULT_KINDS, FaultPlan, RateLimitPlan

if TYPE_CHECKING:
    from werkzeug.wrappers import Request

    from ecs_daemon_local.backend import Backend

PREFIX = "/_local/"
"""Path prefix of every control endpoint."""

Route = Callable[["Backend", dict[str, Any], "Request"], dict[str, Any]]


def _health(backend: Backend, body: dict[str, Any], request: Request) -> dict[str, Any]:
    return {
        "status": "ok",
        "region": backend.region,
        "account_id": backend.account_id,
        **_time(backend, body, request),
    }


def _reset(backend: Backend, body: dict[str, Any], request: Request) -> dict[str, Any]:
    backend.reset()
    return {}


def _time(backend: Backend, body: dict[str, Any], request: Request) -> dict[str, Any]:
    return {"now": backend.clock.now(), "time_scale": backend.clock.time_scale}


def _advance(
    backend: Backend, body: dict[str, Any], request: Request
) -> dict[str, Any]:
    backend.advance(float(body["seconds"]))
    return _time(backend, body, request)


def _scale(backend: Backend, body: dict[str, Any], request: Request) -> dict[str, Any]:
    backend.clock.set_time_scale(float(body["time_scale"]))
    return _time(backend, body, request)


def _fail_next(
    backend: Backend, body: dict[str, Any], request: Request
) -> dict[str, Any]:
    pending = backend.fail_next_deployments(
        int(body.get("count", 1)), body.get("reason"), tuple(body.get("alarms") or ())
    )
    return {"pending": pending}


def _set_faults(
    backend: Backend, body: dict[str, Any], request: Request
) -> dict[str, Any]:
    backend.faults.configure(FaultPlan.from_document(body))
    return backend.faults.status()


def _get_faults(
    backend: Backend, body: dict[str, Any], request: Request
) -> dict[str, Any]:
    return backend.faults.status()


def _clear_faults(
    backend: Backend, body: dict[str, Any], request: Request
) -> dict[str, Any]:
    backend.faults.clear()
    return {}


def _set_rate_limit(
    backend: Backend, body: dict[str, Any], request: Request
) -> dict[str, Any]:
    backend.rate_limiter.configure(RateLimitPlan.from_document(body))
    return backend.rate_limiter.status()


def _get_rate_limit(
    backend: Backend, body: dict[str, Any], request: Request
) -> dict[str, Any]:
    return backend.rate_limiter.status()


def _clear_rate_limit(
    backend: Backend, body: dict[str, Any], request: Request
) -> dict[str, Any]:
    backend.rate_limiter.clear()
    return {}


def _calls(backend: Backend, body: dict[str, Any], request: Request) -> dict[str, Any]:
    records = backend.calls.records(request.args.get("operation"))
    return {"calls": [r.to_document() for r in records]}


def _clear_calls(
    backend: Backend, body: dict[str, Any], request: Request
) -> dict[str, Any]:
    backend.calls.clear()
    return {}


def _seed(backend: Backend, body: dict[str, Any], request: Request) -> dict[str, Any]:
    return dict(backend.seed(body))


def _instances(
    backend: Backend, body: dict[str, Any], request: Request
) -> dict[str, Any]:
    count = int(body["count"])
    arn = backend.set_instance_count(body["capacity_provider"], count)
    return {"capacity_provider": arn, "count": count}


ROUTES: dict[tuple[str, str], Route] = {
    ("GET", "health"): _health,
    ("POST", "reset"): _reset,
    ("GET", "time"): _time,
    ("POST", "time/advance"): _advance,
    ("POST", "time/scale"): _scale,
    ("POST", "deployments/fail-next"): _fail_next,
    ("GET", "faults"): _get_faults,
    ("POST", "faults"): _set_faults,
    ("DELETE", "faults"): _clear_faults,
    ("GET", "rate-limit"): _get_rate_limit,
    ("POST", "rate-limit"): _set_rate_limit,
    ("DELETE", "rate-limit"): _clear_rate_limit,
    ("GET", "calls"): _calls,
    ("DELETE", "calls"): _clear_calls,
    ("POST", "seed"): _seed,
    ("POST", "capacity-providers/instances"): _instances,
}
"""Each control endpoint, by method and path below :data:`PREFIX`."""


def handle_control(backend: Backend, request: Request) -> tuple[int, dict[str, Any]]:
    """Answer a control request: an HTTP status and a JSON document."""
    path = request.path[len(PREFIX) :].strip("/")
    route = ROUTES.get((request.method, path))
    if route is None:
        allowed = sorted(method for method, p in ROUTES if p == path)
        if allowed:
            return 405, {"error": f"use {' or '.join(allowed)} for {request.path}"}
        return 404, {"error": f"no control endpoint {request.path}"}

    try:
        body = json.loads(request.get_data() or b"{}")
        if not isinstance(body, dict):
            raise ValueError("the request body must be a JSON object")
        return 200, route(backend, body, request)
    except EcsError as error:
        return 400, {"error": error.message, "code": error.code}
    except (KeyError, TypeError, ValueError) as error:
        return 400, {"error": f"{type(error).__name__}: {error}"}


class LocalControlError(Exception):
    """A control endpoint refused a request.

    :param status: HTTP status of the answer
    :param message: the endpoint's explanation
    """

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"control endpoint answered {status}: {message}")
        self.status = status
        self.message = message


class LocalControl:
    """Python client of the control endpoints of a running local endpoint.

    :param url: the endpoint URL, e.g. ``http://127.0.0.1:4599``
    :param timeout: seconds to wait for each answer
    """

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        # Loopback traffic must never go through a proxy from the environment.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def __repr__(self) -> str:
        return f"LocalControl({self.url!r})"

    def health(self) -> dict[str, Any]:
        """Region, account, simulated time and time scale of the endpoint."""
        return self._call("GET", "health")

    def reset(self) -> None:
        """Forget every resource, fault, pending failure and call record."""
        self._call("POST", "reset")

    def now(self) -> float:
        """Simulated time, in epoch seconds."""
        return float(self._call("GET", "time")["now"])

    def advance(self, seconds: float) -> float:
        """Move simulated time forward; returns the new simulated time."""
        return float(self._call("POST", "time/advance", {"seconds": seconds})["now"])

    def set_time_scale(self, time_scale: float) -> None:
        """Run simulated time ``time_scale`` times real time (0 freezes it)."""
        self._call("POST", "time/scale", {"time_scale": time_scale})

    def fail_next_deployments(
        self, count: int = 1, reason: str | None = None, alarms: Iterable[str] = ()
    ) -> int:
        """Make the next ``count`` create or update deployments roll back.

        :param reason: their statusReason; when omitted, a circuit breaker message
        :param alarms: reported as triggered where the daemon has alarms enabled
        :returns: failures now pending
        """
        body = {"count": count, "reason": reason, "alarms": list(alarms)}
        return int(self._call("POST", "deployments/fail-next", body)["pending"])

    def inject_faults(
        self,
        rate: float = 1.0,
        kinds: Iterable[str] = FAULT_KINDS,
        operations: Iterable[str] | None = None,
        seed: int | None = None,
        limit: int | None = None,
        phase: str = "before",
    ) -> None:
        """Fail ECS calls at a rate, replacing any earlier fault settings.

        :param kinds: picked from uniformly: ``throttling``, ``server`` (500),
            ``unavailable`` (503), ``drop`` (connection closed, no answer)
        :param operations: operations that can fail; when omitted, all
        :param seed: makes the draws repeatable; when omitted, they are not
        :param limit: most faults to inject; when omitted, no limit
        :param phase: ``before`` (the call has no effect) or ``after`` (the call
            takes effect and its answer is lost)
        """
        body = {
            "rate": rate,
            "kinds": list(kinds),
            "operations": list(operations) if operations is not None else None,
            "seed": seed,
            "limit": limit,
            "phase": phase,
        }
        self._call("POST", "faults", body)

    def clear_faults(self) -> None:
        """Stop injecting faults."""
        self._call("DELETE", "faults")

    def faults(self) -> dict[str, Any]:
        """Current fault settings (``faults``) and faults injected (``injected``)."""
        return self._call("GET", "faults")

    def rate_limit(
        self,
        requests_per_second: float,
        burst: int | None = None,
        operations: Iterable[str] | None = None,
    ) -> None:
        """Throttle ECS calls beyond a rate (a token bucket in real time).

        :param burst: calls allowed at once; when omitted, one second's worth
        :param operations: operations limited; when omitted, all
        """
        body = {
            "requests_per_second": requests_per_second,
            "burst": burst,
            "operations": list(operations) if operations is not None else None,
        }
        self._call("POST", "rate-limit", body)

    def clear_rate_limit(self) -> None:
        """Stop rate limiting."""
        self._call("DELETE", "rate-limit")

    def rate_limit_status(self) -> dict[str, Any]:
        """Current limit (``rate_limit``) and calls throttled (``throttled``)."""
        return self._call("GET", "rate-limit")

    def calls(self, operation: str | None = None) -> list[dict[str, Any]]:
        """The call log, oldest first, optionally of one operation.

        Each record has ``operation``, ``request_id``, ``ids`` (identifier
        members of the request), ``status``, ``error_code``, ``fault`` and
        ``result`` (identifiers in the answer).
        """
        query = f"?operation={urllib.parse.quote(operation)}" if operation else ""
        return list(self._call("GET", f"calls{query}")["calls"])

    def clear_calls(self) -> None:
        """Empty the call log."""
        self._call("DELETE", "calls")

    def seed(self, document: dict[str, Any]) -> dict[str, list[str]]:
        """Create the resources of a seed document; returns their ARNs by key."""
        return self._call("POST", "seed", document)

    def set_instance_count(self, capacity_provider: str, count: int) -> None:
        """Change a Managed Instances capacity provider's simulated instances."""
        body = {"capacity_provider": capacity_provider, "count": count}
        self._call("POST", "capacity-providers/instances", body)

    def _call(
        self, method: str, path: str, body: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"{self.url}{PREFIX}{path}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return dict(json.loads(response.read() or b"{}"))
        except urllib.error.HTTPError as error:
            raise LocalControlError(error.code, _detail(error)) from error


def _detail(error: urllib.error.HTTPError) -> str:
    try:
        document = json.loads(error.read() or b"{}")
    except ValueError:
        return str(error.reason)
    return str(document.get("error", error.reason))
