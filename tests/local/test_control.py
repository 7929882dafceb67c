"""The control endpoints under /_local/ and their client, LocalControl."""

from __future__ import annotations

import json
import urllib.request

import pytest

from ecs_daemon_local.control import LocalControlError
from ecs_daemon_local.testing import LocalEcs
from tests.local.conftest import CONTAINERS, MakeDaemon


def test_health_reports_region_account_and_time(ecs_local: LocalEcs) -> None:
    health = ecs_local.control.health()

    assert health["status"] == "ok"
    assert health["region"] == "us-east-1"
    assert health["account_id"] == "000000000000"
    assert health["time_scale"] == 600


def test_reset_forgets_everything(ecs_local: LocalEcs, make_daemon: MakeDaemon) -> None:
    make_daemon()
    ecs_local.control.inject_faults(rate=0.0)
    ecs_local.control.fail_next_deployments(2)
    ecs_local.control.set_time_scale(0)

    ecs_local.control.reset()

    assert ecs_local.ecs.list_clusters()["clusterArns"] == []
    assert ecs_local.control.faults() == {"faults": None, "injected": 0}
    assert ecs_local.control.fail_next_deployments(0) == 0
    assert ecs_local.control.health()["time_scale"] == 600
    assert [c["operation"] for c in ecs_local.control.calls()] == ["ListClusters"]


def test_time_advances_only_by_hand_when_frozen(ecs_local: LocalEcs) -> None:
    control = ecs_local.control
    control.set_time_scale(0)
    before = control.now()

    after = control.advance(90)

    assert after == pytest.approx(before + 90)
    assert control.now() == pytest.approx(after)
    with pytest.raises(LocalControlError):
        control.advance(-1)


def test_call_log_records_ids_in_order_and_can_be_cleared(
    ecs_local: LocalEcs, make_daemon: MakeDaemon
) -> None:
    control = ecs_local.control
    control.clear_calls()

    created = make_daemon(clientToken="tok")
    ecs_local.ecs.describe_daemon(daemonArn=created["daemonArn"])

    calls = control.calls()
    assert [c["operation"] for c in calls] == ["CreateDaemon", "DescribeDaemon"]
    assert calls[0]["ids"]["daemonName"] == "agent"
    assert calls[0]["ids"]["clientToken"] == "tok"
    assert calls[0]["result"] == {
        "daemonArn": created["daemonArn"],
        "deploymentArn": created["deploymentArn"],
    }
    assert calls[1]["status"] == 200
    assert control.calls("UpdateDaemon") == []
    control.clear_calls()
    assert control.calls() == []


def test_seed_creates_resources_through_the_api_rules(ecs_local: LocalEcs) -> None:
    created = ecs_local.control.seed(
        {
            "clusters": [{"clusterName": "demo"}],
            "capacityProviders": [
                {"name": "demo-mi", "cluster": "demo", "instances": 5}
            ],
            "daemonTaskDefinitions": [
                {"family": "agent", "containerDefinitions": CONTAINERS}
            ],
        }
    )

    assert created["clusters"] == ["arn:aws:ecs:us-east-1:000000000000:cluster/demo"]
    [cluster] = ecs_local.ecs.describe_clusters(clusters=["demo"])["clusters"]
    assert cluster["registeredContainerInstancesCount"] == 5
    assert [c["operation"] for c in ecs_local.control.calls()] == ["DescribeClusters"]
    with pytest.raises(LocalControlError) as caught:
        ecs_local.control.seed({"clusters": [{"clusterName": "bad name"}]})
    assert "clusterName" in caught.value.message
    with pytest.raises(LocalControlError):
        ecs_local.control.seed({"services": []})


def test_set_instance_count_refuses_unknown_providers(ecs_local: LocalEcs) -> None:
    with pytest.raises(LocalControlError) as caught:
        ecs_local.control.set_instance_count("nope", 3)

    assert caught.value.status == 400


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "nope", 404), ("GET", "reset", 405), ("POST", "calls", 405)],
)
def test_unknown_control_paths_and_methods(
    ecs_local: LocalEcs, method: str, path: str, status: int
) -> None:
    request = urllib.request.Request(f"{ecs_local.url}/_local/{path}", method=method)

    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=5)

    assert caught.value.code == status
    assert "error" in json.loads(caught.value.read())
