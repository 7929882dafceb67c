"""The core's operations against the local endpoint, over real HTTP."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from ecs_daemon_core import (
    DaemonSpec,
    DeploymentFailedError,
    NotFoundError,
    OperationError,
    apply_plan,
    client_token_for,
    create_daemon,
    delete_daemon,
    find_daemon_by_name,
    list_daemon_deployments,
    list_daemons,
    plan_change,
    read_daemon,
    retag_daemon,
    wait_daemon_deleted,
    wait_deployment_successful,
)
from ecs_daemon_core.spec import DeploymentConfiguration

FAST = {"delay_seconds": 0.01, "max_delay_seconds": 0.05, "timeout_seconds": 30}


@pytest.fixture
def setup(ecs_local: Any) -> Any:
    return ecs_local.setup(instances=(4, 2))


@pytest.fixture
def spec(setup: Any) -> DaemonSpec:
    return DaemonSpec.from_kwargs(
        daemon_name="monitoring-agent",
        cluster_arn=setup.cluster_arn,
        daemon_task_definition_arn=setup.task_definition_arn,
        capacity_provider_arns=setup.capacity_provider_arns,
        deployment_configuration={"drain_percent": 50, "bake_time_in_minutes": 1},
        tags={"team": "platform"},
        propagate_tags="DAEMON",
        enable_execute_command=True,
        critical=True,
    )


def _operations(ecs_local: Any) -> list[str]:
    return [call["operation"] for call in ecs_local.control.calls()]


def test_create_is_one_call_and_the_wait_sees_success(
    ecs_local: Any, ecs_client: Any, spec: DaemonSpec
) -> None:
    ecs_local.control.clear_calls()

    ref = create_daemon(ecs_client, spec, client_token=client_token_for("t", "1"))

    assert _operations(ecs_local) == ["CreateDaemon"]
    assert ref.created_at is not None and ref.status == "ACTIVE"
    assert ref.daemon_arn.endswith(
        ":daemon/" + ref.daemon_arn.split("/")[-2] + "/monitoring-agent"
    )
    progress = wait_deployment_successful(ecs_client, ref.deployment_arn, **FAST)
    assert progress.succeeded
    assert progress.running == 6


def test_read_returns_every_setting_in_at_most_four_calls(
    ecs_local: Any, ecs_client: Any, spec: DaemonSpec
) -> None:
    ref = create_daemon(ecs_client, spec)
    wait_deployment_successful(ecs_client, ref.deployment_arn, **FAST)
    ecs_local.control.clear_calls()

    live = read_daemon(ecs_client, ref.daemon_arn)

    assert live is not None
    assert len(_operations(ecs_local)) <= 4
    # The live spec also carries the service's defaults for settings the desired
    # spec leaves unmanaged; against the desired spec it plans nothing.
    assert plan_change(live.spec, spec).is_noop
    assert live.spec.daemon_task_definition_arn == spec.daemon_task_definition_arn
    assert live.spec.tag_map == {"team": "platform"}
    assert live.spec.deployment_configuration is not None
    assert live.spec.deployment_configuration.drain_percent == 50.0
    assert live.spec.deployment_configuration.bake_time_in_minutes == 1
    assert (live.spec.propagate_tags, live.spec.critical) == ("DAEMON", True)
    assert live.spec.enable_execute_command is True
    assert live.daemon_name == "monitoring-agent"
    assert live.status == "ACTIVE"
    assert live.deployment_status == "SUCCESSFUL"
    assert live.running_count == 6
    assert live.created_at is not None


def test_same_client_token_twice_returns_the_same_daemon(
    ecs_client: Any, spec: DaemonSpec
) -> None:
    token = client_token_for("stack", "agent")

    first = create_daemon(ecs_client, spec, client_token=token)
    second = create_daemon(ecs_client, spec, client_token=token)

    assert first.daemon_arn == second.daemon_arn
    assert len(list_daemons(ecs_client, cluster_arn=spec.cluster_arn)) == 1


def test_duplicate_name_without_token_is_an_operation_error(
    ecs_client: Any, spec: DaemonSpec
) -> None:
    create_daemon(ecs_client, spec)

    with pytest.raises(OperationError) as caught:
        create_daemon(ecs_client, spec)

    assert caught.value.action == "creating"
    assert caught.value.request_id != "none"


def test_tag_only_plan_calls_no_update_daemon(
    ecs_local: Any, ecs_client: Any, spec: DaemonSpec
) -> None:
    ref = create_daemon(ecs_client, spec)
    new = dataclasses.replace(spec, tags=(("team", "sre"), ("tier", "1")))
    ecs_local.control.clear_calls()

    deployment = apply_plan(ecs_client, ref.daemon_arn, plan_change(spec, new), new)

    assert deployment is None
    assert _operations(ecs_local) == ["TagResource"]
    live = read_daemon(ecs_client, ref.daemon_arn)
    assert live is not None and live.spec.tag_map == {"team": "sre", "tier": "1"}


def test_noop_plan_makes_no_call(
    ecs_local: Any, ecs_client: Any, spec: DaemonSpec
) -> None:
    ref = create_daemon(ecs_client, spec)
    ecs_local.control.clear_calls()

    assert apply_plan(ecs_client, ref.daemon_arn, plan_change(spec, spec), spec) is None
    assert _operations(ecs_local) == []


def test_update_rolls_out_and_read_shows_the_new_settings(
    ecs_local: Any, ecs_client: Any, spec: DaemonSpec
) -> None:
    ref = create_daemon(ecs_client, spec)
    wait_deployment_successful(ecs_client, ref.deployment_arn, **FAST)
    new_task = ecs_local.register_task_definition()
    new = dataclasses.replace(
        spec,
        daemon_task_definition_arn=new_task,
        deployment_configuration=DeploymentConfiguration(drain_percent=25.0),
        tags=(),
    )
    ecs_local.control.clear_calls()

    deployment = apply_plan(ecs_client, ref.daemon_arn, plan_change(spec, new), new)

    assert _operations(ecs_local) == ["UpdateDaemon", "UntagResource"]
    assert deployment is not None and deployment != ref.deployment_arn
    wait_deployment_successful(ecs_client, deployment, **FAST)
    live = read_daemon(ecs_client, ref.daemon_arn)
    assert live is not None
    assert live.spec.daemon_task_definition_arn == new_task
    assert live.spec.tag_map == {}
    assert live.spec.deployment_configuration is not None
    assert live.spec.deployment_configuration.drain_percent == 25.0


def test_failed_update_raises_with_reason_and_read_shows_the_old_revision(
    ecs_local: Any, ecs_client: Any, spec: DaemonSpec
) -> None:
    ref = create_daemon(ecs_client, spec)
    wait_deployment_successful(ecs_client, ref.deployment_arn, **FAST)
    new = dataclasses.replace(
        spec, daemon_task_definition_arn=ecs_local.register_task_definition()
    )
    ecs_local.control.fail_next_deployments(1, reason="agent crashed on start")

    deployment = apply_plan(ecs_client, ref.daemon_arn, plan_change(spec, new), new)

    with pytest.raises(DeploymentFailedError) as caught:
        wait_deployment_successful(ecs_client, deployment, **FAST)
    assert caught.value.status == "ROLLBACK_SUCCESSFUL"
    assert "agent crashed on start" in str(caught.value)
    live = read_daemon(ecs_client, ref.daemon_arn)
    assert live is not None
    assert live.spec.daemon_task_definition_arn == spec.daemon_task_definition_arn


def test_delete_waits_until_gone_and_then_the_cluster_can_go(
    ecs_local: Any, ecs_client: Any, spec: DaemonSpec, setup: Any
) -> None:
    ref = create_daemon(ecs_client, spec)
    wait_deployment_successful(ecs_client, ref.deployment_arn, **FAST)

    assert delete_daemon(ecs_client, ref.daemon_arn) is not None
    wait_daemon_deleted(ecs_client, ref.daemon_arn, **FAST)

    assert read_daemon(ecs_client, ref.daemon_arn) is None
    for provider in setup.capacity_provider_arns:
        ecs_client.delete_capacity_provider(capacityProvider=provider)
    ecs_client.delete_cluster(cluster=setup.cluster_arn)


def test_delete_tolerates_missing_and_already_deleting_daemons(
    ecs_client: Any, spec: DaemonSpec
) -> None:
    ref = create_daemon(ecs_client, spec)
    delete_daemon(ecs_client, ref.daemon_arn)

    assert delete_daemon(ecs_client, ref.daemon_arn) is None
    wait_daemon_deleted(ecs_client, ref.daemon_arn, **FAST)
    assert delete_daemon(ecs_client, ref.daemon_arn) is None


def test_update_of_a_missing_daemon_is_not_found(
    ecs_client: Any, spec: DaemonSpec
) -> None:
    ref = create_daemon(ecs_client, spec)
    delete_daemon(ecs_client, ref.daemon_arn)
    wait_daemon_deleted(ecs_client, ref.daemon_arn, **FAST)
    changed = dataclasses.replace(spec, critical=False)

    with pytest.raises(NotFoundError):
        apply_plan(ecs_client, ref.daemon_arn, plan_change(spec, changed), changed)


def test_retag_of_a_missing_daemon_is_not_found(
    ecs_client: Any, spec: DaemonSpec
) -> None:
    ref = create_daemon(ecs_client, spec)
    delete_daemon(ecs_client, ref.daemon_arn)
    wait_daemon_deleted(ecs_client, ref.daemon_arn, **FAST)

    with pytest.raises(NotFoundError):
        retag_daemon(ecs_client, ref.daemon_arn, {"team": "x"}, ["old"])


def test_retag_with_nothing_to_do_makes_no_call(
    ecs_local: Any, ecs_client: Any, spec: DaemonSpec
) -> None:
    ref = create_daemon(ecs_client, spec)
    ecs_local.control.clear_calls()

    retag_daemon(ecs_client, ref.daemon_arn, {}, ())

    assert _operations(ecs_local) == []


def test_list_follows_next_token_and_find_by_name(
    ecs_local: Any, ecs_client: Any, spec: DaemonSpec
) -> None:
    for index in range(7):
        create_daemon(ecs_client, dataclasses.replace(spec, daemon_name=f"d{index}"))
    ecs_local.control.clear_calls()

    summaries = list_daemons(ecs_client, cluster_arn=spec.cluster_arn, page_size=3)

    assert len(summaries) == 7
    assert _operations(ecs_local) == ["ListDaemons"] * 3
    arn = find_daemon_by_name(ecs_client, "d5", spec.cluster_arn)
    assert arn.endswith("/d5")
    with pytest.raises(NotFoundError):
        find_daemon_by_name(ecs_client, "absent", spec.cluster_arn)


def test_deployments_of_a_daemon_are_listed(
    ecs_local: Any, ecs_client: Any, spec: DaemonSpec
) -> None:
    ref = create_daemon(ecs_client, spec)
    changed = dataclasses.replace(spec, enable_execute_command=False)
    apply_plan(ecs_client, ref.daemon_arn, plan_change(spec, changed), changed)

    deployments = list_daemon_deployments(ecs_client, ref.daemon_arn, page_size=1)

    assert len(deployments) == 2


def test_throttled_calls_are_retried_by_the_standard_retry_mode(
    ecs_local: Any, spec: DaemonSpec
) -> None:
    client = _core_client(ecs_local)
    ecs_local.control.inject_faults(
        rate=1.0, kinds=["throttling"], operations=["CreateDaemon"], limit=2
    )

    ref = create_daemon(client, spec, client_token=client_token_for("retry"))

    creates = ecs_local.control.calls("CreateDaemon")
    assert [c["error_code"] for c in creates][:2] == ["ThrottlingException"] * 2
    assert len(list_daemons(client, cluster_arn=spec.cluster_arn)) == 1
    assert ref.daemon_arn


def test_lost_create_answer_is_recovered_by_the_client_token(
    ecs_local: Any, spec: DaemonSpec
) -> None:
    client = _core_client(ecs_local)
    # The first CreateDaemon takes effect but its answer never arrives.
    ecs_local.control.inject_faults(
        rate=1.0,
        kinds=["server"],
        operations=["CreateDaemon"],
        limit=1,
        phase="after",
    )

    ref = create_daemon(client, spec, client_token=client_token_for("lost"))

    creates = ecs_local.control.calls("CreateDaemon")
    assert [c["status"] for c in creates] == [500, 200]
    summaries = list_daemons(client, cluster_arn=spec.cluster_arn)
    assert [s["daemonArn"] for s in summaries] == [ref.daemon_arn]


def _core_client(ecs_local: Any) -> Any:
    """A client built as the front ends build theirs, for the local endpoint."""
    import boto3

    from ecs_daemon_core import make_ecs_client

    session = boto3.session.Session(
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name=ecs_local.region,
    )
    return make_ecs_client(
        ecs_local.region, session=session, endpoint_url=ecs_local.url
    )
