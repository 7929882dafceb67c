"""Pulumi provider figures: API calls per engine step, overhead, pickled size.

Run with ``python -m benchmarks.bench_pulumi`` from the repository root. The
provider is driven through the SDK's own provider server over gRPC (the test
harness of ``tests/pulumi/engine.py``), against a local endpoint. Figures are
counts and ratios taken in one run, never absolute timings.
"""

from __future__ import annotations

import base64
import json
import statistics
import time
import uuid
from collections.abc import Callable
from typing import Any

from pulumi.dynamic.dynamic import serialize_provider

from ecs_daemon_local.server import start_local_endpoint
from ecs_daemon_local.testing import DaemonSetup, LocalEcs
from pulumi_ecs_daemon import DaemonProvider
from tests.pulumi.engine import ProviderServer, Stack, urn_for

CREATES_TIMED = 20


def _inputs(setup: DaemonSetup, **changes: Any) -> dict[str, Any]:
    blob = serialize_provider(DaemonProvider())
    inputs: dict[str, Any] = {
        "__provider": blob,
        "resource_name": "bench",
        "cluster_arn": setup.cluster_arn,
        "daemon_task_definition_arn": setup.task_definition_arn,
        "capacity_provider_arns": list(setup.capacity_provider_arns),
        "tags": {"team": "platform"},
        "wait_for_deployment": False,
    }
    inputs.update(changes)
    return inputs


def _count(local: LocalEcs, step: Callable[[], object]) -> list[str]:
    local.control.clear_calls()
    step()
    return [call["operation"] for call in local.control.calls()]


def _server(local: LocalEcs) -> ProviderServer:
    server = ProviderServer(local.env)
    server.start()
    server.configure({"aws:region": local.region})
    return server


def api_calls(local: LocalEcs, server: ProviderServer) -> dict[str, Any]:
    """ECS calls of each engine step, against the fewest it could make."""
    setup = local.setup(instances=(4,))
    stack = Stack(server, urn_for("bench"))
    inputs = _inputs(setup)

    create = _count(local, lambda: stack.up(inputs))
    noop = _count(local, lambda: stack.up(inputs))
    tags = _count(local, lambda: stack.up({**inputs, "tags": {"team": "sre"}}))
    refresh = _count(local, stack.refresh)
    waited = Stack(server, urn_for("bench-waited"))
    create_waited = _count(
        local, lambda: waited.up({**inputs, "wait_for_deployment": True})
    )
    return {
        "create_without_wait": {"calls": create, "minimum": 1},
        "noop_diff": {"calls": noop, "minimum": 0},
        "tag_only_change": {
            "calls": tags,
            "only_tag_calls": set(tags) <= {"TagResource", "UntagResource"},
        },
        "refresh": {"calls": refresh, "maximum": 4},
        "create_with_wait": {"calls": create_waited},
    }


def create_overhead(local: LocalEcs, server: ProviderServer) -> dict[str, Any]:
    """A create through the provider server (Check then Create) against boto3.

    Both make the same single CreateDaemon call on the same endpoint; the
    ratio is what the engine path (gRPC, property bags, validation) adds.
    """
    setup = local.setup(instances=(1,))
    client = local.client()
    provider_seconds, bare_seconds = [], []
    for _ in range(CREATES_TIMED):
        name = f"bench-{uuid.uuid4().hex[:8]}"
        stack = Stack(server, urn_for(name))
        inputs = _inputs(setup, daemon_name=name, resource_name=name)
        started = time.perf_counter()
        stack.up(inputs)
        provider_seconds.append(time.perf_counter() - started)

        name = f"bare-{uuid.uuid4().hex[:8]}"
        started = time.perf_counter()
        client.create_daemon(
            daemonName=name,
            clusterArn=setup.cluster_arn,
            daemonTaskDefinitionArn=setup.task_definition_arn,
            capacityProviderArns=list(setup.capacity_provider_arns),
            tags=[{"key": "team", "value": "platform"}],
        )
        bare_seconds.append(time.perf_counter() - started)
    provider = statistics.median(provider_seconds)
    bare = statistics.median(bare_seconds)
    return {
        "creates": CREATES_TIMED,
        "provider_server_median_ms": round(provider * 1000, 2),
        "bare_boto3_median_ms": round(bare * 1000, 2),
        "ratio": round(provider / bare, 2),
    }


def pickled_provider() -> dict[str, Any]:
    """Size of the provider as the state stores it."""
    encoded = serialize_provider(DaemonProvider())
    return {
        "pickled_bytes": len(base64.b64decode(encoded)),
        "base64_bytes": len(encoded),
        "limit_bytes": 1024,
    }


def run() -> dict[str, Any]:
    """Every figure of the Pulumi front end."""
    with start_local_endpoint(time_scale=600) as endpoint:
        local = LocalEcs(endpoint)
        server = _server(local)
        try:
            calls = api_calls(local, server)
            overhead = create_overhead(local, server)
        finally:
            server.close()
    return {
        "api_calls": calls,
        "create_overhead": overhead,
        "pickled_provider": pickled_provider(),
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
