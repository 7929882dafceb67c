"""CloudFormation's lifecycle through the synthesized Provider framework code.

Events go to the framework's own onEvent/isComplete/onTimeout under node,
which invokes the synthesized handler asset (in a Python subprocess, through
the Lambda Invoke API) against the local ECS endpoint. Simulated ECS time moves
one step between two polls of the waiter.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ecs_daemon_core import read_daemon

from .events import setup_properties as props
from .framework import (
    CustomResourceDriver,
    LocalAws,
    SynthesizedProvider,
    find_provider,
)
from .stacks import stack_with_daemons, template_of

if TYPE_CHECKING:
    from ecs_daemon_local.testing import DaemonSetup, LocalEcs

pytestmark = [pytest.mark.slow, pytest.mark.ecs_local(time_scale=0)]

CREATE_FAILED_MARKER = "AWSCDK::CustomResourceProviderFramework::CREATE_FAILED"
SIMULATED_SECONDS_PER_POLL = 600.0


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> SynthesizedProvider:
    outdir = tmp_path_factory.mktemp("assembly")
    stack = stack_with_daemons(1, outdir=outdir)
    template = template_of(stack)
    stack.node.scope.synth()  # writes the assets into outdir
    found = find_provider(Path(outdir), template)
    assert (found.framework_dir / "framework.js").is_file()
    return found


@pytest.fixture
def aws(provider: SynthesizedProvider, ecs_local: LocalEcs) -> Iterator[LocalAws]:
    local = LocalAws(handler_dir=provider.handler_dir, handler_env=ecs_local.env)
    yield local
    local.stop()


@pytest.fixture
def cfn(
    provider: SynthesizedProvider, aws: LocalAws, ecs_local: LocalEcs
) -> CustomResourceDriver:
    return CustomResourceDriver(
        provider=provider,
        aws=aws,
        between_polls=lambda: ecs_local.control.advance(SIMULATED_SECONDS_PER_POLL),
    )


def live_task_definition(ecs_local: LocalEcs, arn: str) -> str:
    live = read_daemon(ecs_local.client(), arn)
    assert live is not None
    return live.spec.daemon_task_definition_arn


def test_create_waits_for_the_deployment_then_succeeds(
    cfn: CustomResourceDriver, ecs_local: LocalEcs, setup: DaemonSetup
) -> None:
    answer = cfn.create(props(setup))

    assert answer.status == "SUCCESS", answer.reason
    assert answer.physical_id.endswith("/agent")
    assert answer.data["DaemonArn"] == answer.physical_id
    assert cfn.calls.count("isComplete") >= 2
    live = read_daemon(ecs_local.client(), answer.physical_id)
    assert live is not None
    assert live.deployment_status == "SUCCESSFUL"


def test_tag_only_update_calls_no_update_daemon(
    cfn: CustomResourceDriver, ecs_local: LocalEcs, setup: DaemonSetup
) -> None:
    old = props(setup, tags={"team": "a"})
    created = cfn.create(old)
    ecs_local.control.clear_calls()

    answer = cfn.update(old, props(setup, tags={"team": "b"}), created.physical_id)

    assert answer.status == "SUCCESS", answer.reason
    assert answer.physical_id == created.physical_id
    operations = [call["operation"] for call in ecs_local.control.calls()]
    assert "UpdateDaemon" not in operations
    assert "TagResource" in operations


def test_task_definition_update_rolls_out_in_place(
    cfn: CustomResourceDriver, ecs_local: LocalEcs, setup: DaemonSetup
) -> None:
    old = props(setup)
    created = cfn.create(old)
    new_task = ecs_local.register_task_definition()

    answer = cfn.update(
        old, props(setup, task_definition_arn=new_task), created.physical_id
    )

    assert answer.status == "SUCCESS", answer.reason
    assert answer.physical_id == created.physical_id
    assert answer.data["DeploymentArn"] != created.data["DeploymentArn"]
    assert live_task_definition(ecs_local, created.physical_id) == new_task


def test_cluster_change_creates_a_new_daemon_then_deletes_the_old(
    cfn: CustomResourceDriver, ecs_local: LocalEcs, setup: DaemonSetup
) -> None:
    old = props(setup)
    created = cfn.create(old)
    other = ecs_local.setup()

    moved = cfn.update(old, props(other), created.physical_id)
    # A new physical id: CloudFormation deletes the old one in its cleanup.
    cleanup = cfn.delete(old, created.physical_id)

    assert moved.status == "SUCCESS", moved.reason
    assert moved.physical_id != created.physical_id
    assert other.cluster_arn.rsplit("/", 1)[1] in moved.physical_id
    assert cleanup.status == "SUCCESS", cleanup.reason
    client = ecs_local.client()
    assert read_daemon(client, created.physical_id) is None
    assert read_daemon(client, moved.physical_id) is not None


def test_failed_rollout_on_create_fails_and_rollback_delete_removes_it(
    cfn: CustomResourceDriver, ecs_local: LocalEcs, setup: DaemonSetup
) -> None:
    ecs_local.control.fail_next_deployments(1, reason="agent exited with code 1")

    failed = cfn.create(props(setup))
    rollback = cfn.delete(props(setup), failed.physical_id)

    assert failed.status == "FAILED"
    assert "agent exited with code 1" in failed.reason
    assert failed.physical_id.endswith("/agent")
    assert rollback.status == "SUCCESS", rollback.reason
    assert read_daemon(ecs_local.client(), failed.physical_id) is None


def test_failed_rollout_on_update_fails_and_rollback_restores_old_values(
    cfn: CustomResourceDriver, ecs_local: LocalEcs, setup: DaemonSetup
) -> None:
    old = props(setup)
    created = cfn.create(old)
    new = props(setup, task_definition_arn=ecs_local.register_task_definition())
    ecs_local.control.fail_next_deployments(1, reason="health check failed")

    failed = cfn.update(old, new, created.physical_id)
    rollback = cfn.update(new, old, failed.physical_id)

    assert failed.status == "FAILED"
    assert "health check failed" in failed.reason
    assert rollback.status == "SUCCESS", rollback.reason
    assert rollback.physical_id == created.physical_id
    assert live_task_definition(ecs_local, created.physical_id) == (
        setup.task_definition_arn
    )


def test_delete_of_a_daemon_already_gone_succeeds(
    cfn: CustomResourceDriver, ecs_local: LocalEcs, setup: DaemonSetup
) -> None:
    created = cfn.create(props(setup))
    ecs_local.client().delete_daemon(daemonArn=created.physical_id)
    ecs_local.control.advance(3600)

    answer = cfn.delete(props(setup), created.physical_id)

    assert answer.status == "SUCCESS", answer.reason


def test_delete_after_a_create_that_failed_before_any_daemon_existed(
    cfn: CustomResourceDriver, ecs_local: LocalEcs, setup: DaemonSetup
) -> None:
    invalid = props(setup, DeploymentConfiguration={"DrainPercent": "150"})
    missing_cluster = props(setup, cluster_arn=setup.cluster_arn + "-gone")

    for properties in (invalid, missing_cluster):
        failed = cfn.create(properties)
        ecs_local.control.clear_calls()
        answer = cfn.delete(properties, failed.physical_id)

        assert failed.status == "FAILED"
        assert failed.physical_id == CREATE_FAILED_MARKER
        assert answer.status == "SUCCESS", answer.reason
        assert ecs_local.control.calls() == []
    assert "DeploymentConfiguration.DrainPercent" in cfn_reason_of(cfn, invalid)


def cfn_reason_of(cfn: CustomResourceDriver, properties: dict[str, Any]) -> str:
    return cfn.create(properties).reason


def test_wait_that_reaches_the_55_minute_cap_fails_the_create(
    cfn: CustomResourceDriver, aws: LocalAws, ecs_local: LocalEcs, setup: DaemonSetup
) -> None:
    def fifty_five_minutes_pass() -> None:
        # ECS time stands still; the handler's wall clock moves past the cap.
        aws.clock_offset_seconds += 55 * 60

    cfn.between_polls = fifty_five_minutes_pass
    failed = cfn.create(props(setup))

    cfn.between_polls = lambda: ecs_local.control.advance(SIMULATED_SECONDS_PER_POLL)
    rollback = cfn.delete(props(setup), failed.physical_id)

    assert failed.status == "FAILED"
    assert re.search(
        r"gave up waiting after 33\d\ds for daemon deployment", failed.reason
    )
    assert rollback.status == "SUCCESS", rollback.reason


def test_waiter_out_of_attempts_answers_failed_through_on_timeout(
    cfn: CustomResourceDriver, setup: DaemonSetup
) -> None:
    cfn.between_polls = lambda: None
    cfn.max_attempts = 1

    failed = cfn.create(props(setup))

    assert cfn.calls[-1] == "onTimeout"
    assert failed.status == "FAILED"
    assert failed.reason == "Operation timed out"
    assert failed.physical_id.endswith("/agent")
