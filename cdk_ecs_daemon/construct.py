"""``EcsDaemon``: one Amazon ECS Managed Daemon as a CDK construct."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import jsii
from aws_cdk import (
    CustomResource,
    Duration,
    ITaggable,
    Names,
    TagManager,
    TagType,
)
from aws_cdk import aws_ecs as ecs
from constructs import Construct

from cdk_ecs_daemon import validation
from cdk_ecs_daemon.provider import EcsDaemonProvider
from cdk_ecs_daemon.runtime import properties as props
from cdk_ecs_daemon.runtime.properties import MAX_WAIT_SECONDS

RESOURCE_TYPE = "Custom::EcsDaemon"


@dataclass(frozen=True)
class DaemonDeploymentConfiguration:
    """How ECS rolls a change out across the container instances.

    Every field is optional; one left out is not sent, and AWS applies its
    default (for ``drain_percent``, 25).
    """

    drain_percent: float | None = None
    """Percent of container instances drained at a time, 0 to 100."""
    bake_time: Duration | None = None
    """How long ECS watches a finished rollout before it succeeds, in whole
    minutes up to 24 hours."""
    alarm_names: Sequence[str] | None = None
    """CloudWatch alarms whose ALARM state rolls a deployment back."""
    enable_alarms: bool | None = None
    """Whether ``alarm_names`` can roll a deployment back; when omitted and
    alarm names are given, false."""


@jsii.implements(ITaggable)
class EcsDaemon(Construct):
    """An Amazon ECS Managed Daemon, managed by a CloudFormation custom resource.

    The daemon runs one task of ``daemon_task_definition_arn`` on every
    container instance of the given Managed Instances capacity providers. A
    change of ``daemon_name`` or of the cluster creates a new daemon (and
    CloudFormation then deletes the old one); every other change is made in
    place, and a change of tags alone starts no deployment.

    Tags added with ``Tags.of(scope)`` reach the daemon.

    :param daemon_task_definition_arn: the daemon task definition revision
        (``arn:aws:ecs:<region>:<account>:daemon-task-definition/<family>:<n>``).
    :param capacity_provider_arns: one or more Managed Instances capacity
        providers of the cluster.
    :param cluster: the cluster; give this or ``cluster_arn``. When both are
        omitted, the account's default cluster.
    :param cluster_arn: the cluster's ARN, as an alternative to ``cluster``.
    :param daemon_name: the daemon's name, unique in its cluster. When omitted,
        a name is generated from the construct path, stable across
        deployments of the same construct.
    :param deployment_configuration: how changes roll out. When omitted, AWS
        defaults apply.
    :param propagate_tags: ``DAEMON`` to copy the daemon's tags to its tasks,
        ``NONE`` not to. When omitted, AWS decides (no propagation).
    :param enable_ecs_managed_tags: whether ECS tags the tasks. When omitted,
        not managed.
    :param enable_execute_command: whether ECS Exec is on for the tasks. When
        omitted, not managed.
    :param critical: whether an instance whose daemon task stops is drained
        and replaced. When omitted, not managed.
    :param wait_for_deployment: whether create and update wait until the
        deployment succeeds, failing the stack operation if it does not. When
        omitted, they wait. Deletes always wait until the daemon is gone.
    :param deployment_timeout: how long a wait may take, at most 55 minutes
        (CloudFormation gives a custom resource one hour). When omitted,
        55 minutes.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        daemon_task_definition_arn: str,
        capacity_provider_arns: Sequence[str],
        cluster: ecs.ICluster | None = None,
        cluster_arn: str | None = None,
        daemon_name: str | None = None,
        deployment_configuration: DaemonDeploymentConfiguration | None = None,
        propagate_tags: str | None = None,
        enable_ecs_managed_tags: bool | None = None,
        enable_execute_command: bool | None = None,
        critical: bool | None = None,
        wait_for_deployment: bool = True,
        deployment_timeout: Duration | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        self._tags = TagManager(
            TagType.KEY_VALUE, RESOURCE_TYPE, tag_property_name=props.TAGS
        )
        name = daemon_name or Names.unique_resource_name(
            self, max_length=255, allowed_special_characters="-_"
        )
        inputs = validation.Inputs(
            daemon_name=name,
            daemon_task_definition_arn=daemon_task_definition_arn,
            capacity_provider_arns=capacity_provider_arns,
            cluster_arn=cluster.cluster_arn if cluster is not None else cluster_arn,
            cluster_given_twice=cluster is not None and cluster_arn is not None,
            deployment_configuration=deployment_configuration,
            propagate_tags=propagate_tags,
            enable_ecs_managed_tags=enable_ecs_managed_tags,
            enable_execute_command=enable_execute_command,
            critical=critical,
            wait_for_deployment=wait_for_deployment,
            deployment_timeout=deployment_timeout,
            tags=self._tags,
        )
        self.node.add_validation(validation.SynthValidation(inputs))

        provider = EcsDaemonProvider.of(self)
        self._resource = CustomResource(
            self,
            "Resource",
            service_token=provider.service_token,
            resource_type=RESOURCE_TYPE,
            properties=_render_properties(inputs, self._tags),
        )
        self.daemon_arn: str = self._resource.get_att_string("DaemonArn")
        """The daemon's ARN (also the custom resource's physical id)."""
        self.daemon_name: str = self._resource.get_att_string("DaemonName")
        """The daemon's name."""
        self.deployment_arn: str = self._resource.get_att_string("DeploymentArn")
        """The daemon's latest deployment, as of the last create or update."""

    @property
    def tags(self) -> TagManager:
        """The daemon's tags; ``Tags.of(scope)`` adds to them."""
        return self._tags

    @property
    def resource(self) -> CustomResource:
        """The custom resource behind the daemon."""
        return self._resource


def _render_properties(inputs: validation.Inputs, tags: TagManager) -> dict[str, Any]:
    rendered: dict[str, Any] = {
        props.DAEMON_NAME: inputs.daemon_name,
        props.DAEMON_TASK_DEFINITION_ARN: inputs.daemon_task_definition_arn,
        props.CAPACITY_PROVIDER_ARNS: inputs.capacity_provider_arns,
        props.CLUSTER_ARN: inputs.cluster_arn,
        props.DEPLOYMENT_CONFIGURATION: _deployment_properties(
            inputs.deployment_configuration
        ),
        props.PROPAGATE_TAGS: inputs.propagate_tags,
        props.ENABLE_ECS_MANAGED_TAGS: inputs.enable_ecs_managed_tags,
        props.ENABLE_EXECUTE_COMMAND: inputs.enable_execute_command,
        props.CRITICAL: inputs.critical,
        props.WAIT_FOR_DEPLOYMENT: inputs.wait_for_deployment,
        props.DEPLOYMENT_TIMEOUT_SECONDS: _timeout_seconds(inputs.deployment_timeout),
        # Rendered at synth, after Tags.of(...) aspects have run.
        props.TAGS: tags.rendered_tags,
    }
    return {k: v for k, v in rendered.items() if v is not None}


def _deployment_properties(
    config: DaemonDeploymentConfiguration | None,
) -> dict[str, Any] | None:
    if config is None:
        return None
    rendered: dict[str, Any] = {}
    if config.drain_percent is not None:
        rendered[props.DRAIN_PERCENT] = config.drain_percent
    if config.bake_time is not None:
        rendered[props.BAKE_TIME_IN_MINUTES] = validation.bake_minutes(config.bake_time)
    if config.alarm_names is not None or config.enable_alarms is not None:
        rendered[props.ALARMS] = {
            props.ALARM_NAMES: list(config.alarm_names or ()),
            props.ENABLE: bool(config.enable_alarms),
        }
    return rendered


def _timeout_seconds(timeout: Duration | None) -> Any:
    if timeout is None:
        return MAX_WAIT_SECONDS
    return timeout.to_seconds()
