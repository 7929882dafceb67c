"""The plan of a change from one desired daemon to another.

The plan decides what a change costs, because the costs differ sharply:

* a new name or cluster needs a new daemon (the API sets both only at creation);
* any other setting changes in place through UpdateDaemon, which starts a
  deployment that drains and replaces container instances;
* tags change through TagResource and UntagResource and start no deployment.

So a change that touches only tags, or nothing, must never plan an UpdateDaemon.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ecs_daemon_core import arns
from ecs_daemon_core.spec import DaemonSpec, DeploymentConfiguration

REPLACE_FIELDS = ("daemonName", "clusterArn")
UPDATE_FIELDS = (
    "daemonTaskDefinitionArn",
    "capacityProviderArns",
    "deploymentConfiguration",
    "propagateTags",
    "enableECSManagedTags",
    "enableExecuteCommand",
    "critical",
)


@dataclass(frozen=True)
class Plan:
    """What it takes to turn one daemon into another."""

    replaces: tuple[str, ...] = ()
    """Fields (API names) whose change needs a new daemon."""
    updates: tuple[str, ...] = ()
    """Fields (API names) that change in place through UpdateDaemon."""
    tags_to_set: dict[str, str] = field(default_factory=dict)
    """Tags to add or change through TagResource."""
    tags_to_remove: tuple[str, ...] = ()
    """Tag keys to remove through UntagResource."""
    delete_before_replace: bool = False
    """Whether the old daemon must go first: the new one takes its name in its
    cluster, where names are unique."""

    @property
    def needs_replace(self) -> bool:
        """Whether the change needs a new daemon."""
        return bool(self.replaces)

    @property
    def needs_update(self) -> bool:
        """Whether the change needs UpdateDaemon (and so a deployment)."""
        return bool(self.updates) and not self.replaces

    @property
    def changes_tags(self) -> bool:
        """Whether the change touches tags."""
        return bool(self.tags_to_set or self.tags_to_remove)

    @property
    def is_noop(self) -> bool:
        """Whether nothing changes."""
        return not (self.replaces or self.updates or self.changes_tags)

    @property
    def changed_fields(self) -> tuple[str, ...]:
        """Every changed field in API terms, ``tags`` included."""
        tags = ("tags",) if self.changes_tags else ()
        return self.replaces + self.updates + tags


def plan_change(old: DaemonSpec, new: DaemonSpec) -> Plan:
    """Plan the change from ``old`` to ``new``.

    Capacity providers compare as sets. A setting that ``new`` leaves as None is
    not managed and never plans a change.
    """
    replaces = []
    if old.daemon_name != new.daemon_name:
        replaces.append("daemonName")
    same_cluster = _same_cluster(old.cluster_arn, new.cluster_arn)
    if not same_cluster:
        replaces.append("clusterArn")

    updates = []
    if old.daemon_task_definition_arn != new.daemon_task_definition_arn:
        updates.append("daemonTaskDefinitionArn")
    if set(old.capacity_provider_arns) != set(new.capacity_provider_arns):
        updates.append("capacityProviderArns")
    if _deployment_changed(old.deployment_configuration, new.deployment_configuration):
        updates.append("deploymentConfiguration")
    flags = {
        "propagateTags": (old.propagate_tags, new.propagate_tags),
        "enableECSManagedTags": (
            old.enable_ecs_managed_tags,
            new.enable_ecs_managed_tags,
        ),
        "enableExecuteCommand": (
            old.enable_execute_command,
            new.enable_execute_command,
        ),
        "critical": (old.critical, new.critical),
    }
    updates.extend(name for name, pair in flags.items() if _changed(*pair))

    old_tags, new_tags = old.tag_map, new.tag_map
    return Plan(
        replaces=tuple(replaces),
        updates=tuple(updates),
        tags_to_set={k: v for k, v in new_tags.items() if old_tags.get(k) != v},
        tags_to_remove=tuple(sorted(set(old_tags) - set(new_tags))),
        # Names are unique per cluster: a new daemon that keeps the name and the
        # cluster name cannot exist beside the old one. Comparing cluster names
        # is conservative: same-named clusters elsewhere only cost an outage.
        delete_before_replace=bool(replaces)
        and old.daemon_name == new.daemon_name
        and arns.cluster_name(old.cluster_arn) == arns.cluster_name(new.cluster_arn),
    )


def _same_cluster(old: str | None, new: str | None) -> bool:
    # An omitted cluster is the default cluster: naming it explicitly is no move.
    if old is None or new is None:
        return arns.cluster_name(old) == arns.cluster_name(new)
    return old == new


def _changed(before: object, after: object) -> bool:
    return after is not None and before != after


def _deployment_changed(
    old: DeploymentConfiguration | None, new: DeploymentConfiguration | None
) -> bool:
    if new is None:
        return False
    old = old or DeploymentConfiguration()
    return (
        _changed(old.drain_percent, new.drain_percent)
        or _changed(old.bake_time_in_minutes, new.bake_time_in_minutes)
        or _changed(old.alarms, new.alarms)
    )
