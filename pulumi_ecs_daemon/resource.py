"""The ``Daemon`` resource a Pulumi program declares, and its typed inputs.

A daemon runs one task on every container instance of the ECS Managed Instances
capacity providers it names. Declaring it in a program::

    from pulumi_ecs_daemon import Daemon, DeploymentConfigurationArgs

    agent = Daemon(
        "monitoring-agent",
        daemon_task_definition_arn=task_definition_arn,
        capacity_provider_arns=[capacity_provider_arn],
        cluster_arn=cluster_arn,
        deployment_configuration=DeploymentConfigurationArgs(drain_percent=25),
        tags={"team": "platform"},
    )

Inputs are accepted as a :class:`DaemonArgs` or as keyword arguments.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi.dynamic

from pulumi_ecs_daemon.properties import INPUTS, STATE_OUTPUTS
from pulumi_ecs_daemon.provider import DaemonProvider

TYPE_TOKEN = "pulumi-python:dynamic/ecs:Daemon"
"""The resource's type in the state; fixed, since a new type would replace it."""


@dataclass(kw_only=True)
class DeploymentAlarmsArgs:
    """CloudWatch alarms that roll a deployment back when one of them fires."""

    alarm_names: pulumi.Input[Sequence[pulumi.Input[str]]]
    """Names of the alarms to watch."""
    enable: pulumi.Input[bool] | None = None
    """Whether a firing alarm rolls the deployment back; when omitted, false."""


@dataclass(kw_only=True)
class DeploymentConfigurationArgs:
    """How a change rolls out across the container instances."""

    drain_percent: pulumi.Input[float] | None = None
    """Percent of each capacity provider's instances replaced at a time, 0-100;
    when omitted, ECS drains 25 percent."""
    bake_time_in_minutes: pulumi.Input[int] | None = None
    """Minutes to watch each finished step before going on, 0-1440; when
    omitted, ECS does not wait."""
    alarms: pulumi.Input[DeploymentAlarmsArgs | Mapping[str, Any]] | None = None
    """Alarm-based rollback; when omitted, alarms play no part."""


@dataclass(kw_only=True)
class DaemonArgs:
    """The inputs of a :class:`Daemon`."""

    daemon_task_definition_arn: pulumi.Input[str]
    """ARN of the daemon task definition revision to run; a new revision rolls
    out in place."""
    capacity_provider_arns: pulumi.Input[Sequence[pulumi.Input[str]]]
    """ECS Managed Instances capacity providers whose instances run the daemon;
    their order does not matter."""
    cluster_arn: pulumi.Input[str] | None = None
    """The cluster; when omitted, the account's default cluster. Changing it
    replaces the daemon."""
    daemon_name: pulumi.Input[str] | None = None
    """The daemon's name, unique in its cluster; when omitted, the resource name
    plus a random suffix, kept for the life of the resource. Changing it
    replaces the daemon."""
    deployment_configuration: (
        pulumi.Input[DeploymentConfigurationArgs | Mapping[str, Any]] | None
    ) = None
    """How changes roll out; when omitted, ECS defaults apply and a deployment
    configuration changed outside Pulumi is left alone."""
    tags: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None
    """Tags of the daemon; when omitted, the daemon has none (tags added outside
    Pulumi are removed). Changing them starts no deployment."""
    propagate_tags: pulumi.Input[str] | None = None
    """``DAEMON`` to copy the daemon's tags to its tasks, ``NONE`` not to; when
    omitted, ECS decides and the setting is not managed."""
    enable_ecs_managed_tags: pulumi.Input[bool] | None = None
    """Whether ECS tags the tasks with its managed tags; when omitted, ECS
    decides and the setting is not managed."""
    enable_execute_command: pulumi.Input[bool] | None = None
    """Whether ECS Exec is on for the tasks; when omitted, ECS decides and the
    setting is not managed."""
    critical: pulumi.Input[bool] | None = None
    """Whether an instance whose daemon task stops is drained and replaced; when
    omitted, ECS decides and the setting is not managed."""
    wait_for_deployment: pulumi.Input[bool] | None = None
    """Whether create and update wait until the deployment succeeded; when
    omitted, they wait. Without the wait a failed rollout goes unnoticed."""
    deployment_timeout_minutes: pulumi.Input[float] | None = None
    """How long a wait for a deployment or a deletion may last, in minutes, at
    most 1440; when omitted, 60 minutes."""
    region: pulumi.Input[str] | None = None
    """AWS region of the daemon; when omitted, the stack's ``aws:region``, then
    the environment (``AWS_REGION``, the profile). Changing it replaces the
    daemon."""
    adopt_existing: pulumi.Input[bool] | None = None
    """Whether the create takes over a daemon that already has this name in the
    cluster, instead of failing; when omitted, false. ``pulumi import`` cannot
    work for dynamic providers: this (or ``import_daemon_arn``) is the way to
    bring an existing daemon under Pulumi. Its settings and tags are then
    changed to the declared ones, and ``pulumi destroy`` deletes it."""
    import_daemon_arn: pulumi.Input[str] | None = None
    """ARN of an existing daemon that the create takes over instead of making
    one; when omitted, a daemon is created. The name and cluster default to
    the ARN's."""


class Daemon(pulumi.dynamic.Resource, module="ecs", name="Daemon"):
    """An Amazon ECS managed daemon, managed through a dynamic provider.

    Every input is also an output (the engine compares new inputs with the
    recorded outputs), next to the state only ECS knows.
    """

    daemon_arn: pulumi.Output[str]
    """The daemon's ARN, also the resource's id."""
    daemon_name: pulumi.Output[str]
    """The daemon's name (the generated one when the input was omitted)."""
    cluster_arn: pulumi.Output[str | None]
    """The daemon's cluster (known after a refresh when the input was omitted)."""
    daemon_task_definition_arn: pulumi.Output[str]
    """The task definition revision the daemon runs."""
    capacity_provider_arns: pulumi.Output[list[str]]
    """The capacity providers whose instances run the daemon."""
    deployment_configuration: pulumi.Output[dict[str, Any] | None]
    """The deployment configuration, as declared or (after a refresh) as live."""
    tags: pulumi.Output[dict[str, str] | None]
    """The daemon's tags."""
    propagate_tags: pulumi.Output[str | None]
    """Whether tags propagate to tasks."""
    enable_ecs_managed_tags: pulumi.Output[bool | None]
    """Whether ECS managed tags are on."""
    enable_execute_command: pulumi.Output[bool | None]
    """Whether ECS Exec is on."""
    critical: pulumi.Output[bool | None]
    """Whether the daemon is critical to its instances."""
    wait_for_deployment: pulumi.Output[bool | None]
    """Echo of the input."""
    deployment_timeout_minutes: pulumi.Output[float | None]
    """Echo of the input."""
    region: pulumi.Output[str]
    """The region the daemon lives in."""
    adopt_existing: pulumi.Output[bool | None]
    """Echo of the input."""
    import_daemon_arn: pulumi.Output[str | None]
    """Echo of the input."""
    resource_name: pulumi.Output[str]
    """The Pulumi resource name, which auto-naming and the create use."""
    deployment_arn: pulumi.Output[str | None]
    """The latest deployment this resource started or saw."""
    deployment_status: pulumi.Output[str | None]
    """That deployment's status when last observed (SUCCESSFUL after a wait)."""
    status: pulumi.Output[str]
    """The daemon's status, such as ACTIVE."""
    created_at: pulumi.Output[str | None]
    """When the daemon was created (ISO 8601)."""
    updated_at: pulumi.Output[str | None]
    """When the daemon last changed (ISO 8601)."""

    def __init__(
        self,
        resource_name: str,
        args: DaemonArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        """Declare a daemon.

        :param resource_name: The resource's name in the stack; it also seeds
            the daemon's name when ``daemon_name`` is omitted.
        :param args: The inputs; when omitted, taken from ``kwargs``.
        :param opts: Resource options.
        :raises TypeError: when inputs come both as ``args`` and as keywords,
            or a keyword is not an input.
        """
        if args is None:
            args = DaemonArgs(**kwargs)
        elif kwargs:
            raise TypeError(
                "pass the inputs either as DaemonArgs or as keyword arguments,"
                " not both (got keywords " + ", ".join(sorted(kwargs)) + ")"
            )
        props: dict[str, Any] = {
            field.name: _plain(getattr(args, field.name))
            for field in dataclasses.fields(args)
        }
        props["resource_name"] = resource_name
        # Output-only names are registered as None so that the SDK creates
        # their Output attributes; None inputs are not sent to the engine.
        for name in (*INPUTS, *STATE_OUTPUTS):
            props.setdefault(name, None)
        super().__init__(DaemonProvider(), resource_name, props, opts)


def _plain(value: Any) -> Any:
    """Input classes as the dicts the provider reads; Outputs stay Outputs."""
    if isinstance(value, pulumi.Output):
        return value.apply(_plain)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: _plain(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if getattr(value, field.name) is not None
        }
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value
