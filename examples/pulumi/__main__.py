"""A monitoring agent on every instance of an existing cluster's capacity provider.

The cluster, its ECS Managed Instances capacity provider and the agent's daemon
task definition already exist; their ARNs come from the stack configuration.
"""

from __future__ import annotations

import pulumi

from pulumi_ecs_daemon import Daemon, DaemonArgs, DeploymentConfigurationArgs

config = pulumi.Config()
drain_percent = config.get_float("drainPercent")
bake_time_in_minutes = config.get_int("bakeTimeInMinutes")

agent = Daemon(
    "monitoring-agent",
    DaemonArgs(
        cluster_arn=config.require("clusterArn"),
        capacity_provider_arns=[config.require("capacityProviderArn")],
        daemon_task_definition_arn=config.require("taskDefinitionArn"),
        # Replace a quarter of the instances at a time; with a bake time, watch
        # each step that long before going on.
        deployment_configuration=DeploymentConfigurationArgs(
            drain_percent=25.0 if drain_percent is None else drain_percent,
            bake_time_in_minutes=bake_time_in_minutes or 0,
        ),
        propagate_tags="DAEMON",
        tags={"team": "platform", "component": "monitoring"},
    ),
)

pulumi.export("daemonArn", agent.daemon_arn)
pulumi.export("daemonName", agent.daemon_name)
pulumi.export("deploymentStatus", agent.deployment_status)
