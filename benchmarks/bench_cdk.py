"""Figures of the CDK front end, measured as ratios in one run.

* handler overhead: a create through the custom resource handler against a
  bare boto3 ``create_daemon`` on the same local endpoint;
* the Lambda asset: its size, and the handler's cold import time against a bare
  ``import boto3`` (fresh interpreters);
* synth: building and synthesizing a stack of 1, 20 and 100 ``EcsDaemon``
  against the same number of ``CfnDaemon``.

Run with ``python -m benchmarks.bench_cdk``; it prints the figures as JSON.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

CREATES = 30
IMPORT_RUNS = 5
SYNTH_SIZES = (1, 20, 100)


def run() -> dict[str, Any]:
    """Measure every figure; returns them by name."""
    return {
        "handler_create": handler_create_overhead(),
        "asset": asset_figures(),
        "synth": synth_figures(),
    }


def handler_create_overhead() -> dict[str, float]:
    """Mean create time through the handler and through bare boto3."""
    from cdk_ecs_daemon.runtime import lifecycle
    from ecs_daemon_local.server import start_local_endpoint
    from ecs_daemon_local.testing import LocalEcs

    with start_local_endpoint(time_scale=0) as endpoint:
        local = LocalEcs(endpoint)
        setup = local.setup()
        client = local.client()

        def bare() -> None:
            client.create_daemon(
                daemonName=f"bare-{uuid.uuid4().hex[:12]}",
                clusterArn=setup.cluster_arn,
                daemonTaskDefinitionArn=setup.task_definition_arn,
                capacityProviderArns=list(setup.capacity_provider_arns),
            )

        def through_handler() -> None:
            event = {
                "RequestType": "Create",
                "RequestId": str(uuid.uuid4()),
                "ResourceProperties": {
                    "ServiceToken": "arn:aws:lambda:us-east-1:0:function:f",
                    "DaemonName": f"cdk-{uuid.uuid4().hex[:12]}",
                    "ClusterArn": setup.cluster_arn,
                    "DaemonTaskDefinitionArn": setup.task_definition_arn,
                    "CapacityProviderArns": list(setup.capacity_provider_arns),
                    "WaitForDeployment": "true",
                    "DeploymentTimeoutSeconds": "3300",
                },
            }
            lifecycle.on_event(client, event)

        bare_seconds = _mean(bare, CREATES)
        handler_seconds = _mean(through_handler, CREATES)
    return {
        "bare_boto3_ms": bare_seconds * 1000,
        "handler_ms": handler_seconds * 1000,
        "ratio": handler_seconds / bare_seconds,
    }


def asset_figures() -> dict[str, float]:
    """Asset size (files and zip) and cold import times."""
    from cdk_ecs_daemon import asset

    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch) / "asset"
        asset.stage_handler_asset(directory)
        files = [p for p in directory.rglob("*") if p.is_file()]
        archive = shutil.make_archive(str(Path(scratch) / "asset"), "zip", directory)
        handler_import = _cold_import(
            f"import sys; sys.path.insert(0, {str(directory)!r});"
            " import ecs_daemon_handler.handler"
        )
        boto3_import = _cold_import("import boto3")
        return {
            "files": len(files),
            "bytes": sum(p.stat().st_size for p in files),
            "zip_bytes": Path(archive).stat().st_size,
            "handler_import_ms": handler_import * 1000,
            "boto3_import_ms": boto3_import * 1000,
            "import_ratio": handler_import / boto3_import,
        }


def synth_figures() -> dict[str, dict[str, float]]:
    """Synth time of N EcsDaemon against N CfnDaemon, in one fresh process."""
    script = textwrap.dedent(
        f"""
        import json, time
        import aws_cdk as cdk
        from aws_cdk import aws_ecs as ecs
        from cdk_ecs_daemon import EcsDaemon

        TASK = "arn:aws:ecs:us-east-1:123456789012:daemon-task-definition/a:1"
        CP = "arn:aws:ecs:us-east-1:123456789012:capacity-provider/mi"

        def synth(count, kind):
            started = time.perf_counter()
            app = cdk.App()
            stack = cdk.Stack(app, "S")
            for i in range(count):
                props = dict(
                    daemon_name=f"agent-{{i}}",
                    daemon_task_definition_arn=TASK,
                    capacity_provider_arns=[CP],
                )
                kind(stack, f"D{{i}}", **props)
            app.synth()
            return time.perf_counter() - started

        synth(1, EcsDaemon)  # warm up jsii and stage the asset
        figures = {{}}
        for count in {SYNTH_SIZES!r}:
            construct = min(synth(count, EcsDaemon) for _ in range(2))
            l1 = min(synth(count, ecs.CfnDaemon) for _ in range(2))
            figures[str(count)] = {{
                "ecs_daemon_ms": construct * 1000,
                "cfn_daemon_ms": l1 * 1000,
                "ratio": construct / l1,
            }}
        print(json.dumps(figures))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def _mean(action: Callable[[], None], count: int) -> float:
    action()  # warm up connections
    started = time.perf_counter()
    for _ in range(count):
        action()
    return (time.perf_counter() - started) / count


def _cold_import(statement: str) -> float:
    script = (
        "import time; started = time.perf_counter(); "
        f"{statement}; print(time.perf_counter() - started)"
    )
    samples = []
    for _ in range(IMPORT_RUNS):
        result = subprocess.run(
            [sys.executable, "-I", "-c", script],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        samples.append(float(result.stdout.strip().splitlines()[-1]))
    return statistics.median(samples)


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
