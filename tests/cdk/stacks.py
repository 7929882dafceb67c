"""CDK apps and stacks the construct tests synthesize."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk

from cdk_ecs_daemon import EcsDaemon

ACCOUNT = "123456789012"
REGION = "us-east-1"
ENV = cdk.Environment(account=ACCOUNT, region=REGION)
TASK_DEFINITION_ARN = f"arn:aws:ecs:{REGION}:{ACCOUNT}:daemon-task-definition/agent:1"
CAPACITY_PROVIDER_ARN = f"arn:aws:ecs:{REGION}:{ACCOUNT}:capacity-provider/main/mi"
CLUSTER_ARN = f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/main"


def new_stack(outdir: Path | None = None, name: str = "Daemons") -> cdk.Stack:
    """An empty stack in a new app, with a fixed account and region."""
    app = cdk.App(outdir=str(outdir) if outdir else None)
    return cdk.Stack(app, name, env=ENV)


def add_daemon(stack: cdk.Stack, construct_id: str, **props: Any) -> EcsDaemon:
    """An EcsDaemon with valid defaults for every required prop."""
    values: dict[str, Any] = {
        "daemon_task_definition_arn": TASK_DEFINITION_ARN,
        "capacity_provider_arns": [CAPACITY_PROVIDER_ARN],
        "cluster_arn": CLUSTER_ARN,
    }
    values.update(props)
    return EcsDaemon(stack, construct_id, **values)


def stack_with_daemons(count: int, outdir: Path | None = None) -> cdk.Stack:
    """A stack with ``count`` daemons named agent-0, agent-1, ..."""
    stack = new_stack(outdir)
    for index in range(count):
        add_daemon(stack, f"Agent{index}", daemon_name=f"agent-{index}")
    return stack


def template_of(stack: cdk.Stack) -> dict[str, Any]:
    """The synthesized template, as a dict."""
    from aws_cdk.assertions import Template

    return dict(Template.from_stack(stack).to_json())


def resources_of_type(template: dict[str, Any], kind: str) -> dict[str, Any]:
    """The template's resources of one type, by logical id."""
    return {
        logical_id: resource
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] == kind
    }
