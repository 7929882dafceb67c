from __future__ import annotations

from typing import Any

import pytest

from ecs_daemon_core import UNKNOWN, Problem, validate_create_request
from ecs_daemon_core.validation import python_field_path
from tests.unit.samples import (
    CAPACITY_PROVIDER_A,
    DOCUMENTED_REQUEST,
    PREFIX,
    request,
)


def _deployment(**members: Any) -> dict[str, Any]:
    return request(deploymentConfiguration=members)


def _tags(count: int) -> list[dict[str, str]]:
    return [{"key": f"k{i}", "value": "v"} for i in range(count)]


def test_documented_request_has_no_problem() -> None:
    assert validate_create_request(DOCUMENTED_REQUEST) == []


def test_minimal_request_has_no_problem() -> None:
    minimal = {
        key: DOCUMENTED_REQUEST[key]
        for key in ("daemonName", "daemonTaskDefinitionArn", "capacityProviderArns")
    }
    assert validate_create_request(minimal) == []


# Each request breaks exactly one rule; the problem names the field, the value
# (or its size) and the rule.
ONE_PROBLEM_CASES = [
    ("name of 256 characters", request(daemonName="a" * 256), "daemonName", "256"),
    ("name with a space", request(daemonName="my agent"), "daemonName", "'my agent'"),
    ("empty name", request(daemonName=""), "daemonName", "1 to 255"),
    (
        "no capacity provider",
        request(capacityProviderArns=[]),
        "capacityProviderArns",
        "at least one",
    ),
    (
        "duplicated capacity provider",
        request(capacityProviderArns=[CAPACITY_PROVIDER_A, CAPACITY_PROVIDER_A]),
        "capacityProviderArns[1]",
        "more than once",
    ),
    (
        "capacity provider that is a cluster ARN",
        request(capacityProviderArns=[f"{PREFIX}:cluster/x"]),
        "capacityProviderArns[0]",
        "cluster ARN",
    ),
    (
        "drainPercent 100.5",
        _deployment(drainPercent=100.5),
        "deploymentConfiguration.drainPercent",
        "100.5",
    ),
    (
        "drainPercent -1",
        _deployment(drainPercent=-1),
        "deploymentConfiguration.drainPercent",
        "-1",
    ),
    (
        "drainPercent 150",
        _deployment(drainPercent=150),
        "deploymentConfiguration.drainPercent",
        "1.0-100.0",
    ),
    (
        "drainPercent as a string",
        _deployment(drainPercent="25"),
        "deploymentConfiguration.drainPercent",
        "a number",
    ),
    (
        "bakeTimeInMinutes 1441",
        _deployment(bakeTimeInMinutes=1441),
        "deploymentConfiguration.bakeTimeInMinutes",
        "1441",
    ),
    (
        "bakeTimeInMinutes 99999",
        _deployment(bakeTimeInMinutes=99999),
        "deploymentConfiguration.bakeTimeInMinutes",
        "0 and 1440",
    ),
    (
        "bakeTimeInMinutes with a fraction",
        _deployment(bakeTimeInMinutes=1.5),
        "deploymentConfiguration.bakeTimeInMinutes",
        "whole number",
    ),
    (
        "alarms.enable as a string",
        _deployment(alarms={"alarmNames": ["a"], "enable": "yes"}),
        "deploymentConfiguration.alarms.enable",
        "'yes'",
    ),
    (
        "unknown deployment member",
        _deployment(maximumPercent=200),
        "deploymentConfiguration.maximumPercent",
        "not a deployment configuration parameter",
    ),
    (
        "propagateTags SERVICE",
        request(propagateTags="SERVICE"),
        "propagateTags",
        "'SERVICE'",
    ),
    (
        "client token of 37 characters",
        request(clientToken="t" * 37),
        "clientToken",
        "37",
    ),
    (
        "client token with a space",
        request(clientToken="my token"),
        "clientToken",
        "33 to 126",
    ),
    (
        "client token with a non-ASCII character",
        request(clientToken="tökén"),
        "clientToken",
        "printable ASCII",
    ),
    ("51 tags", request(tags=_tags(51)), "tags", "51 tags"),
    (
        "tag key aws:team",
        request(tags=[{"key": "aws:team", "value": "x"}]),
        "tags[0].key",
        "'aws:'",
    ),
    (
        "tag key AWS:team in upper case",
        request(tags=[{"key": "AWS:team", "value": "x"}]),
        "tags[0].key",
        "'aws:'",
    ),
    (
        "tag key of 129 characters",
        request(tags=[{"key": "k" * 129, "value": "x"}]),
        "tags[0].key",
        "129",
    ),
    (
        "empty tag key",
        request(tags=[{"key": "", "value": "x"}]),
        "tags[0].key",
        "1 to 128",
    ),
    (
        "tag value of 257 characters",
        request(tags=[{"key": "k", "value": "v" * 257}]),
        "tags[0].value",
        "257",
    ),
    (
        "tag value with a disallowed character",
        request(tags=[{"key": "k", "value": "a;b"}]),
        "tags[0].value",
        "';'",
    ),
    (
        "duplicated tag key",
        request(tags=[{"key": "team", "value": "a"}, {"key": "team", "value": "b"}]),
        "tags[1].key",
        "another tag",
    ),
    (
        "cluster ARN that is a task definition ARN",
        request(clusterArn=f"{PREFIX}:task-definition/web:1"),
        "clusterArn",
        "task-definition ARN",
    ),
    (
        "daemon task definition ARN that is a regular task definition ARN",
        request(daemonTaskDefinitionArn=f"{PREFIX}:task-definition/agent:1"),
        "daemonTaskDefinitionArn",
        "task-definition ARN",
    ),
    (
        "daemon task definition without a revision",
        request(daemonTaskDefinitionArn=f"{PREFIX}:daemon-task-definition/agent"),
        "daemonTaskDefinitionArn",
        "<family>:<revision>",
    ),
    (
        "critical as a string",
        request(critical="true"),
        "critical",
        "true or false",
    ),
    (
        "unknown top-level field",
        request(desiredCount=3),
        "desiredCount",
        "not a CreateDaemon parameter",
    ),
    ("missing name", request(daemonName=...), "daemonName", "is required"),
    (
        "missing task definition",
        request(daemonTaskDefinitionArn=...),
        "daemonTaskDefinitionArn",
        "is required",
    ),
    (
        "missing capacity providers",
        request(capacityProviderArns=...),
        "capacityProviderArns",
        "is required",
    ),
    (
        "capacity providers as a string",
        request(capacityProviderArns=CAPACITY_PROVIDER_A),
        "capacityProviderArns",
        "a list",
    ),
]


@pytest.mark.parametrize(
    ("case", "bad_request", "field", "mentions"),
    ONE_PROBLEM_CASES,
    ids=[case[0] for case in ONE_PROBLEM_CASES],
)
def test_each_broken_rule_is_one_problem_naming_its_field(
    case: str, bad_request: dict[str, Any], field: str, mentions: str
) -> None:
    problems = validate_create_request(bad_request)

    assert [p.field for p in problems] == [field], problems
    assert mentions in problems[0].message


def test_several_faults_are_all_reported_in_one_call() -> None:
    bad = request(
        daemonName="has space",
        capacityProviderArns=[],
        propagateTags="SERVICE",
        clientToken="x" * 40,
        deploymentConfiguration={"drainPercent": 150, "bakeTimeInMinutes": -5},
        tags=[{"key": "aws:x", "value": "1"}],
    )

    fields = [p.field for p in validate_create_request(bad)]

    assert fields == [
        "daemonName",
        "capacityProviderArns",
        "deploymentConfiguration.drainPercent",
        "deploymentConfiguration.bakeTimeInMinutes",
        "tags[0].key",
        "propagateTags",
        "clientToken",
    ]


@pytest.mark.parametrize(
    "value",
    [0, 0.0, 1, 25.5, 100, 100.0],
)
def test_drain_percent_bounds_are_inclusive(value: float) -> None:
    assert validate_create_request(_deployment(drainPercent=value)) == []


@pytest.mark.parametrize("value", [0, 1440, 5.0])
def test_bake_time_bounds_are_inclusive_and_whole_floats_pass(value: float) -> None:
    assert validate_create_request(_deployment(bakeTimeInMinutes=value)) == []


def test_exactly_fifty_tags_and_limits_pass() -> None:
    tags = [*_tags(49), {"key": "k" * 128, "value": "v" * 256}]

    assert validate_create_request(request(tags=tags)) == []


def test_tags_allow_unicode_letters_spaces_and_documented_punctuation() -> None:
    tags = [{"key": "Équipe café", "value": "a+b-c=d.e_f:g/h@i 9"}]

    assert validate_create_request(request(tags=tags)) == []


def test_capacity_provider_arn_scoped_to_a_cluster_passes() -> None:
    scoped = f"{PREFIX}:capacity-provider/production/mi-general"

    assert validate_create_request(request(capacityProviderArns=[scoped])) == []


@pytest.mark.parametrize(
    "partition_region",
    ["aws-cn:ecs:cn-north-1", "aws-us-gov:ecs:us-gov-west-1", "aws:ecs:eu-west-3"],
)
def test_arns_in_other_partitions_and_regions_pass(partition_region: str) -> None:
    prefix = f"arn:{partition_region}:123456789012"
    bad = request(
        clusterArn=f"{prefix}:cluster/c",
        daemonTaskDefinitionArn=f"{prefix}:daemon-task-definition/f:1",
        capacityProviderArns=[f"{prefix}:capacity-provider/cp"],
    )

    assert validate_create_request(bad) == []


def test_unknown_values_are_skipped_at_every_depth() -> None:
    partial = request(
        daemonName=UNKNOWN,
        clusterArn=UNKNOWN,
        capacityProviderArns=[UNKNOWN, CAPACITY_PROVIDER_A],
        deploymentConfiguration={"drainPercent": UNKNOWN, "alarms": UNKNOWN},
        tags=[{"key": UNKNOWN, "value": UNKNOWN}, UNKNOWN],
        critical=UNKNOWN,
    )

    assert validate_create_request(partial) == []


def test_unknown_values_do_not_hide_problems_elsewhere() -> None:
    partial = request(daemonName=UNKNOWN, propagateTags="ALL")

    assert [p.field for p in validate_create_request(partial)] == ["propagateTags"]


def test_request_that_is_not_a_mapping_is_one_problem() -> None:
    problems = validate_create_request(["not", "a", "request"])  # type: ignore[arg-type]

    assert problems == [
        Problem("request", "must be a mapping, got ['not', 'a', 'request']")
    ]


def test_problem_reads_as_field_then_message() -> None:
    assert str(Problem("daemonName", "is required")) == "daemonName: is required"


def test_long_values_are_shortened_in_messages() -> None:
    (problem,) = validate_create_request(request(daemonName="x y" * 200))

    assert len(problem.message) < 200


@pytest.mark.parametrize(
    ("api", "python"),
    [
        ("daemonName", "daemon_name"),
        ("enableECSManagedTags", "enable_ecs_managed_tags"),
        (
            "deploymentConfiguration.alarms.alarmNames[2]",
            "deployment_configuration.alarms.alarm_names[2]",
        ),
        ("tags[3].key", "tags[3].key"),
    ],
)
def test_python_field_path_spells_api_paths_in_snake_case(
    api: str, python: str
) -> None:
    assert python_field_path(api) == python


def test_field_lists_match_the_botocore_model() -> None:
    import botocore.session

    from ecs_daemon_core import validation

    model = botocore.session.get_session().get_service_model("ecs")
    create = model.operation_model("CreateDaemon").input_shape
    deployment = create.members["deploymentConfiguration"]

    assert set(validation.CREATE_FIELDS) == set(create.members)
    assert set(validation.REQUIRED_FIELDS) == set(create.required_members)
    assert set(validation.DEPLOYMENT_FIELDS) == set(deployment.members)
    assert set(validation.ALARM_FIELDS) == set(deployment.members["alarms"].members)
    assert set(validation.PROPAGATE_TAGS_VALUES) == set(
        create.members["propagateTags"].enum
    )
