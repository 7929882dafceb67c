from __future__ import annotations

import pytest

from ecs_daemon_core import arns


def test_daemon_arn_round_trips_through_parse() -> None:
    arn = arns.daemon_arn("aws-cn", "cn-north-1", "123456789012", "prod", "agent")

    parsed = arns.parse_daemon_arn(arn)

    assert parsed == arns.DaemonArn(
        "aws-cn", "cn-north-1", "123456789012", "prod", "agent"
    )


@pytest.mark.parametrize(
    "value",
    [
        "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
        "arn:aws:ecs:us-east-1:123456789012:daemon/prod",
        "arn:aws:ecs:us-east-1:12345:daemon/prod/agent",
        "not an arn",
        "",
    ],
)
def test_values_that_are_not_daemon_arns_parse_to_none(value: str) -> None:
    assert arns.parse_daemon_arn(value) is None


@pytest.mark.parametrize(
    ("cluster_arn", "name"),
    [
        (None, "default"),
        ("arn:aws:ecs:us-east-1:123456789012:cluster/prod", "prod"),
    ],
)
def test_cluster_name(cluster_arn: str | None, name: str) -> None:
    assert arns.cluster_name(cluster_arn) == name
