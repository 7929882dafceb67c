"""The Daemon resource's property bag, and its translation to and from the core.

The engine hands the provider plain dicts keyed by the input names below
(snake_case), with every number as a float and, during a preview, Pulumi's
unknown marker wherever a value is not known yet. This module turns such a bag
into the core's request and spec, checks the settings that only the provider
reads, and renders a spec or a live daemon back into JSON-safe outputs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pulumi.output import Unknown
from pulumi.runtime import rpc

from ecs_daemon_core import (
    UNKNOWN,
    DaemonSpec,
    LiveDaemon,
    Problem,
    contains_unknown,
    is_unknown,
    python_field_path,
    request_from_kwargs,
    validate_create_request,
)
from ecs_daemon_core.arns import DAEMON_ARN

SPEC_INPUTS = (
    "daemon_name",
    "cluster_arn",
    "daemon_task_definition_arn",
    "capacity_provider_arns",
    "deployment_configuration",
    "tags",
    "propagate_tags",
    "enable_ecs_managed_tags",
    "enable_execute_command",
    "critical",
)
"""Inputs that describe the daemon itself; each maps to a CreateDaemon field."""

PROVIDER_INPUTS = (
    "wait_for_deployment",
    "deployment_timeout_minutes",
    "region",
    "adopt_existing",
    "import_daemon_arn",
    "resource_name",
)
"""Inputs that steer the provider; none of them is sent to ECS."""

INPUTS = SPEC_INPUTS + PROVIDER_INPUTS

STATE_OUTPUTS = (
    "daemon_arn",
    "deployment_arn",
    "deployment_status",
    "status",
    "created_at",
    "updated_at",
)
"""Outputs that only ECS knows; every input is echoed as an output too."""

REPLACE_INPUTS = {"daemonName": "daemon_name", "clusterArn": "cluster_arn"}
"""API fields whose change needs a new daemon, by input name."""

DEFAULT_TIMEOUT_MINUTES = 60.0
MAX_TIMEOUT_MINUTES = 24 * 60.0
_REGION_RE = re.compile(r"^[a-z]{2}(?:-[a-z]+)+-\d+$")
_TAGS_PATH = re.compile(r"^tags\[(\d+)\]")


@dataclass(frozen=True)
class ProviderSettings:
    """The provider-only inputs of one resource, with their defaults applied."""

    wait_for_deployment: bool = True
    """Whether create and update wait for the deployment to succeed."""
    deployment_timeout_seconds: float = DEFAULT_TIMEOUT_MINUTES * 60
    """How long a wait for a deployment or a deletion may last."""
    region: str | None = None
    """The region asked for by the input; None to use config or environment."""
    adopt_existing: bool = False
    """Whether create takes over a daemon of the same name and cluster."""
    import_daemon_arn: str | None = None
    """A daemon that create takes over instead of making one."""
    resource_name: str = ""
    """The Pulumi resource name (no URN reaches a dynamic provider)."""

    @classmethod
    def from_props(cls, props: Mapping[str, Any]) -> ProviderSettings:
        """Read the settings of a (checked, fully known) property bag."""
        timeout = props.get("deployment_timeout_minutes")
        return cls(
            wait_for_deployment=props.get("wait_for_deployment") is not False,
            deployment_timeout_seconds=60.0
            * (DEFAULT_TIMEOUT_MINUTES if timeout is None else float(timeout)),
            region=props.get("region") or None,
            adopt_existing=props.get("adopt_existing") is True,
            import_daemon_arn=props.get("import_daemon_arn") or None,
            resource_name=str(props.get("resource_name") or ""),
        )


def from_engine(value: Any) -> Any:
    """A property value with Pulumi's unknowns replaced by the core's marker.

    Check and Diff receive :class:`pulumi.output.Unknown` objects during a
    preview; the raw sentinel string can appear too when a bag was not
    deserialised by the SDK.
    """
    if isinstance(value, Unknown) or value == rpc.UNKNOWN:
        return UNKNOWN
    if isinstance(value, Mapping):
        return {k: from_engine(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [from_engine(item) for item in value]
    return value


def unknown_inputs(props: Mapping[str, Any]) -> frozenset[str]:
    """Inputs whose value is, or holds, an unknown (after :func:`from_engine`)."""
    return frozenset(name for name in INPUTS if contains_unknown(props.get(name)))


def request_from_props(props: Mapping[str, Any]) -> dict[str, Any]:
    """The camelCase CreateDaemon request of a bag, values passed through."""
    return request_from_kwargs(**{name: props.get(name) for name in SPEC_INPUTS})


def spec_from_props(props: Mapping[str, Any]) -> DaemonSpec:
    """The desired daemon of a fully known bag.

    :raises ValidationError: when the bag breaks a rule.
    """
    return DaemonSpec.from_request(request_from_props(props))


def problems_of(props: Mapping[str, Any]) -> list[Problem]:
    """Every broken rule in a bag, each named by its input path.

    Unknown values are skipped. Daemon settings are checked by the core;
    provider settings here.
    """
    request = request_from_props(props)
    problems = [
        Problem(_input_path(problem.field, props), problem.message)
        for problem in validate_create_request(request)
    ]
    problems.extend(_provider_problems(props))
    return problems


def spec_to_props(spec: DaemonSpec) -> dict[str, Any]:
    """The daemon inputs of a spec, JSON-safe; settings left as None are left out."""
    props: dict[str, Any] = {
        "daemon_name": spec.daemon_name,
        "cluster_arn": spec.cluster_arn,
        "daemon_task_definition_arn": spec.daemon_task_definition_arn,
        "capacity_provider_arns": list(spec.capacity_provider_arns),
        "tags": spec.tag_map,
        "propagate_tags": spec.propagate_tags,
        "enable_ecs_managed_tags": spec.enable_ecs_managed_tags,
        "enable_execute_command": spec.enable_execute_command,
        "critical": spec.critical,
    }
    config = spec.deployment_configuration
    if config is not None:
        rendered: dict[str, Any] = {}
        if config.drain_percent is not None:
            rendered["drain_percent"] = float(config.drain_percent)
        if config.bake_time_in_minutes is not None:
            rendered["bake_time_in_minutes"] = int(config.bake_time_in_minutes)
        if config.alarms is not None:
            rendered["alarms"] = {
                "alarm_names": list(config.alarms.alarm_names),
                "enable": config.alarms.enable,
            }
        props["deployment_configuration"] = rendered
    return {k: v for k, v in props.items() if v is not None}


def live_outputs(
    previous: Mapping[str, Any], live: LiveDaemon, region: str | None
) -> dict[str, Any]:
    """Outputs after a refresh: the previous outputs overlaid with the live state.

    Every setting ECS reports replaces the recorded one, so drift shows. A
    setting ECS does not report keeps its recorded value; so do the provider
    inputs. The recorded capacity provider order is kept when only the order
    differs, since order carries no meaning.
    """
    outputs = {k: v for k, v in previous.items() if not k.startswith("__")}
    outputs.update(spec_to_props(live.spec))
    recorded = previous.get("capacity_provider_arns")
    if isinstance(recorded, list) and set(recorded) == set(
        live.spec.capacity_provider_arns
    ):
        outputs["capacity_provider_arns"] = list(recorded)
    outputs.update(
        daemon_arn=live.daemon_arn,
        status=live.status,
        deployment_arn=live.deployment_arn,
        deployment_status=live.deployment_status,
        created_at=live.created_at,
        updated_at=live.updated_at,
        region=region or previous.get("region"),
    )
    return clean_outputs(outputs)


def clean_outputs(outputs: Mapping[str, Any]) -> dict[str, Any]:
    """Outputs without None values (a missing output), JSON-safe."""
    return {str(k): json_safe(v) for k, v in outputs.items() if v is not None}


def json_safe(value: Any) -> Any:
    """A copy of ``value`` holding only JSON types, integral floats kept as floats.

    The engine stores outputs as JSON: tuples become lists, other objects
    their ISO or string form.
    """
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    isoformat = getattr(value, "isoformat", None)
    return isoformat() if callable(isoformat) else str(value)


def _input_path(field: str, props: Mapping[str, Any]) -> str:
    # The core numbers tags by position in the key/value list it built from
    # the dict; users wrote a dict, so name the tag by its key instead.
    match = _TAGS_PATH.match(field)
    tags = props.get("tags")
    if match and isinstance(tags, Mapping):
        keys = list(tags)
        index = int(match.group(1))
        if index < len(keys):
            rest = python_field_path(field[match.end() :])
            return f"tags[{keys[index]!r}]{rest}"
    return python_field_path(field)


def _provider_problems(props: Mapping[str, Any]) -> list[Problem]:
    problems = []
    for name in ("wait_for_deployment", "adopt_existing"):
        value = props.get(name)
        if _given(value) and not isinstance(value, bool):
            problems.append(Problem(name, f"must be true or false, got {value!r}"))

    timeout = props.get("deployment_timeout_minutes")
    if _given(timeout) and not _in_range(timeout, 0, MAX_TIMEOUT_MINUTES):
        problems.append(
            Problem(
                "deployment_timeout_minutes",
                f"must be a number of minutes above 0 and at most"
                f" {MAX_TIMEOUT_MINUTES:g}, got {timeout!r}",
            )
        )

    region = props.get("region")
    if _given(region) and not (isinstance(region, str) and _REGION_RE.match(region)):
        problems.append(
            Problem("region", f"must be a region name like us-east-1, got {region!r}")
        )

    arn = props.get("import_daemon_arn")
    if _given(arn) and not (isinstance(arn, str) and DAEMON_ARN.match(arn)):
        problems.append(
            Problem(
                "import_daemon_arn",
                f"{arn!r} is not a daemon ARN; expected the form"
                " arn:aws:ecs:<region>:<account>:daemon/<cluster>/<name>",
            )
        )
    if _given(arn) and props.get("adopt_existing") is True:
        problems.append(
            Problem(
                "adopt_existing",
                "cannot be combined with import_daemon_arn; set only one of them",
            )
        )
    return problems


def _given(value: Any) -> bool:
    return value is not None and not is_unknown(value)


def _in_range(value: Any, low: float, high: float) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value) and low < value <= high
