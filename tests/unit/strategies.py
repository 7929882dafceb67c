"""Hypothesis strategies for CreateDaemon requests, valid and nearly valid."""

from __future__ import annotations

import string
from typing import Any

from hypothesis import strategies as st

NAME_ALPHABET = string.ascii_letters + string.digits + "_-"
TAG_ALPHABET = string.ascii_letters + string.digits + " +-=._:/@é"

regions = st.sampled_from(["us-east-1", "eu-west-3", "ap-southeast-2"])
accounts = st.sampled_from(["123456789012", "000000000000"])
names = st.text(NAME_ALPHABET, min_size=1, max_size=40)


def arn(resource: str, tail: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda region, account, rest: (
            f"arn:aws:ecs:{region}:{account}:{resource}/{rest}"
        ),
        regions,
        accounts,
        tail,
    )


clusters = arn("cluster", names)
capacity_providers = arn("capacity-provider", names)
task_definitions = arn(
    "daemon-task-definition",
    st.builds(lambda f, r: f"{f}:{r}", names, st.integers(1, 999)),
)


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


# Values that break a rule more often than not: they exercise the rejections.
loose_numbers = st.one_of(
    st.floats(-50, 200, allow_nan=False), st.integers(-10, 2000), st.just("25")
)
loose_strings = st.one_of(names, st.text(max_size=40), st.just(""))

deployment_configurations = st.fixed_dictionaries(
    {},
    optional={
        "drainPercent": st.one_of(st.floats(0, 100), loose_numbers),
        "bakeTimeInMinutes": st.one_of(st.integers(0, 1440), loose_numbers),
        "alarms": st.fixed_dictionaries(
            {},
            optional={
                "alarmNames": st.lists(names, max_size=3),
                "enable": st.one_of(st.booleans(), st.just("yes")),
            },
        ),
    },
)

tags = st.lists(
    st.fixed_dictionaries(
        {
            "key": st.one_of(
                st.text(TAG_ALPHABET, min_size=1, max_size=20), st.just("aws:x")
            ),
            "value": st.text(TAG_ALPHABET, max_size=20),
        }
    ),
    max_size=6,
)

create_requests = st.fixed_dictionaries(
    {
        "daemonName": st.one_of(names, loose_strings),
        "daemonTaskDefinitionArn": st.one_of(task_definitions, loose_strings),
        "capacityProviderArns": st.lists(capacity_providers, max_size=3),
    },
    optional={
        "clusterArn": st.one_of(clusters, loose_strings),
        "deploymentConfiguration": deployment_configurations,
        "tags": tags,
        "propagateTags": st.sampled_from(["DAEMON", "NONE", "SERVICE"]),
        "enableECSManagedTags": st.booleans(),
        "enableExecuteCommand": st.booleans(),
        "critical": st.one_of(st.booleans(), st.just(1)),
        "clientToken": st.text(
            st.characters(min_codepoint=32, max_codepoint=130), min_size=1, max_size=40
        ),
    },
)

valid_requests = st.fixed_dictionaries(
    {
        "daemonName": names,
        "daemonTaskDefinitionArn": task_definitions,
        "capacityProviderArns": st.lists(
            capacity_providers, min_size=1, max_size=3, unique=True
        ),
    },
    optional={
        "clusterArn": clusters,
        "deploymentConfiguration": st.fixed_dictionaries(
            {},
            optional={
                "drainPercent": st.floats(0, 100),
                "bakeTimeInMinutes": st.integers(0, 1440),
                "alarms": st.fixed_dictionaries(
                    {"alarmNames": st.lists(names, max_size=3), "enable": st.booleans()}
                ),
            },
        ),
        "tags": st.lists(
            st.fixed_dictionaries(
                {
                    "key": st.text(TAG_ALPHABET, min_size=1, max_size=10).filter(
                        lambda k: not k.lower().startswith("aws:")
                    ),
                    "value": st.text(TAG_ALPHABET, max_size=10),
                }
            ),
            max_size=5,
            unique_by=lambda tag: tag["key"],
        ),
        "propagateTags": st.sampled_from(["DAEMON", "NONE"]),
        "enableECSManagedTags": st.booleans(),
        "enableExecuteCommand": st.booleans(),
        "critical": st.booleans(),
        "clientToken": st.text(
            st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=36
        ),
    },
)
