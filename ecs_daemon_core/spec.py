"""The desired state of one daemon, and the requests that create or update it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ecs_daemon_core.errors import ValidationError
from ecs_daemon_core.validation import validate_create_request


@dataclass(frozen=True)
class AlarmConfiguration:
    """CloudWatch alarms that roll a deployment back when they fire."""

    alarm_names: tuple[str, ...] = ()
    """Names of the alarms to watch."""
    enable: bool = False
    """Whether the alarms can roll a deployment back."""

    def to_request(self) -> dict[str, Any]:
        """The ``alarms`` member of a deployment configuration."""
        return {"alarmNames": list(self.alarm_names), "enable": self.enable}


@dataclass(frozen=True)
class DeploymentConfiguration:
    """How a change rolls out across the container instances."""

    drain_percent: float | None = None
    """Percent of instances drained at a time; when omitted, AWS uses 25."""
    bake_time_in_minutes: int | None = None
    """Minutes to watch a finished rollout before it succeeds."""
    alarms: AlarmConfiguration | None = None
    """Alarm-based rollback; when omitted, alarms play no part."""

    def to_request(self) -> dict[str, Any]:
        """The ``deploymentConfiguration`` member of a request."""
        request: dict[str, Any] = {}
        if self.drain_percent is not None:
            request["drainPercent"] = float(self.drain_percent)
        if self.bake_time_in_minutes is not None:
            request["bakeTimeInMinutes"] = int(self.bake_time_in_minutes)
        if self.alarms is not None:
            request["alarms"] = self.alarms.to_request()
        return request

    @classmethod
    def from_request(cls, request: Mapping[str, Any]) -> DeploymentConfiguration:
        """Build from the camelCase ``deploymentConfiguration`` member."""
        alarms = request.get("alarms")
        drain = request.get("drainPercent")
        bake = request.get("bakeTimeInMinutes")
        return cls(
            drain_percent=None if drain is None else float(drain),
            bake_time_in_minutes=None if bake is None else int(bake),
            alarms=None
            if alarms is None
            else AlarmConfiguration(
                alarm_names=tuple(alarms.get("alarmNames") or ()),
                enable=bool(alarms.get("enable", False)),
            ),
        )


@dataclass(frozen=True)
class DaemonSpec:
    """The desired daemon, as both front ends declare it.

    A field left as None is not managed: it is not sent, and a difference from
    the live value is not a change. Tags are always managed: tags not declared
    here are removed from the daemon.
    """

    daemon_name: str
    """The daemon's name, unique in its cluster; changing it replaces the daemon."""
    daemon_task_definition_arn: str
    """ARN of the daemon task definition revision to run."""
    capacity_provider_arns: tuple[str, ...]
    """Managed Instances capacity providers whose instances run the daemon."""
    cluster_arn: str | None = None
    """The cluster; when omitted, the account's default cluster."""
    deployment_configuration: DeploymentConfiguration | None = None
    """How changes roll out; when omitted, AWS defaults apply."""
    tags: tuple[tuple[str, str], ...] = field(default=())
    """Tags as (key, value) pairs, sorted by key."""
    propagate_tags: str | None = None
    """DAEMON to copy the daemon's tags to its tasks, NONE not to."""
    enable_ecs_managed_tags: bool | None = None
    """Whether ECS adds its managed tags to the tasks."""
    enable_execute_command: bool | None = None
    """Whether ECS Exec is turned on for the tasks."""
    critical: bool | None = None
    """Whether an instance whose daemon task stops is drained and replaced."""

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "capacity_provider_arns", tuple(self.capacity_provider_arns)
        )
        object.__setattr__(self, "tags", _sorted_tags(self.tags))

    @property
    def tag_map(self) -> dict[str, str]:
        """The tags as a dict."""
        return dict(self.tags)

    @classmethod
    def from_request(cls, request: Mapping[str, Any]) -> DaemonSpec:
        """Build from a CreateDaemon request, exactly as the API reference shows it.

        :raises ValidationError: with every problem in the request.
        """
        problems = validate_create_request(request)
        if problems:
            raise ValidationError(problems)
        deployment = request.get("deploymentConfiguration")
        return cls(
            daemon_name=request["daemonName"],
            daemon_task_definition_arn=request["daemonTaskDefinitionArn"],
            capacity_provider_arns=tuple(request["capacityProviderArns"]),
            cluster_arn=request.get("clusterArn"),
            deployment_configuration=None
            if deployment is None
            else DeploymentConfiguration.from_request(deployment),
            tags=tuple(
                (tag["key"], tag.get("value", "")) for tag in request.get("tags") or ()
            ),
            propagate_tags=request.get("propagateTags"),
            enable_ecs_managed_tags=request.get("enableECSManagedTags"),
            enable_execute_command=request.get("enableExecuteCommand"),
            critical=request.get("critical"),
        )

    @classmethod
    def from_kwargs(
        cls,
        *,
        daemon_name: str,
        daemon_task_definition_arn: str,
        capacity_provider_arns: Iterable[str],
        cluster_arn: str | None = None,
        deployment_configuration: Mapping[str, Any]
        | DeploymentConfiguration
        | None = None,
        tags: Mapping[str, str] | None = None,
        propagate_tags: str | None = None,
        enable_ecs_managed_tags: bool | None = None,
        enable_execute_command: bool | None = None,
        critical: bool | None = None,
    ) -> DaemonSpec:
        """Build from Python keyword arguments (snake_case, tags as a dict).

        ``deployment_configuration`` is a :class:`DeploymentConfiguration` or a
        dict with ``drain_percent``, ``bake_time_in_minutes`` and ``alarms``
        (``alarm_names``, ``enable``).

        :raises ValidationError: with every problem in the arguments.
        """
        return cls.from_request(
            request_from_kwargs(
                daemon_name=daemon_name,
                daemon_task_definition_arn=daemon_task_definition_arn,
                capacity_provider_arns=capacity_provider_arns,
                cluster_arn=cluster_arn,
                deployment_configuration=deployment_configuration,
                tags=tags,
                propagate_tags=propagate_tags,
                enable_ecs_managed_tags=enable_ecs_managed_tags,
                enable_execute_command=enable_execute_command,
                critical=critical,
            )
        )

    def to_request(self) -> dict[str, Any]:
        """The CreateDaemon request of this spec, without a client token."""
        request: dict[str, Any] = {"daemonName": self.daemon_name}
        if self.cluster_arn is not None:
            request["clusterArn"] = self.cluster_arn
        request.update(self._settings())
        if self.tags:
            request["tags"] = [{"key": k, "value": v} for k, v in self.tags]
        return request

    def to_create_request(self, client_token: str | None = None) -> dict[str, Any]:
        """The CreateDaemon request; a stable ``client_token`` makes it idempotent."""
        request = self.to_request()
        if client_token is not None:
            request["clientToken"] = client_token
        return request

    def to_update_request(self, daemon_arn: str) -> dict[str, Any]:
        """The UpdateDaemon request: the whole desired state, never a delta.

        UpdateDaemon requires the task definition and capacity providers in every
        call, and settings left out may revert, so everything declared is sent.
        """
        return {"daemonArn": daemon_arn, **self._settings()}

    def _settings(self) -> dict[str, Any]:
        settings: dict[str, Any] = {
            "daemonTaskDefinitionArn": self.daemon_task_definition_arn,
            "capacityProviderArns": list(self.capacity_provider_arns),
        }
        if self.deployment_configuration is not None:
            settings["deploymentConfiguration"] = (
                self.deployment_configuration.to_request()
            )
        optional = {
            "propagateTags": self.propagate_tags,
            "enableECSManagedTags": self.enable_ecs_managed_tags,
            "enableExecuteCommand": self.enable_execute_command,
            "critical": self.critical,
        }
        settings.update({k: v for k, v in optional.items() if v is not None})
        return settings


def request_from_kwargs(
    *,
    daemon_name: Any = None,
    daemon_task_definition_arn: Any = None,
    capacity_provider_arns: Any = None,
    cluster_arn: Any = None,
    deployment_configuration: Any = None,
    tags: Any = None,
    propagate_tags: Any = None,
    enable_ecs_managed_tags: Any = None,
    enable_execute_command: Any = None,
    critical: Any = None,
    client_token: Any = None,
) -> dict[str, Any]:
    """Translate snake_case keyword arguments into a CreateDaemon request.

    Values are passed through unchanged (so that validation can report them),
    None means "not given", and a tags mapping becomes the key/value list.
    """
    candidates: dict[str, Any] = {
        "daemonName": daemon_name,
        "clusterArn": cluster_arn,
        "daemonTaskDefinitionArn": daemon_task_definition_arn,
        "capacityProviderArns": _listed(capacity_provider_arns),
        "deploymentConfiguration": _deployment_request(deployment_configuration),
        "tags": _tag_list(tags),
        "propagateTags": propagate_tags,
        "enableECSManagedTags": enable_ecs_managed_tags,
        "enableExecuteCommand": enable_execute_command,
        "clientToken": client_token,
        "critical": critical,
    }
    return {k: v for k, v in candidates.items() if v is not None}


def _listed(value: Any) -> Any:
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    return value


def _tag_list(tags: Any) -> Any:
    if isinstance(tags, Mapping):
        return [{"key": k, "value": v} for k, v in tags.items()]
    return tags


def _deployment_request(config: Any) -> Any:
    if isinstance(config, DeploymentConfiguration):
        return config.to_request()
    if not isinstance(config, Mapping):
        return config
    names = {
        "drain_percent": "drainPercent",
        "bake_time_in_minutes": "bakeTimeInMinutes",
        "alarms": "alarms",
    }
    request = {names.get(k, k): v for k, v in config.items() if v is not None}
    alarms = request.get("alarms")
    if isinstance(alarms, AlarmConfiguration):
        request["alarms"] = alarms.to_request()
    elif isinstance(alarms, Mapping):
        alarm_names = {"alarm_names": "alarmNames"}
        request["alarms"] = {
            alarm_names.get(k, k): _listed(v)
            for k, v in alarms.items()
            if v is not None
        }
    return request


def _sorted_tags(tags: Any) -> tuple[tuple[str, str], ...]:
    pairs = tags.items() if isinstance(tags, Mapping) else tags
    return tuple(sorted((str(k), str(v)) for k, v in pairs))
