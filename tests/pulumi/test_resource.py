"""The Daemon resource in a program, under the mocks: what it registers."""

from __future__ import annotations

from collections.abc import Callable

import pulumi
import pytest

from pulumi_ecs_daemon import (
    TYPE_TOKEN,
    Daemon,
    DaemonArgs,
    DeploymentAlarmsArgs,
    DeploymentConfigurationArgs,
)
from tests.pulumi.program import capture
from tests.pulumi.samples import CAPACITY_PROVIDER_A, CLUSTER, TASK_DEFINITION

ARGS = {
    "daemon_task_definition_arn": TASK_DEFINITION,
    "capacity_provider_arns": [CAPACITY_PROVIDER_A],
    "cluster_arn": CLUSTER,
}


def registered_inputs(program: Callable[[], object]) -> dict[str, object]:
    (registration,) = capture(program)
    assert registration.type == TYPE_TOKEN
    return {k: v for k, v in registration.inputs.items() if k != "__provider"}


def test_keyword_arguments_register_like_args() -> None:
    with_args = registered_inputs(lambda: Daemon("agent", DaemonArgs(**ARGS)))
    with_keywords = registered_inputs(lambda: Daemon("agent", **ARGS))

    assert with_args == with_keywords == {**ARGS, "resource_name": "agent"}


def test_nested_input_classes_become_snake_case_dicts() -> None:
    config = DeploymentConfigurationArgs(
        drain_percent=pulumi.Output.from_input(10.0),
        bake_time_in_minutes=3,
        alarms=DeploymentAlarmsArgs(alarm_names=["agent-errors"], enable=True),
    )

    inputs = registered_inputs(
        lambda: Daemon("agent", **ARGS, deployment_configuration=config)
    )

    assert inputs["deployment_configuration"] == {
        "drain_percent": 10.0,
        "bake_time_in_minutes": 3.0,
        "alarms": {"alarm_names": ["agent-errors"], "enable": True},
    }


def test_plain_dicts_are_accepted_for_nested_inputs() -> None:
    config = {"drain_percent": 10.0, "alarms": {"alarm_names": ["a"]}}

    inputs = registered_inputs(
        lambda: Daemon("agent", **ARGS, deployment_configuration=config)
    )

    assert inputs["deployment_configuration"] == config


def test_args_and_keywords_together_are_refused() -> None:
    with pytest.raises(TypeError, match="not both"):
        Daemon("agent", DaemonArgs(**ARGS), tags={"a": "b"})


def test_unknown_keyword_is_refused() -> None:
    with pytest.raises(TypeError, match="daemon_nmae"):
        Daemon("agent", **ARGS, daemon_nmae="typo")


def test_outputs_are_attributes_of_the_resource() -> None:
    resources: list[Daemon] = []

    capture(lambda: resources.append(Daemon("agent", **ARGS)))

    for name in ("daemon_arn", "daemon_name", "status", "created_at", "region"):
        assert isinstance(getattr(resources[0], name), pulumi.Output)
