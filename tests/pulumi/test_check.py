"""DaemonProvider.check: naming, validation and preview unknowns, in process."""

from __future__ import annotations

import re

import pytest

from pulumi_ecs_daemon import DaemonProvider
from tests.pulumi.samples import DAEMON_ARN, OTHER_CLUSTER, inputs, unknown


@pytest.fixture
def provider() -> DaemonProvider:
    return DaemonProvider()


def test_valid_inputs_pass_unchanged(provider: DaemonProvider) -> None:
    result = provider.check({}, inputs())

    assert result.failures == []
    assert result.inputs == inputs()


def test_omitted_name_is_resource_name_plus_random_suffix(
    provider: DaemonProvider,
) -> None:
    result = provider.check({}, inputs(daemon_name=..., resource_name="my.agent"))

    assert re.fullmatch(r"my-agent-[0-9a-f]{7}", result.inputs["daemon_name"])
    assert result.failures == []


def test_auto_name_is_kept_from_the_previous_inputs(provider: DaemonProvider) -> None:
    first = provider.check({}, inputs(daemon_name=...)).inputs

    second = provider.check(first, inputs(daemon_name=..., tags={"a": "b"})).inputs

    assert second["daemon_name"] == first["daemon_name"]


def test_two_fresh_resources_get_different_auto_names(provider: DaemonProvider) -> None:
    first = provider.check({}, inputs(daemon_name=...)).inputs["daemon_name"]
    second = provider.check({}, inputs(daemon_name=...)).inputs["daemon_name"]

    assert first != second


def test_explicit_name_wins_over_the_previous_one(provider: DaemonProvider) -> None:
    result = provider.check(inputs(daemon_name="old"), inputs(daemon_name="new"))

    assert result.inputs["daemon_name"] == "new"


def test_every_problem_is_reported_under_its_input_name(
    provider: DaemonProvider,
) -> None:
    bad = inputs(
        daemon_name="no spaces allowed",
        capacity_provider_arns=[],
        deployment_configuration={"drain_percent": 150.0, "bake_time_in_minutes": 2.5},
        propagate_tags="SERVICE",
        deployment_timeout_minutes=0.0,
        region="Mars",
    )

    failures = {f.property: f.reason for f in provider.check({}, bad).failures}

    assert set(failures) == {
        "daemon_name",
        "capacity_provider_arns",
        "deployment_configuration.drain_percent",
        "deployment_configuration.bake_time_in_minutes",
        "propagate_tags",
        "deployment_timeout_minutes",
        "region",
    }
    assert "150.0" in failures["deployment_configuration.drain_percent"]
    assert "'SERVICE'" in failures["propagate_tags"]


def test_tag_problems_name_the_tag_by_its_key(provider: DaemonProvider) -> None:
    bad = inputs(tags={"team": "platform", "aws:owner": "me", "ok": "bad#value"})

    failures = {f.property for f in provider.check({}, bad).failures}

    assert failures == {"tags['aws:owner'].key", "tags['ok'].value"}


def test_missing_required_inputs_are_reported(provider: DaemonProvider) -> None:
    bad = inputs(daemon_task_definition_arn=..., capacity_provider_arns=...)

    failures = {f.property for f in provider.check({}, bad).failures}

    assert failures == {"daemon_task_definition_arn", "capacity_provider_arns"}


def test_unknown_values_at_preview_are_not_reported(provider: DaemonProvider) -> None:
    news = inputs(
        daemon_task_definition_arn=unknown(),
        capacity_provider_arns=[unknown(), unknown()],
        cluster_arn=unknown(),
        tags={"team": unknown()},
        deployment_configuration={"drain_percent": unknown()},
    )

    result = provider.check({}, news)

    assert result.failures == []
    assert (
        result.inputs["daemon_task_definition_arn"]
        is news["daemon_task_definition_arn"]
    )


def test_unknown_name_is_not_replaced_by_an_auto_name(provider: DaemonProvider) -> None:
    news = inputs(daemon_name=unknown())

    result = provider.check({}, news)

    assert result.inputs["daemon_name"] is news["daemon_name"]
    assert result.failures == []


def test_import_arn_supplies_name_and_cluster(provider: DaemonProvider) -> None:
    news = inputs(daemon_name=..., cluster_arn=..., import_daemon_arn=DAEMON_ARN)

    result = provider.check({}, news)

    assert result.failures == []
    assert result.inputs["daemon_name"] == "agent"
    assert result.inputs["cluster_arn"].endswith(":cluster/production")


def test_import_arn_that_disagrees_with_name_or_cluster_fails(
    provider: DaemonProvider,
) -> None:
    news = inputs(
        daemon_name="other", cluster_arn=OTHER_CLUSTER, import_daemon_arn=DAEMON_ARN
    )

    failures = {f.property for f in provider.check({}, news).failures}

    assert failures == {"daemon_name", "cluster_arn"}


def test_malformed_import_arn_and_double_adoption_fail(
    provider: DaemonProvider,
) -> None:
    news = inputs(import_daemon_arn="arn:aws:ecs:nowhere", adopt_existing=True)

    failures = {f.property for f in provider.check({}, news).failures}

    assert failures == {"import_daemon_arn", "adopt_existing"}
