"""Names the provider derives: auto-names and the names an imported ARN implies.

Pulumi resources are auto-named by convention: when ``daemon_name`` is left
out, the name is the resource name plus a random suffix, chosen once and kept
for the life of the resource so that an update never renames (and so never
replaces) the daemon.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Mapping
from typing import Any

from ecs_daemon_core import arns
from ecs_daemon_core.validation import NAME_MAX

SUFFIX_LENGTH = 7
_NOT_NAME_CHARACTER = re.compile(r"[^A-Za-z0-9_-]+")


def random_suffix() -> str:
    """Seven random lowercase hex digits, as Pulumi's own auto-names use."""
    return secrets.token_hex(4)[:SUFFIX_LENGTH]


def auto_name(resource_name: str, suffix: Callable[[], str] = random_suffix) -> str:
    """A daemon name made from a resource name and a random suffix.

    Characters a daemon name cannot hold become ``-`` and the stem is cut so
    that the whole name fits the 255-character limit.
    """
    stem = _NOT_NAME_CHARACTER.sub("-", resource_name).strip("-") or "daemon"
    stem = stem[: NAME_MAX - SUFFIX_LENGTH - 1]
    return f"{stem}-{suffix()}"


def names_from_import_arn(arn: str) -> dict[str, str]:
    """The daemon name and cluster ARN a daemon ARN implies.

    The cluster ARN is rebuilt from the daemon ARN's partition, region,
    account and cluster name (see :mod:`ecs_daemon_core.arns`).
    """
    parsed = arns.parse_daemon_arn(arn)
    if parsed is None:
        return {}
    cluster = (
        f"arn:{parsed.partition}:ecs:{parsed.region}:{parsed.account}"
        f":cluster/{parsed.cluster_name}"
    )
    return {"daemon_name": parsed.daemon_name, "cluster_arn": cluster}


def mismatched_import(props: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Inputs that disagree with ``import_daemon_arn``, as (input, reason) pairs."""
    arn = props.get("import_daemon_arn")
    implied = names_from_import_arn(arn) if isinstance(arn, str) else {}
    if not implied:
        return []
    problems = []
    name = props.get("daemon_name")
    if isinstance(name, str) and name != implied["daemon_name"]:
        problems.append(
            (
                "daemon_name",
                f"{name!r} differs from the name in import_daemon_arn"
                f" ({implied['daemon_name']!r}); leave daemon_name out or match it",
            )
        )
    cluster = props.get("cluster_arn")
    cluster_name = arns.cluster_name(implied["cluster_arn"])
    if isinstance(cluster, str) and arns.cluster_name(cluster) != cluster_name:
        problems.append(
            (
                "cluster_arn",
                f"{cluster!r} is not the cluster of import_daemon_arn"
                f" ({cluster_name!r}); leave cluster_arn out or match it",
            )
        )
    return problems
