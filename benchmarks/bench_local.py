"""Local endpoint figure: boto3 DescribeDaemon over HTTP against an in-process call.

Run with ``python -m benchmarks.bench_local``. The figure is the ratio of the two
timings taken in one run, so it compares across machines where the absolute
times do not: it is what HTTP, JSON and botocore add to the same handler.
"""

from __future__ import annotations

import time
from typing import Any

from ecs_daemon_local.server import start_local_endpoint
from ecs_daemon_local.testing import LocalEcs


def run(n: int = 200) -> dict[str, Any]:
    """Time ``n`` DescribeDaemon calls both ways and return the figures.

    :returns: ``n``, ``http_seconds``, ``in_process_seconds``,
        ``http_ms_per_call``, ``in_process_ms_per_call`` and ``ratio``
        (HTTP time over in-process time)
    """
    with start_local_endpoint(time_scale=0) as endpoint:
        local = LocalEcs(endpoint)
        setup = local.setup(instances=(4, 2))
        client = local.client()
        arn = client.create_daemon(
            daemonName="bench",
            clusterArn=setup.cluster_arn,
            daemonTaskDefinitionArn=setup.task_definition_arn,
            capacityProviderArns=list(setup.capacity_provider_arns),
        )["daemonArn"]

        # Warm both paths once: model loading is not what is measured.
        client.describe_daemon(daemonArn=arn)
        endpoint.backend.invoke("DescribeDaemon", {"daemonArn": arn})

        started = time.perf_counter()
        for _ in range(n):
            client.describe_daemon(daemonArn=arn)
        http = time.perf_counter() - started

        started = time.perf_counter()
        for _ in range(n):
            endpoint.backend.invoke("DescribeDaemon", {"daemonArn": arn})
        in_process = time.perf_counter() - started

    return {
        "n": n,
        "http_seconds": http,
        "in_process_seconds": in_process,
        "http_ms_per_call": http / n * 1000,
        "in_process_ms_per_call": in_process / n * 1000,
        "ratio": http / in_process,
    }


def main() -> None:
    """Print the figures."""
    figures = run()
    print(f"DescribeDaemon x {figures['n']}")
    print(
        f"  boto3 over HTTP: {figures['http_seconds']:.3f} s "
        f"({figures['http_ms_per_call']:.2f} ms/call)"
    )
    print(
        f"  in-process:      {figures['in_process_seconds']:.3f} s "
        f"({figures['in_process_ms_per_call']:.3f} ms/call)"
    )
    print(f"  ratio HTTP / in-process: {figures['ratio']:.1f}x")


if __name__ == "__main__":
    main()
