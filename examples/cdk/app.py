"""A log-shipping agent on every Managed Instances container instance of a cluster.

The stack holds a VPC, an ECS cluster with one Managed Instances capacity
provider, a daemon task definition, and the ``EcsDaemon`` that runs it on every
instance of that capacity provider. Deploy with ``npx cdk deploy``; see README.md.
"""

from __future__ import annotations

import os

import aws_cdk as cdk
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from constructs import Construct

from cdk_ecs_daemon import DaemonDeploymentConfiguration, EcsDaemon

AGENT_IMAGE = "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable"


class DaemonExampleStack(cdk.Stack):
    """A cluster, its Managed Instances capacity, and a daemon on it."""

    def __init__(self, scope: Construct, construct_id: str, **kwargs: object) -> None:
        super().__init__(scope, construct_id, **kwargs)  # type: ignore[arg-type]

        vpc = ec2.Vpc(
            self,
            "Vpc",
            max_azs=2,
            nat_gateways=1,
            flow_logs={"All": ec2.FlowLogOptions()},
        )
        cluster = ecs.Cluster(
            self,
            "Cluster",
            vpc=vpc,
            container_insights_v2=ecs.ContainerInsights.ENABLED,
        )
        capacity = self._managed_instances(vpc)
        cluster.add_managed_instances_capacity_provider(capacity)

        agent_logs = logs.LogGroup(
            self, "AgentLogs", retention=logs.RetentionDays.TWO_WEEKS
        )
        execution_role = iam.Role(
            self,
            "AgentExecutionRole",
            assumed_by=iam.ServicePrincipal("ecs-tasks.amazonaws.com"),
        )
        agent_logs.grant_write(execution_role)
        task = ecs.CfnDaemonTaskDefinition(
            self,
            "AgentTask",
            family="log-agent",
            cpu="256",
            memory="512",
            execution_role_arn=execution_role.role_arn,
            container_definitions=[
                ecs.CfnDaemonTaskDefinition.DaemonContainerDefinitionProperty(
                    name="log-router",
                    image=AGENT_IMAGE,
                    essential=True,
                    memory_reservation=128,
                    log_configuration=ecs.CfnDaemonTaskDefinition.LogConfigurationProperty(
                        log_driver="awslogs",
                        options={
                            "awslogs-group": agent_logs.log_group_name,
                            "awslogs-region": self.region,
                            "awslogs-stream-prefix": "agent",
                        },
                    ),
                )
            ],
        )

        daemon = EcsDaemon(
            self,
            "LogAgent",
            daemon_task_definition_arn=task.attr_daemon_task_definition_arn,
            capacity_provider_arns=[
                self.format_arn(
                    service="ecs",
                    resource="capacity-provider",
                    resource_name=capacity.capacity_provider_name,
                )
            ],
            cluster=cluster,
            daemon_name="log-agent",
            deployment_configuration=DaemonDeploymentConfiguration(
                drain_percent=25, bake_time=cdk.Duration.minutes(5)
            ),
            propagate_tags="DAEMON",
            critical=True,
        )
        # The capacity provider must be part of the cluster before the daemon
        # is created, and the daemon gone before it leaves the cluster.
        for child in cluster.node.find_all():
            if isinstance(child, ecs.CfnClusterCapacityProviderAssociations):
                daemon.node.add_dependency(child)
        cdk.Tags.of(self).add("app", "ecs-daemon-example")

        cdk.CfnOutput(self, "DaemonArn", value=daemon.daemon_arn)
        cdk.CfnOutput(self, "DeploymentArn", value=daemon.deployment_arn)
        self._acknowledge_nag_findings(agent_logs)

    def _managed_instances(self, vpc: ec2.IVpc) -> ecs.ManagedInstancesCapacityProvider:
        infrastructure_role = iam.Role(
            self,
            "InfrastructureRole",
            assumed_by=iam.ServicePrincipal("ecs.amazonaws.com"),
            managed_policies=[
                iam.ManagedPolicy.from_aws_managed_policy_name(
                    "AmazonECSInfrastructureRolePolicyForManagedInstances"
                )
            ],
        )
        instance_role = iam.Role(
            self,
            "InstanceRole",
            assumed_by=iam.ServicePrincipal("ec2.amazonaws.com"),
            managed_policies=[
                iam.ManagedPolicy.from_aws_managed_policy_name(
                    "AmazonECSInstanceRolePolicyForManagedInstances"
                )
            ],
        )
        security_group = ec2.SecurityGroup(
            self,
            "InstanceSecurityGroup",
            vpc=vpc,
            description="Managed Instances of the daemon example",
        )
        return ecs.ManagedInstancesCapacityProvider(
            self,
            "ManagedInstances",
            subnets=vpc.private_subnets,
            security_groups=[security_group],
            infrastructure_role=infrastructure_role,
            ec2_instance_profile=iam.InstanceProfile(
                self, "InstanceProfile", role=instance_role
            ),
        )

    def _acknowledge_nag_findings(self, agent_logs: logs.LogGroup) -> None:
        """Acknowledge, with reasons, what cdk-nag's AwsSolutions pack reports."""
        log_group_id = self.resolve(self.get_logical_id(agent_logs.node.default_child))
        managed = "arn:<AWS::Partition>:iam::aws:policy/"
        findings = {
            f"AwsSolutions-IAM4[Policy::{managed}"
            "AmazonECSInfrastructureRolePolicyForManagedInstances]": (
                "ECS documents this managed policy as the infrastructure role of"
                " Managed Instances; it tracks what ECS needs"
            ),
            f"AwsSolutions-IAM4[Policy::{managed}"
            "AmazonECSInstanceRolePolicyForManagedInstances]": (
                "ECS documents this managed policy as the instance role of"
                " Managed Instances; it tracks what the ECS agent needs"
            ),
            f"AwsSolutions-IAM5[Resource::<{log_group_id}.Arn>:*]": (
                "the agent writes log streams it names itself, in its own log group"
            ),
        }
        cdk.Validations.of(self).acknowledge(
            *(
                cdk.Acknowledgment(id=f"AwsSolutions::{rule}", reason=reason)
                for rule, reason in findings.items()
            )
        )


def main() -> None:
    """Synthesize the example for the CDK CLI."""
    app = cdk.App()
    DaemonExampleStack(
        app,
        "EcsDaemonExample",
        env=cdk.Environment(
            account=os.environ.get("CDK_DEFAULT_ACCOUNT"),
            region=os.environ.get("CDK_DEFAULT_REGION"),
        ),
    )
    app.synth()


if __name__ == "__main__":
    main()
