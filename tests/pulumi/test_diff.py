"""DaemonProvider.diff: the core's plan in Pulumi's terms, in process."""

from __future__ import annotations

import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config

from pulumi_ecs_daemon import DaemonProvider
from tests.pulumi.samples import (
    CAPACITY_PROVIDER_A,
    CAPACITY_PROVIDER_B,
    DAEMON_ARN,
    NEXT_TASK_DEFINITION,
    OTHER_CLUSTER,
    inputs,
    outputs,
    unknown,
)


@pytest.fixture
def provider() -> DaemonProvider:
    return DaemonProvider()


def test_same_inputs_are_no_change(provider: DaemonProvider) -> None:
    result = provider.diff(DAEMON_ARN, outputs(), inputs())

    assert result.changes is False
    assert result.replaces == []


def test_capacity_provider_reorder_is_no_change(provider: DaemonProvider) -> None:
    news = inputs(capacity_provider_arns=[CAPACITY_PROVIDER_B, CAPACITY_PROVIDER_A])

    assert provider.diff(DAEMON_ARN, outputs(), news).changes is False


def test_integral_floats_equal_the_recorded_integers(provider: DaemonProvider) -> None:
    olds = outputs(deployment_configuration={"bake_time_in_minutes": 5})
    news = inputs(deployment_configuration={"bake_time_in_minutes": 5.0})

    assert provider.diff(DAEMON_ARN, olds, news).changes is False


def test_provider_settings_alone_are_no_change(provider: DaemonProvider) -> None:
    news = inputs(wait_for_deployment=False, deployment_timeout_minutes=5.0)

    assert provider.diff(DAEMON_ARN, outputs(), news).changes is False


def test_tag_or_task_definition_change_updates_in_place(
    provider: DaemonProvider,
) -> None:
    for news in (
        inputs(tags={"team": "observability"}),
        inputs(daemon_task_definition_arn=NEXT_TASK_DEFINITION),
        inputs(critical=True),
    ):
        result = provider.diff(DAEMON_ARN, outputs(), news)

        assert result.changes is True
        assert result.replaces == []


def test_unmanaged_setting_left_out_is_no_change(provider: DaemonProvider) -> None:
    olds = outputs(critical=False, enable_execute_command=True)

    assert provider.diff(DAEMON_ARN, olds, inputs()).changes is False


def test_cluster_change_replaces_side_by_side(provider: DaemonProvider) -> None:
    result = provider.diff(DAEMON_ARN, outputs(), inputs(cluster_arn=OTHER_CLUSTER))

    assert result.changes is True
    assert result.replaces == ["cluster_arn"]
    # The new daemon lives in another cluster, so both can exist at once.
    assert result.delete_before_replace is False


def test_name_change_replaces_side_by_side(provider: DaemonProvider) -> None:
    result = provider.diff(DAEMON_ARN, outputs(), inputs(daemon_name="agent-2"))

    assert result.replaces == ["daemon_name"]
    assert result.delete_before_replace is False


def test_same_named_cluster_elsewhere_deletes_before_replacing(
    provider: DaemonProvider,
) -> None:
    elsewhere = "arn:aws:ecs:us-east-1:210987654321:cluster/production"

    result = provider.diff(DAEMON_ARN, outputs(), inputs(cluster_arn=elsewhere))

    assert result.replaces == ["cluster_arn"]
    assert result.delete_before_replace is True


def test_explicit_region_change_replaces(provider: DaemonProvider) -> None:
    result = provider.diff(DAEMON_ARN, outputs(), inputs(region="eu-west-1"))

    assert result.replaces == ["region"]
    assert result.delete_before_replace is False


def test_stack_region_change_replaces(provider: DaemonProvider) -> None:
    config = Config({"aws:region": "eu-west-1"}, "ecs-monitoring-daemon")
    provider.configure(ConfigureRequest(config))

    result = provider.diff(DAEMON_ARN, outputs(), inputs())

    assert result.replaces == ["region"]


def test_unknown_task_definition_is_a_possible_update(
    provider: DaemonProvider,
) -> None:
    news = inputs(daemon_task_definition_arn=unknown(), tags={"team": unknown()})

    result = provider.diff(DAEMON_ARN, outputs(), news)

    assert result.changes is True
    assert result.replaces == []


def test_unknown_cluster_is_a_possible_replacement(provider: DaemonProvider) -> None:
    result = provider.diff(DAEMON_ARN, outputs(), inputs(cluster_arn=unknown()))

    assert result.changes is True
    assert result.replaces == ["cluster_arn"]
    # It may turn out to be the same cluster, where the name is taken.
    assert result.delete_before_replace is True


def test_unknown_nested_values_do_not_crash(provider: DaemonProvider) -> None:
    news = inputs(
        deployment_configuration={"drain_percent": unknown(), "alarms": unknown()},
        capacity_provider_arns=[CAPACITY_PROVIDER_A, unknown()],
    )

    assert provider.diff(DAEMON_ARN, outputs(), news).changes is True
