"""Validation of a CreateDaemon request against every documented rule.

botocore checks only types, required members and minimums: it sends
drainPercent 150, 51 tags or a 300-character name to AWS and lets the call fail
there, after a front end may already have changed other resources. This module
checks every rule the API reference and the developer guide state, reports all
problems at once, and names each field by its path in API terms.

Values marked :data:`~ecs_daemon_core.unknown.UNKNOWN` are not known yet (a
preview or an unresolved token) and are skipped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ecs_daemon_core import arns
from ecs_daemon_core.unknown import is_unknown

NAME_MAX = 255
CLIENT_TOKEN_MAX = 36
DRAIN_PERCENT_RANGE = (0.0, 100.0)
BAKE_TIME_RANGE = (0, 1440)
PROPAGATE_TAGS_VALUES = ("DAEMON", "NONE")
TAGS_MAX = 50
TAG_KEY_MAX = 128
TAG_VALUE_MAX = 256
ALARM_NAME_MAX = 255

_NAME_RE = re.compile(r"^[A-Za-z0-9_-]+$")
_TAG_PUNCTUATION = frozenset("+-=._:/@ ")

CREATE_FIELDS = (
    "daemonName",
    "clusterArn",
    "daemonTaskDefinitionArn",
    "capacityProviderArns",
    "deploymentConfiguration",
    "tags",
    "propagateTags",
    "enableECSManagedTags",
    "enableExecuteCommand",
    "clientToken",
    "critical",
)
REQUIRED_FIELDS = ("daemonName", "daemonTaskDefinitionArn", "capacityProviderArns")
BOOLEAN_FIELDS = ("enableECSManagedTags", "enableExecuteCommand", "critical")
DEPLOYMENT_FIELDS = ("drainPercent", "bakeTimeInMinutes", "alarms")
ALARM_FIELDS = ("alarmNames", "enable")


@dataclass(frozen=True)
class Problem:
    """One broken rule in a request."""

    field: str
    """The field's path in API terms, such as ``tags[3].key``."""
    message: str
    """What is wrong: the value received and the rule it breaks."""

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def validate_create_request(request: Mapping[str, Any]) -> list[Problem]:
    """Check a CreateDaemon request (camelCase, as in the API reference).

    Returns every problem found, in field order; an empty list means the request
    breaks no documented rule.
    """
    if not isinstance(request, Mapping):
        return [Problem("request", f"must be a mapping, got {_show(request)}")]
    problems: list[Problem] = []
    for field in request:
        if field not in CREATE_FIELDS:
            problems.append(
                Problem(
                    str(field),
                    "is not a CreateDaemon parameter; expected one of "
                    + ", ".join(CREATE_FIELDS),
                )
            )
    for field in REQUIRED_FIELDS:
        if request.get(field) is None:
            problems.append(Problem(field, "is required"))
    for field, check in _CHECKS.items():
        value = request.get(field)
        if value is None or is_unknown(value):
            continue
        problems.extend(check(field, value))
    return problems


def python_field_path(field: str) -> str:
    """The snake_case spelling of an API field path, as front ends name inputs.

    ``deploymentConfiguration.drainPercent`` becomes
    ``deployment_configuration.drain_percent``; list indexes are kept.
    """
    return re.sub(r"[A-Za-z]+", lambda m: _snake(m.group(0)), field)


def _snake(name: str) -> str:
    special = {"enableECSManagedTags": "enable_ecs_managed_tags"}
    if name in special:
        return special[name]
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _check_name(field: str, value: Any) -> list[Problem]:
    if not isinstance(value, str):
        return [_type_problem(field, value, "a string")]
    if not 1 <= len(value) <= NAME_MAX:
        return [
            Problem(
                field,
                f"must be 1 to {NAME_MAX} characters long, got {len(value)}"
                f" characters ({_show(value)})",
            )
        ]
    if not _NAME_RE.match(value):
        return [
            Problem(
                field,
                f"{_show(value)} may contain only letters, digits, '_' and '-'",
            )
        ]
    return []


def _arn_check(
    pattern: re.Pattern[str], what: str, example: str
) -> Callable[[str, Any], list[Problem]]:
    def check(field: str, value: Any) -> list[Problem]:
        if not isinstance(value, str):
            return [_type_problem(field, value, f"{what} ARN string")]
        if pattern.match(value):
            return []
        actual = arns.resource_type(value)
        found = f" (it is a {actual} ARN)" if actual else ""
        return [
            Problem(
                field,
                f"{_show(value)} is not {what} ARN{found}; expected the form {example}",
            )
        ]

    return check


_check_cluster = _arn_check(
    arns.CLUSTER_ARN, "a cluster", "arn:aws:ecs:<region>:<account>:cluster/<name>"
)
_check_task_definition = _arn_check(
    arns.DAEMON_TASK_DEFINITION_ARN,
    "a daemon task definition",
    "arn:aws:ecs:<region>:<account>:daemon-task-definition/<family>:<revision>",
)
_check_capacity_provider = _arn_check(
    arns.CAPACITY_PROVIDER_ARN,
    "a capacity provider",
    "arn:aws:ecs:<region>:<account>:capacity-provider/<name>",
)


def _check_capacity_providers(field: str, value: Any) -> list[Problem]:
    if not isinstance(value, list | tuple):
        return [_type_problem(field, value, "a list of capacity provider ARNs")]
    if not value:
        return [
            Problem(
                field,
                "must name at least one Managed Instances capacity provider, got"
                " an empty list",
            )
        ]
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, arn in enumerate(value):
        if is_unknown(arn):
            continue
        item = f"{field}[{index}]"
        problems.extend(_check_capacity_provider(item, arn))
        if isinstance(arn, str):
            if arn in seen:
                problems.append(Problem(item, f"{_show(arn)} is listed more than once"))
            seen.add(arn)
    return problems


def _check_deployment_configuration(field: str, value: Any) -> list[Problem]:
    if not isinstance(value, Mapping):
        return [_type_problem(field, value, "an object")]
    problems = [
        Problem(
            f"{field}.{key}",
            "is not a deployment configuration parameter; expected one of "
            + ", ".join(DEPLOYMENT_FIELDS),
        )
        for key in value
        if key not in DEPLOYMENT_FIELDS
    ]
    drain = value.get("drainPercent")
    if drain is not None and not is_unknown(drain):
        problems.extend(_check_drain_percent(f"{field}.drainPercent", drain))
    bake = value.get("bakeTimeInMinutes")
    if bake is not None and not is_unknown(bake):
        problems.extend(_check_bake_time(f"{field}.bakeTimeInMinutes", bake))
    alarms = value.get("alarms")
    if alarms is not None and not is_unknown(alarms):
        problems.extend(_check_alarms(f"{field}.alarms", alarms))
    return problems


def _check_drain_percent(field: str, value: Any) -> list[Problem]:
    if not _is_number(value):
        return [_type_problem(field, value, "a number")]
    low, high = DRAIN_PERCENT_RANGE
    if not low <= value <= high:
        # NOTE: the API reference models 0.0-100.0 while the developer guide
        # says 1.0-100.0 (default 25); the wider range is enforced and the
        # message mentions both so the user is not surprised by AWS.
        return [
            Problem(
                field,
                f"must be between {low:g} and {high:g} percent, got {value!r}"
                " (the developer guide gives 1.0-100.0, default 25)",
            )
        ]
    return []


def _check_bake_time(field: str, value: Any) -> list[Problem]:
    if not _is_integral(value):
        return [_type_problem(field, value, "a whole number of minutes")]
    low, high = BAKE_TIME_RANGE
    if not low <= value <= high:
        return [
            Problem(
                field,
                f"must be between {low} and {high} minutes, got {value!r}",
            )
        ]
    return []


def _check_alarms(field: str, value: Any) -> list[Problem]:
    if not isinstance(value, Mapping):
        return [_type_problem(field, value, "an object")]
    problems = [
        Problem(
            f"{field}.{key}",
            "is not an alarm configuration parameter; expected one of "
            + ", ".join(ALARM_FIELDS),
        )
        for key in value
        if key not in ALARM_FIELDS
    ]
    enable = value.get("enable")
    if enable is not None and not is_unknown(enable) and not isinstance(enable, bool):
        problems.append(_type_problem(f"{field}.enable", enable, "true or false"))
    names = value.get("alarmNames")
    if names is None or is_unknown(names):
        return problems
    if not isinstance(names, list | tuple):
        problems.append(_type_problem(f"{field}.alarmNames", names, "a list"))
        return problems
    for index, name in enumerate(names):
        item = f"{field}.alarmNames[{index}]"
        if is_unknown(name):
            continue
        if not isinstance(name, str):
            problems.append(_type_problem(item, name, "a string"))
        elif not 1 <= len(name) <= ALARM_NAME_MAX:
            problems.append(
                Problem(
                    item,
                    f"must be 1 to {ALARM_NAME_MAX} characters long, got {len(name)}",
                )
            )
    return problems


def _check_tags(field: str, value: Any) -> list[Problem]:
    if not isinstance(value, list | tuple):
        return [_type_problem(field, value, "a list of {key, value} objects")]
    problems: list[Problem] = []
    if len(value) > TAGS_MAX:
        problems.append(
            Problem(field, f"holds {len(value)} tags; at most {TAGS_MAX} are allowed")
        )
    seen: set[str] = set()
    for index, tag in enumerate(value):
        item = f"{field}[{index}]"
        if is_unknown(tag):
            continue
        if not isinstance(tag, Mapping):
            problems.append(_type_problem(item, tag, "a {key, value} object"))
            continue
        problems.extend(
            Problem(f"{item}.{key}", "is not a tag member; expected key, value")
            for key in tag
            if key not in ("key", "value")
        )
        key = tag.get("key")
        if key is None:
            problems.append(Problem(f"{item}.key", "is required"))
        elif not is_unknown(key):
            problems.extend(_check_tag_key(f"{item}.key", key))
            if isinstance(key, str):
                if key in seen:
                    problems.append(
                        Problem(f"{item}.key", f"{_show(key)} is used by another tag")
                    )
                seen.add(key)
        tag_value = tag.get("value")
        if tag_value is not None and not is_unknown(tag_value):
            problems.extend(_check_tag_value(f"{item}.value", tag_value))
    return problems


def _check_tag_key(field: str, key: Any) -> list[Problem]:
    if not isinstance(key, str):
        return [_type_problem(field, key, "a string")]
    problems = []
    if not 1 <= len(key) <= TAG_KEY_MAX:
        problems.append(
            Problem(
                field,
                f"must be 1 to {TAG_KEY_MAX} characters long, got {len(key)}",
            )
        )
    if key.lower().startswith("aws:"):
        problems.append(
            Problem(field, f"{_show(key)} uses the prefix 'aws:', reserved for AWS")
        )
    problems.extend(_check_tag_characters(field, key))
    return problems


def _check_tag_value(field: str, value: Any) -> list[Problem]:
    if not isinstance(value, str):
        return [_type_problem(field, value, "a string")]
    problems = []
    if len(value) > TAG_VALUE_MAX:
        problems.append(
            Problem(
                field,
                f"must be at most {TAG_VALUE_MAX} characters long, got {len(value)}",
            )
        )
    problems.extend(_check_tag_characters(field, value))
    return problems


def _check_tag_characters(field: str, text: str) -> list[Problem]:
    bad = sorted({ch for ch in text if not _allowed_tag_character(ch)})
    if not bad:
        return []
    return [
        Problem(
            field,
            f"{_show(text)} contains {', '.join(map(repr, bad))}; tags allow"
            " letters, digits, spaces and + - = . _ : / @",
        )
    ]


def _allowed_tag_character(ch: str) -> bool:
    return ch.isalpha() or ch.isdigit() or ch in _TAG_PUNCTUATION


def _check_propagate_tags(field: str, value: Any) -> list[Problem]:
    if value in PROPAGATE_TAGS_VALUES:
        return []
    return [
        Problem(
            field,
            f"must be one of {', '.join(PROPAGATE_TAGS_VALUES)}, got {_show(value)}",
        )
    ]


def _check_boolean(field: str, value: Any) -> list[Problem]:
    if isinstance(value, bool):
        return []
    return [_type_problem(field, value, "true or false")]


def _check_client_token(field: str, value: Any) -> list[Problem]:
    if not isinstance(value, str):
        return [_type_problem(field, value, "a string")]
    if not 1 <= len(value) <= CLIENT_TOKEN_MAX:
        return [
            Problem(
                field,
                f"must be 1 to {CLIENT_TOKEN_MAX} characters long, got {len(value)}",
            )
        ]
    if any(not 33 <= ord(ch) <= 126 for ch in value):
        return [
            Problem(
                field,
                f"{_show(value)} may contain only printable ASCII characters"
                " without spaces (codes 33 to 126)",
            )
        ]
    return []


_CHECKS: dict[str, Callable[[str, Any], list[Problem]]] = {
    "daemonName": _check_name,
    "clusterArn": _check_cluster,
    "daemonTaskDefinitionArn": _check_task_definition,
    "capacityProviderArns": _check_capacity_providers,
    "deploymentConfiguration": _check_deployment_configuration,
    "tags": _check_tags,
    "propagateTags": _check_propagate_tags,
    "enableECSManagedTags": _check_boolean,
    "enableExecuteCommand": _check_boolean,
    "clientToken": _check_client_token,
    "critical": _check_boolean,
}


def _is_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value)


def _is_integral(value: Any) -> bool:
    # Pulumi delivers every number as a float: 5.0 is a whole number of minutes.
    return _is_number(value) and float(value).is_integer()


def _type_problem(field: str, value: Any, expected: str) -> Problem:
    return Problem(
        field, f"must be {expected}, got {type(value).__name__} {_show(value)}"
    )


def _show(value: Any, limit: int = 60) -> str:
    text = repr(value)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text
