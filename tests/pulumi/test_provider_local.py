"""Provider methods called in process against the local endpoint.

These are the finer cases of the lifecycle; ``test_engine_path`` drives the
same provider through the SDK's provider server.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from ecs_daemon_local.testing import DaemonSetup, LocalEcs
from pulumi_ecs_daemon import (
    CreateFailedError,
    DaemonProvider,
    ImportNotFoundError,
    NameTakenError,
    UpdateFailedError,
)


def daemon_inputs(setup: DaemonSetup, **changes: Any) -> dict[str, Any]:
    """Inputs as the engine sends them for a daemon on ``setup``; ``...`` drops one."""
    props: dict[str, Any] = {
        "resource_name": "agent",
        "cluster_arn": setup.cluster_arn,
        "daemon_task_definition_arn": setup.task_definition_arn,
        "capacity_provider_arns": list(setup.capacity_provider_arns),
        "tags": {"team": "platform"},
    }
    props.update(changes)
    return {k: v for k, v in props.items() if v is not ...}


def checked(
    provider: DaemonProvider, news: dict[str, Any], olds: dict[str, Any] | None = None
) -> dict[str, Any]:
    result = provider.check(olds or {}, news)
    assert result.failures == []
    return result.inputs


def operations(ecs_local: LocalEcs) -> list[str]:
    return [call["operation"] for call in ecs_local.control.calls()]


def existing_daemon(ecs_local: LocalEcs, setup: DaemonSetup, name: str) -> str:
    """A daemon made outside Pulumi, with a tag of its own; returns its ARN."""
    response = ecs_local.ecs.create_daemon(
        daemonName=name,
        clusterArn=setup.cluster_arn,
        daemonTaskDefinitionArn=setup.task_definition_arn,
        capacityProviderArns=list(setup.capacity_provider_arns),
        tags=[{"key": "owner", "value": "someone"}],
    )
    ecs_local.finish_deployment(response["deploymentArn"])
    return response["daemonArn"]


def daemon_arns(ecs_local: LocalEcs, setup: DaemonSetup) -> list[str]:
    listed = ecs_local.ecs.list_daemons(clusterArn=setup.cluster_arn)
    return [summary["daemonArn"] for summary in listed["daemonSummariesList"]]


def test_create_without_wait_is_a_single_create_call(
    provider: DaemonProvider, local_env: LocalEcs, setup: DaemonSetup
) -> None:
    props = checked(provider, daemon_inputs(setup, wait_for_deployment=False))
    local_env.control.clear_calls()

    result = provider.create(props)

    assert operations(local_env) == ["CreateDaemon"]
    assert result.id.endswith(f"/{props['daemon_name']}")
    assert result.outs["daemon_arn"] == result.id
    assert result.outs["status"] == "ACTIVE"
    assert "deployment_status" not in result.outs
    assert result.outs["created_at"].startswith("20")


def test_create_waits_for_the_first_deployment(
    provider: DaemonProvider, local_env: LocalEcs, setup: DaemonSetup
) -> None:
    result = provider.create(checked(provider, daemon_inputs(setup)))

    assert result.outs["deployment_status"] == "SUCCESSFUL"
    # JSON-safe: the timestamps are ISO strings, not datetimes.
    json.dumps(result.outs)
    assert result.outs["created_at"].startswith("20")


def test_floats_from_the_engine_reach_ecs_as_integers(
    provider: DaemonProvider, local_env: LocalEcs, setup: DaemonSetup
) -> None:
    config = {"drain_percent": 50.0, "bake_time_in_minutes": 5.0}
    props = checked(
        provider,
        daemon_inputs(
            setup,
            deployment_configuration=config,
            deployment_timeout_minutes=30.0,
            wait_for_deployment=False,
        ),
    )

    # botocore refuses a float for the integer bakeTimeInMinutes: the create
    # succeeding shows the cast.
    result = provider.create(props)

    deployment = local_env.ecs.describe_daemon_deployments(
        daemonDeploymentArns=[result.outs["deployment_arn"]]
    )["daemonDeployments"][0]
    assert deployment["deploymentConfiguration"]["bakeTimeInMinutes"] == 5
    assert deployment["deploymentConfiguration"]["drainPercent"] == 50.0


def test_adopting_by_arn_takes_over_and_applies_the_declared_state(
    provider: DaemonProvider, local_env: LocalEcs, setup: DaemonSetup
) -> None:
    arn = existing_daemon(local_env, setup, "legacy-agent")
    next_definition = local_env.register_task_definition()
    props = checked(
        provider,
        daemon_inputs(
            setup,
            cluster_arn=...,
            import_daemon_arn=arn,
            daemon_task_definition_arn=next_definition,
        ),
    )
    local_env.control.clear_calls()

    result = provider.create(props)

    assert result.id == arn
    assert props["daemon_name"] == "legacy-agent"
    assert "CreateDaemon" not in operations(local_env)
    assert {"UpdateDaemon", "TagResource", "UntagResource"} <= set(
        operations(local_env)
    )
    tags = local_env.ecs.list_tags_for_resource(resourceArn=arn)["tags"]
    assert tags == [{"key": "team", "value": "platform"}]
    assert result.outs["deployment_status"] == "SUCCESSFUL"


def test_adopting_by_name_without_changes_calls_no_update(
    provider: DaemonProvider, local_env: LocalEcs, setup: DaemonSetup
) -> None:
    arn = existing_daemon(local_env, setup, "agent-by-name")
    props = checked(
        provider,
        daemon_inputs(
            setup,
            daemon_name="agent-by-name",
            adopt_existing=True,
            tags={"owner": "someone"},
        ),
    )
    local_env.control.clear_calls()

    result = provider.create(props)

    assert result.id == arn
    assert "CreateDaemon" not in operations(local_env)
    assert "UpdateDaemon" not in operations(local_env)
    assert daemon_arns(local_env, setup) == [arn]


def test_adopt_existing_creates_when_no_daemon_has_the_name(
    provider: DaemonProvider, local_env: LocalEcs, setup: DaemonSetup
) -> None:
    props = checked(provider, daemon_inputs(setup, adopt_existing=True))

    result = provider.create(props)

    assert daemon_arns(local_env, setup) == [result.id]


def test_importing_a_missing_daemon_says_how_to_create_instead(
    provider: DaemonProvider, local_env: LocalEcs, setup: DaemonSetup
) -> None:
    arn = setup.cluster_arn.replace(":cluster/", ":daemon/") + "/nobody"
    props = checked(provider, daemon_inputs(setup, import_daemon_arn=arn))

    with pytest.raises(ImportNotFoundError, match="remove import_daemon_arn"):
        provider.create(props)


def test_taken_name_fails_with_a_hint_to_adopt(
    provider: DaemonProvider, local_env: LocalEcs, setup: DaemonSetup
) -> None:
    arn = existing_daemon(local_env, setup, "taken")
    props = checked(provider, daemon_inputs(setup, daemon_name="taken"))

    with pytest.raises(NameTakenError, match="adopt_existing") as raised:
        provider.create(props)

    assert raised.value.daemon_arn == arn
    assert daemon_arns(local_env, setup) == [arn]


def test_auto_name_survives_an_update(
    provider: DaemonProvider, local_env: LocalEcs, setup: DaemonSetup
) -> None:
    first_inputs = checked(provider, daemon_inputs(setup))
    created = provider.create(first_inputs)
    second_inputs = checked(
        provider, daemon_inputs(setup, tags={"team": "observability"}), first_inputs
    )
    local_env.control.clear_calls()

    diff = provider.diff(created.id, created.outs, second_inputs)
    updated = provider.update(created.id, created.outs, second_inputs)

    assert second_inputs["daemon_name"] == first_inputs["daemon_name"]
    assert diff.changes is True and diff.replaces == []
    assert operations(local_env) == ["TagResource"]
    assert updated.outs["daemon_name"] == first_inputs["daemon_name"]
    assert updated.outs["tags"] == {"team": "observability"}


def test_failed_first_rollout_deletes_the_daemon_before_raising(
    provider: DaemonProvider, local_env: LocalEcs, setup: DaemonSetup
) -> None:
    props = checked(provider, daemon_inputs(setup))
    local_env.control.fail_next_deployments(1, reason="agent container exited 1")

    with pytest.raises(CreateFailedError) as raised:
        provider.create(props)

    message = str(raised.value)
    assert "agent container exited 1" in message
    assert "deleted again and nothing is left behind" in message
    assert daemon_arns(local_env, setup) == []


def test_create_after_a_cleaned_up_failure_makes_a_new_daemon(
    provider: DaemonProvider, local_env: LocalEcs, setup: DaemonSetup
) -> None:
    props = checked(provider, daemon_inputs(setup))
    local_env.control.fail_next_deployments(1)
    with pytest.raises(CreateFailedError):
        provider.create(props)

    result = provider.create(props)

    assert result.outs["deployment_status"] == "SUCCESSFUL"
    assert daemon_arns(local_env, setup) == [result.id]


def test_rolled_back_update_names_the_reason_and_keeps_the_old_revision(
    provider: DaemonProvider, local_env: LocalEcs, setup: DaemonSetup
) -> None:
    created = provider.create(checked(provider, daemon_inputs(setup)))
    news = checked(
        provider,
        daemon_inputs(
            setup, daemon_task_definition_arn=local_env.register_task_definition()
        ),
        created.outs,
    )
    local_env.control.fail_next_deployments(1, reason="health check failed")

    with pytest.raises(UpdateFailedError) as raised:
        provider.update(created.id, created.outs, news)

    message = str(raised.value)
    assert "health check failed" in message
    assert "rolled the daemon back" in message
    live = provider.read(created.id, created.outs).outs
    assert live["daemon_task_definition_arn"] == setup.task_definition_arn


def test_read_of_a_deleted_daemon_is_empty_and_delete_tolerates_it(
    provider: DaemonProvider, local_env: LocalEcs, setup: DaemonSetup
) -> None:
    created = provider.create(checked(provider, daemon_inputs(setup)))
    provider.delete(created.id, created.outs)

    assert provider.read(created.id, created.outs).id == ""
    provider.delete(created.id, created.outs)


def test_delete_returns_only_once_the_daemon_is_gone(
    provider: DaemonProvider, local_env: LocalEcs, setup: DaemonSetup
) -> None:
    created = provider.create(checked(provider, daemon_inputs(setup)))

    provider.delete(created.id, created.outs)

    assert daemon_arns(local_env, setup) == []
    for capacity_provider in setup.capacity_provider_arns:
        local_env.ecs.delete_capacity_provider(capacityProvider=capacity_provider)


def test_create_whose_answer_is_lost_makes_exactly_one_daemon(
    provider: DaemonProvider, local_env: LocalEcs, setup: DaemonSetup
) -> None:
    props = checked(provider, daemon_inputs(setup, wait_for_deployment=False))
    # The first CreateDaemon takes effect but its connection drops before the
    # answer: botocore retries with the same client token.
    local_env.control.inject_faults(
        kinds=["drop"], operations=["CreateDaemon"], limit=1, phase="after"
    )

    result = provider.create(props)

    assert operations(local_env).count("CreateDaemon") == 2
    assert daemon_arns(local_env, setup) == [result.id]


def test_throttled_waits_still_see_the_rollout_through(
    provider: DaemonProvider, local_env: LocalEcs, setup: DaemonSetup
) -> None:
    props = checked(provider, daemon_inputs(setup))
    local_env.control.inject_faults(
        rate=0.5, kinds=["throttling", "server"], seed=7, limit=6
    )

    result = provider.create(props)

    assert local_env.control.faults()["injected"] > 0
    assert result.outs["deployment_status"] == "SUCCESSFUL"
    assert daemon_arns(local_env, setup) == [result.id]
