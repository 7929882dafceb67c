"""Auto-names, names implied by an imported ARN, and the errors' pickling."""

from __future__ import annotations

import pickle

import pytest

from ecs_daemon_core import validate_create_request
from pulumi_ecs_daemon import (
    CreateFailedError,
    ImportNotFoundError,
    NameTakenError,
    RegionMissingError,
    UpdateFailedError,
)
from pulumi_ecs_daemon.naming import auto_name, names_from_import_arn
from tests.pulumi.samples import DAEMON_ARN


@pytest.mark.parametrize(
    ("resource_name", "expected"),
    [
        ("agent", "agent-abc1234"),
        ("my.agent v2", "my-agent-v2-abc1234"),
        ("--", "daemon-abc1234"),
        ("", "daemon-abc1234"),
    ],
)
def test_auto_name_keeps_only_name_characters(
    resource_name: str, expected: str
) -> None:
    assert auto_name(resource_name, suffix=lambda: "abc1234") == expected


def test_auto_name_of_a_long_resource_name_fits_the_limit() -> None:
    name = auto_name("x" * 400, suffix=lambda: "abc1234")

    assert len(name) == 255
    assert name.endswith("-abc1234")
    problems = validate_create_request({"daemonName": name})
    assert [p for p in problems if p.field == "daemonName"] == []


def test_import_arn_implies_name_and_cluster_arn() -> None:
    assert names_from_import_arn(DAEMON_ARN) == {
        "daemon_name": "agent",
        "cluster_arn": "arn:aws:ecs:us-east-1:123456789012:cluster/production",
    }
    assert names_from_import_arn("not an arn") == {}


@pytest.mark.parametrize(
    "error",
    [
        CreateFailedError(DAEMON_ARN, "deployment failed", "deleted"),
        UpdateFailedError(DAEMON_ARN, "rolled back", "fix it"),
        NameTakenError("agent", "production", DAEMON_ARN),
        ImportNotFoundError(DAEMON_ARN),
        RegionMissingError(),
    ],
)
def test_errors_survive_pickling_with_their_message(error: Exception) -> None:
    restored = pickle.loads(pickle.dumps(error))

    assert type(restored) is type(error)
    assert str(restored) == str(error)
