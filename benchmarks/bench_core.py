"""Core figures: API calls per operation and wait latency, on the local endpoint.

Run with ``python -m benchmarks.bench_core``. Figures are ratios or counts taken
in one run, never absolute timings compared across machines.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from typing import Any

from ecs_daemon_core import (
    DaemonSpec,
    apply_plan,
    create_daemon,
    plan_change,
    read_daemon,
    wait_deployment_successful,
)
from ecs_daemon_local.server import start_local_endpoint
from ecs_daemon_local.testing import LocalEcs


def _spec(local: LocalEcs) -> DaemonSpec:
    setup = local.setup(instances=(4,))
    return DaemonSpec.from_kwargs(
        daemon_name="bench",
        cluster_arn=setup.cluster_arn,
        daemon_task_definition_arn=setup.task_definition_arn,
        capacity_provider_arns=setup.capacity_provider_arns,
        tags={"team": "platform"},
    )


def _count(local: LocalEcs, action: Any) -> list[str]:
    local.control.clear_calls()
    action()
    return [call["operation"] for call in local.control.calls()]


def api_calls() -> dict[str, Any]:
    """API calls each core operation makes, against the minimum it needs."""
    with start_local_endpoint(time_scale=600) as endpoint:
        local = LocalEcs(endpoint)
        client = local.client()
        spec = _spec(local)
        created: dict[str, Any] = {}
        create = _count(local, lambda: created.update(ref=create_daemon(client, spec)))
        arn = created["ref"].daemon_arn
        noop = _count(
            local, lambda: apply_plan(client, arn, plan_change(spec, spec), spec)
        )
        retagged = dataclasses.replace(spec, tags=(("team", "sre"),))
        tags = _count(
            local,
            lambda: apply_plan(client, arn, plan_change(spec, retagged), retagged),
        )
        refresh = _count(local, lambda: read_daemon(client, arn))
    return {
        "create_without_wait": {"calls": create, "minimum": 1},
        "noop_change": {"calls": noop, "minimum": 0},
        "tag_only_change": {"calls": tags, "minimum": 1},
        "refresh": {"calls": refresh, "maximum": 4},
    }


def wait_latency(
    finish_after_seconds: float = 1.0,
    delay_seconds: float = 0.05,
    max_delay_seconds: float = 0.4,
) -> dict[str, Any]:
    """Time from a deployment reaching SUCCESSFUL to the wait returning.

    Simulated time is frozen; a timer moves it past the end of the rollout at a
    known real moment, so the latency is measured, not inferred. The figure is
    reported against the wait's largest poll interval, its worst case.
    """
    with start_local_endpoint(time_scale=0) as endpoint:
        local = LocalEcs(endpoint)
        client = local.client()
        ref = create_daemon(client, _spec(local))
        local.control.clear_calls()
        finished_at: list[float] = []

        def finish() -> None:
            local.control.advance(24 * 3600)
            finished_at.append(time.perf_counter())

        timer = threading.Timer(finish_after_seconds, finish)
        timer.start()
        wait_deployment_successful(
            client,
            ref.deployment_arn or "",
            delay_seconds=delay_seconds,
            max_delay_seconds=max_delay_seconds,
        )
        returned_at = time.perf_counter()
        timer.join()
        polls = len(local.control.calls("DescribeDaemonDeployments"))
    latency = max(0.0, returned_at - finished_at[0])
    return {
        "latency_seconds": round(latency, 4),
        "max_poll_interval_seconds": max_delay_seconds,
        "latency_to_max_interval": round(latency / max_delay_seconds, 3),
        "polls": polls,
    }


def run() -> dict[str, Any]:
    """Every core figure."""
    return {
        "api_calls": api_calls(),
        "wait_latency": wait_latency(),
        "throughput": [throughput(), throughput(retry_mode="adaptive")],
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))


def throughput(
    creates: int = 100,
    requests_per_second: float = 25.0,
    workers: int = 16,
    retry_mode: str = "standard",
) -> dict[str, Any]:
    """Concurrent creates against an endpoint that throttles at a fixed rate.

    The rate sets a floor on the time ``creates`` calls can take; the figure is
    the measured time against that floor, with how many creates succeeded.
    """
    from concurrent.futures import ThreadPoolExecutor

    from ecs_daemon_core import client_token_for, make_ecs_client

    with start_local_endpoint(time_scale=0) as endpoint:
        local = LocalEcs(endpoint)
        spec = _spec(local)
        import boto3

        session = boto3.session.Session(
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            region_name=local.region,
        )
        client = make_ecs_client(
            session=session,
            endpoint_url=local.url,
            retry_mode=retry_mode,
            max_pool_connections=workers,
        )
        local.control.rate_limit(
            requests_per_second, burst=1, operations=["CreateDaemon"]
        )
        local.control.clear_calls()

        def create(index: int) -> str:
            named = dataclasses.replace(spec, daemon_name=f"d{index}")
            token = client_token_for("throughput", str(index))
            return create_daemon(client, named, client_token=token).daemon_arn

        started = time.perf_counter()
        errors: list[str] = []
        with ThreadPoolExecutor(workers) as pool:
            futures = [pool.submit(create, index) for index in range(creates)]
            for future in futures:
                try:
                    future.result()
                except Exception as exc:
                    errors.append(type(exc).__name__)
        elapsed = time.perf_counter() - started
        calls = local.control.calls("CreateDaemon")
    bound = (creates - 1) / requests_per_second
    return {
        "retry_mode": retry_mode,
        "creates": creates,
        "succeeded": creates - len(errors),
        "failed": errors,
        "requests_per_second": requests_per_second,
        "bound_seconds": round(bound, 3),
        "elapsed_seconds": round(elapsed, 3),
        "elapsed_to_bound": round(elapsed / bound, 3),
        "throttled_calls": sum(1 for c in calls if c["status"] != 200),
    }
