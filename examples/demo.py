"""The lifecycle of a daemon through both front ends, on the local ECS endpoint.

Run it with ``make demo`` (or ``python examples/demo.py`` in an environment with
the ``pulumi``, ``cdk`` and ``local`` extras installed). It needs no AWS account:
a local endpoint starts in this process, simulated time runs 600 times faster
than real time, and every ECS call each step makes is printed.

The Pulumi part calls the same provider methods ``pulumi up``, ``pulumi refresh``
and ``pulumi destroy`` reach; the CDK part sends the Lambda handler the events
CloudFormation sends during ``cdk deploy`` and ``cdk destroy``.
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from collections.abc import Callable
from typing import Any

from ecs_daemon_local.server import start_local_endpoint
from ecs_daemon_local.testing import LocalEcs

TIME_SCALE = 600.0


def main() -> int:
    # The Lambda handler logs JSON lines at INFO; the steps below say enough.
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    with start_local_endpoint(time_scale=TIME_SCALE) as endpoint:
        local = LocalEcs(endpoint)
        # Both front ends build their clients the way they do in production:
        # boto3 reads the endpoint, region and credentials from here.
        os.environ.update(local.env)
        setup = local.setup(instances=(4, 2))
        next_task = local.register_task_definition()
        print(f"local ECS endpoint {local.url} (time runs {TIME_SCALE:g}x)")
        print(f"cluster            {setup.cluster_arn}")
        for arn in setup.capacity_provider_arns:
            print(f"capacity provider  {arn}")

        pulumi_demo(local, setup, next_task)
        cdk_demo(local, setup, next_task)
    print("\ndone: every daemon created was deleted again")
    return 0


def pulumi_demo(local: LocalEcs, setup: Any, next_task: str) -> None:
    from pulumi_ecs_daemon import DaemonProvider

    banner("Pulumi: the Daemon resource's provider")
    provider = DaemonProvider()
    inputs: dict[str, Any] = {
        "resource_name": "monitoring",
        "cluster_arn": setup.cluster_arn,
        "daemon_task_definition_arn": setup.task_definition_arn,
        "capacity_provider_arns": list(setup.capacity_provider_arns),
        "deployment_configuration": {"drain_percent": 50.0},
        "tags": {"team": "platform"},
    }

    checked = step(
        local, "check (auto-names the daemon)", lambda: provider.check({}, inputs)
    )
    props = checked.inputs
    print(f"    daemon_name = {props['daemon_name']}")
    bad = dict(props, deployment_configuration={"drain_percent": 150.0})
    failures = step(
        local, "check of drain_percent 150", lambda: provider.check({}, bad)
    )
    for failure in failures.failures:
        print(f"    {failure.property}: {failure.reason}")

    created = step(
        local, "create, waiting for the rollout", lambda: provider.create(props)
    )
    arn, outs = created.id, created.outs
    print(f"    {arn}: {outs['deployment_status']}")

    retagged = dict(props, tags={"team": "sre"})
    diff = step(local, "diff: tags only", lambda: provider.diff(arn, outs, retagged))
    print(f"    changes={diff.changes} replaces={diff.replaces}")
    outs = step(
        local, "update: tags only", lambda: provider.update(arn, outs, retagged)
    ).outs

    reordered = dict(
        retagged, capacity_provider_arns=list(reversed(props["capacity_provider_arns"]))
    )
    diff = step(
        local,
        "diff: capacity providers reordered",
        lambda: provider.diff(arn, outs, reordered),
    )
    print(f"    changes={diff.changes}")

    rolled = dict(retagged, daemon_task_definition_arn=next_task)
    outs = step(
        local, "update: new task definition", lambda: provider.update(arn, outs, rolled)
    ).outs
    print(f"    {outs['deployment_arn']}: {outs['deployment_status']}")

    local.ecs.tag_resource(resourceArn=arn, tags=[{"key": "owner", "value": "someone"}])
    read = step(
        local, "refresh after a tag was added outside", lambda: provider.read(arn, outs)
    )
    print(f"    live tags: {read.outs['tags']}")

    step(local, "delete, waiting until it is gone", lambda: provider.delete(arn, outs))


def cdk_demo(local: LocalEcs, setup: Any, next_task: str) -> None:
    banner("CDK: the EcsDaemon custom resource handler")
    properties = {
        "DaemonName": "logging",
        "ClusterArn": setup.cluster_arn,
        "DaemonTaskDefinitionArn": setup.task_definition_arn,
        "CapacityProviderArns": list(setup.capacity_provider_arns),
        "WaitForDeployment": "true",
        "Tags": [{"Key": "team", "Value": "platform"}],
    }

    created = deploy(local, "Create", properties, None, None)
    physical_id = created["PhysicalResourceId"]
    print(f"    {physical_id}: Data keys {sorted(created['Data'])}")

    retagged = dict(properties, Tags=[{"Key": "team", "Value": "sre"}])
    deploy(local, "Update (tags only)", retagged, properties, physical_id)
    rolled = dict(retagged, DaemonTaskDefinitionArn=next_task)
    deploy(local, "Update (new task definition)", rolled, retagged, physical_id)
    deploy(local, "Delete", rolled, None, physical_id)


def deploy(
    local: LocalEcs,
    label: str,
    properties: dict[str, Any],
    old: dict[str, Any] | None,
    physical_id: str | None,
) -> dict[str, Any]:
    """Send one CloudFormation request through on_event, then is_complete."""
    from cdk_ecs_daemon.runtime import handler

    request_type = label.split()[0]
    event: dict[str, Any] = {
        "RequestType": request_type,
        "RequestId": str(uuid.uuid4()),
        "StackId": "arn:aws:cloudformation:us-east-1:000000000000:stack/demo/1",
        "LogicalResourceId": "Logging",
        "ResourceType": "Custom::EcsDaemon",
        "ResourceProperties": properties,
    }
    if old is not None:
        event["OldResourceProperties"] = old
    if physical_id is not None:
        event["PhysicalResourceId"] = physical_id

    def run() -> dict[str, Any]:
        response = handler.on_event(event, None)
        # The framework merges on_event's answer into the event it polls with.
        polled = {**event, **response}
        while not handler.is_complete(polled, None)["IsComplete"]:
            time.sleep(0.05)
        return response

    return step(local, f"{label}: on_event, then is_complete until done", run)


def step(local: LocalEcs, label: str, action: Callable[[], Any]) -> Any:
    """Run one step and print the ECS calls it made."""
    local.control.clear_calls()
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    calls = [call["operation"] for call in local.control.calls()]
    print(f"\n  {label}  ({elapsed:.2f}s)")
    print(f"    ECS calls: {summarize(calls) or 'none'}")
    return result


def summarize(calls: list[str]) -> str:
    counted: dict[str, int] = {}
    for call in calls:
        counted[call] = counted.get(call, 0) + 1
    return ", ".join(f"{name} x{n}" if n > 1 else name for name, n in counted.items())


def banner(title: str) -> None:
    print(f"\n== {title} ==")


if __name__ == "__main__":
    sys.exit(main())
