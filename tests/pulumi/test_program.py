"""The example program under Pulumi's mocks: what the engine would receive."""

from __future__ import annotations

import base64

import dill

from pulumi_ecs_daemon import TYPE_TOKEN, DaemonProvider
from tests.pulumi.program import run_example

ACCOUNT_PREFIX = "arn:aws:ecs:us-east-1:123456789012"
CONFIG = {
    "clusterArn": f"{ACCOUNT_PREFIX}:cluster/production",
    "capacityProviderArn": f"{ACCOUNT_PREFIX}:capacity-provider/mi-general",
    "taskDefinitionArn": f"{ACCOUNT_PREFIX}:daemon-task-definition/agent:4",
}


def test_example_registers_one_daemon_with_its_inputs() -> None:
    registrations = run_example(CONFIG)

    assert [(r.type, r.name) for r in registrations] == [
        (TYPE_TOKEN, "monitoring-agent")
    ]
    inputs = registrations[0].inputs
    assert inputs["cluster_arn"] == CONFIG["clusterArn"]
    assert inputs["capacity_provider_arns"] == [CONFIG["capacityProviderArn"]]
    assert inputs["daemon_task_definition_arn"] == CONFIG["taskDefinitionArn"]
    assert inputs["deployment_configuration"] == {
        "drain_percent": 25.0,
        "bake_time_in_minutes": 0.0,
    }
    assert inputs["tags"] == {"team": "platform", "component": "monitoring"}
    assert inputs["propagate_tags"] == "DAEMON"
    assert inputs["resource_name"] == "monitoring-agent"


def test_example_leaves_the_name_to_auto_naming_and_sends_no_output_names() -> None:
    inputs = run_example(CONFIG)[0].inputs

    assert "daemon_name" not in inputs
    assert not {"daemon_arn", "status", "created_at"} & set(inputs)


def test_example_reads_rollout_settings_from_config() -> None:
    config = {**CONFIG, "drainPercent": "50", "bakeTimeInMinutes": "5"}

    inputs = run_example(config)[0].inputs

    assert inputs["deployment_configuration"] == {
        "drain_percent": 50.0,
        "bake_time_in_minutes": 5.0,
    }


def test_registered_provider_is_a_small_plain_reference_to_the_class() -> None:
    blob = run_example(CONFIG)[0].inputs["__provider"]

    # A plain string: not wrapped as a secret, since the provider holds none.
    assert isinstance(blob, str)
    pickled = base64.b64decode(blob)
    assert len(pickled) < 1024
    assert b"pulumi_ecs_daemon.provider" in pickled
    assert b"DaemonProvider" in pickled
    assert type(dill.loads(pickled)) is DaemonProvider
