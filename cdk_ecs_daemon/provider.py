"""The one custom resource provider per stack that every EcsDaemon shares.

The provider lives directly under the stack at a fixed construct id. Its
service token is part of every EcsDaemon custom resource, and CloudFormation
refuses to change a custom resource's service token in an update, so the id
(and with it the Lambda function behind the token) must never change. N
daemons cost N custom resources and this one provider.
"""

from __future__ import annotations

from aws_cdk import Acknowledgment, CfnElement, Duration, Stack, Validations
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk import custom_resources as cr
from constructs import Construct, IConstruct

from cdk_ecs_daemon import asset
from cdk_ecs_daemon.runtime.properties import MAX_WAIT_SECONDS

PROVIDER_ID = "EcsDaemonProvider"
"""The provider's construct id under its stack; never change it."""
QUERY_INTERVAL = Duration.seconds(30)
LOG_RETENTION = logs.RetentionDays.ONE_MONTH
ECS_TASKS_SERVICE = "ecs-tasks.amazonaws.com"

_DAEMON_ACTIONS = [
    "ecs:CreateDaemon",
    "ecs:UpdateDaemon",
    "ecs:DeleteDaemon",
    "ecs:DescribeDaemon",
    "ecs:TagResource",
    "ecs:UntagResource",
    "ecs:ListTagsForResource",
]
_READ_ACTIONS = ["ecs:DescribeDaemonDeployments", "ecs:DescribeDaemonRevisions"]


class EcsDaemonProvider(Construct):
    """The Lambda handler, its role and logs, and the Provider framework.

    Use :meth:`of` rather than the constructor: it returns the stack's
    provider, creating it on first use.
    """

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self.log_group = logs.LogGroup(self, "Logs", retention=LOG_RETENTION)
        self.role = iam.Role(
            self,
            "HandlerRole",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description="Manages ECS daemons for the EcsDaemon custom resources",
        )
        for statement in handler_statements(Stack.of(self), self.log_group):
            self.role.add_to_policy(statement)

        code = lambda_.Code.from_asset(str(asset.handler_asset_directory()))
        self.on_event_function = self._function(
            "OnEvent", asset.ON_EVENT_HANDLER, code, Duration.minutes(5)
        )
        self.is_complete_function = self._function(
            "IsComplete", asset.IS_COMPLETE_HANDLER, code, Duration.minutes(1)
        )
        self.provider = cr.Provider(
            self,
            "Provider",
            on_event_handler=self.on_event_function,
            is_complete_handler=self.is_complete_function,
            query_interval=QUERY_INTERVAL,
            # The handler stops each wait at the resource's own timeout (at
            # most 55 minutes); this bound only catches a handler that never
            # answers.
            total_timeout=Duration.seconds(MAX_WAIT_SECONDS),
            log_group=self.log_group,
            disable_waiter_state_machine_logging=False,
            waiter_state_machine_log_options=cr.LogOptions(
                destination=self.log_group,
                level=sfn.LogLevel.ALL,
                include_execution_data=False,
            ),
        )
        _acknowledge_nag_findings(self)

    @property
    def service_token(self) -> str:
        """The ARN every EcsDaemon custom resource sends its events to."""
        return self.provider.service_token

    @classmethod
    def of(cls, scope: IConstruct) -> EcsDaemonProvider:
        """The provider of ``scope``'s stack, created on first use."""
        stack = Stack.of(scope)
        existing = stack.node.try_find_child(PROVIDER_ID)
        if existing is None:
            return cls(stack, PROVIDER_ID)
        if not isinstance(existing, EcsDaemonProvider):
            raise TypeError(
                f"the construct id {PROVIDER_ID!r} under stack {stack.stack_name!r}"
                " is reserved for the EcsDaemon provider"
            )
        return existing

    def _function(
        self, construct_id: str, handler: str, code: lambda_.Code, timeout: Duration
    ) -> lambda_.Function:
        return lambda_.Function(
            self,
            construct_id,
            runtime=lambda_.Runtime.PYTHON_3_14,
            architecture=lambda_.Architecture.ARM_64,
            handler=handler,
            code=code,
            role=self.role,
            log_group=self.log_group,
            timeout=timeout,
            memory_size=256,
            description="EcsDaemon custom resource handler",
        )


def handler_statements(
    stack: Stack, log_group: logs.ILogGroup
) -> list[iam.PolicyStatement]:
    """The handler role's permissions: daemons of this account and region only.

    CreateDaemon and UpdateDaemon pass the daemon task definition's task and
    execution roles to ECS tasks, which is why ``iam:PassRole`` is granted,
    for ``ecs-tasks.amazonaws.com`` only.
    """
    # Literal account and region when the stack has an environment, the
    # pseudo parameters otherwise.
    ecs_arn = f"arn:{stack.partition}:ecs:{stack.region}:{stack.account}"
    return [
        iam.PolicyStatement(
            sid="ManageDaemons",
            actions=_DAEMON_ACTIONS,
            resources=[f"{ecs_arn}:daemon/*"],
        ),
        iam.PolicyStatement(
            sid="ReadDaemonDeploymentsAndRevisions",
            actions=_READ_ACTIONS,
            resources=[
                f"{ecs_arn}:daemon/*",
                f"{ecs_arn}:daemon-deployment/*",
                f"{ecs_arn}:daemon-revision/*",
            ],
        ),
        iam.PolicyStatement(
            sid="PassDaemonTaskRoles",
            actions=["iam:PassRole"],
            resources=[f"arn:{stack.partition}:iam::{stack.account}:role/*"],
            conditions={"StringEquals": {"iam:PassedToService": ECS_TASKS_SERVICE}},
        ),
        iam.PolicyStatement(
            sid="WriteLogs",
            actions=["logs:CreateLogStream", "logs:PutLogEvents"],
            # The group's ARN attribute ends in ":*", which covers its streams.
            resources=[log_group.log_group_arn],
        ),
    ]


_NAG_PLUGIN = "AwsSolutions"
_ECS_PATTERN = "arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>"
_BASIC_EXECUTION_ROLE = (
    "arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
)
_DAEMON_ARNS_REASON = (
    "daemon, deployment and revision ARNs exist only once the handler has"
    " created them, so the handler may act on {type}/* of this stack's account"
    " and region, never on other resource types or other accounts"
)
_PASS_ROLE_REASON = (
    "CreateDaemon and UpdateDaemon pass the daemon task definition's task and"
    " execution roles, which the construct cannot know; PassRole is limited to"
    " this account and to the ecs-tasks.amazonaws.com service"
)
_INVOKE_REASON = (
    "the Provider framework invokes any version (<arn>:*) of this one function,"
    " which is part of the same provider"
)
_MANAGED_POLICY_REASON = (
    "the Provider framework's own functions use AWSLambdaBasicExecutionRole,"
    " which only lets them write their logs"
)
_LOG_DELIVERY_REASON = (
    "Step Functions logging to CloudWatch Logs needs the log delivery actions"
    " (logs:CreateLogDelivery and others), which support no resource-level"
    " permissions; Step Functions' own policy for its waiter state machine"
)
_TRACING_REASON = (
    "the Provider framework's waiter state machine only polls is_complete and"
    " offers no tracing setting; it logs every event to the provider log group"
)


def _acknowledge_nag_findings(provider: EcsDaemonProvider) -> None:
    """Acknowledge, with reasons, what cdk-nag's AwsSolutions pack reports.

    Acknowledgments are CDK's own (``Validations``), so users who run cdk-nag
    get them without this package depending on it.
    """
    stack = Stack.of(provider)

    def arn_of(function: IConstruct) -> str:
        child = function.node.default_child
        assert isinstance(child, CfnElement)
        return f"<{stack.resolve(stack.get_logical_id(child))}.Arn>"

    framework = provider.provider.node
    invoked = [
        provider.on_event_function,
        provider.is_complete_function,
        framework.find_child("framework-isComplete"),
        framework.find_child("framework-onTimeout"),
    ]
    findings = {
        **{
            f"AwsSolutions-IAM5[Resource::{_ECS_PATTERN}:{kind}/*]": (
                _DAEMON_ARNS_REASON.format(type=kind)
            )
            for kind in ("daemon", "daemon-deployment", "daemon-revision")
        },
        "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>"
        ":role/*]": _PASS_ROLE_REASON,
        **{
            f"AwsSolutions-IAM5[Resource::{arn_of(f)}:*]": _INVOKE_REASON
            for f in invoked
        },
        "AwsSolutions-IAM5[Resource::*]": _LOG_DELIVERY_REASON,
        f"AwsSolutions-IAM4[Policy::{_BASIC_EXECUTION_ROLE}]": _MANAGED_POLICY_REASON,
        "AwsSolutions-SF2": _TRACING_REASON,
    }
    Validations.of(provider).acknowledge(
        *(
            Acknowledgment(id=f"{_NAG_PLUGIN}::{rule}", reason=reason)
            for rule, reason in findings.items()
        )
    )
