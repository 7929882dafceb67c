"""Helpers every operation shares: the call object, names, tags, pagination."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ecs_daemon_local.assumptions import DEFAULT_PAGE_SIZE
from ecs_daemon_local.errors import InvalidParameterException
from ecs_daemon_local.state import EcsState

T = TypeVar("T")

_NAME = re.compile(r"[A-Za-z0-9_-]{1,255}")


@dataclass(frozen=True)
class Call:
    """One operation call as a handler sees it."""

    state: EcsState
    """The simulated account, already settled to ``now``."""

    params: dict[str, Any]
    """Validated request parameters, in wire names."""

    now: float
    """Simulated time of the call, in epoch seconds."""


Handler = Callable[[Call], dict[str, Any]]
"""An operation: a call in, the output document (wire names) out."""


def raise_problems(problems: list[str]) -> None:
    """Report every problem at once.

    :raises InvalidParameterException: when there is any problem
    """
    if problems:
        raise InvalidParameterException("; ".join(problems))


def name_problem(value: str, field: str) -> str | None:
    """Why a resource name breaks the ECS naming rule, if it does."""
    if _NAME.fullmatch(value):
        return None
    return (
        f"{field} {value!r} is not valid: use 1-255 letters, digits, "
        "underscores and hyphens"
    )


def tags_from_wire(
    wire: list[dict[str, str]] | None, field: str = "tags"
) -> dict[str, str]:
    """A request's tag list as a dict, checked beyond the model.

    :raises InvalidParameterException: for a duplicate key or an ``aws:`` key
    """
    tags: dict[str, str] = {}
    problems = []
    for index, tag in enumerate(wire or []):
        key = tag.get("key", "")
        if key.lower().startswith("aws:"):
            problems.append(
                f"{field}[{index}].key {key!r} uses the reserved prefix aws:"
            )
        elif key in tags:
            problems.append(f"{field}[{index}].key {key!r} is a duplicate")
        tags[key] = tag.get("value", "")
    raise_problems(problems)
    return tags


def tags_to_wire(tags: dict[str, str]) -> list[dict[str, str]]:
    """Tags as the wire's key/value list."""
    return [{"key": key, "value": value} for key, value in tags.items()]


def paginate(
    items: Sequence[T],
    key: Callable[[T], Any],
    params: dict[str, Any],
    *,
    descending: bool = False,
) -> tuple[list[T], str | None]:
    """One page of ``items`` (already in order) and the token of the next one.

    The token records the sort key of the last item returned, so a page stays
    correct when items are added or removed between calls.

    :raises InvalidParameterException: for maxResults outside 1-100 or a
        nextToken this endpoint did not issue
    """
    size = params.get("maxResults", DEFAULT_PAGE_SIZE)
    if not 1 <= size <= DEFAULT_PAGE_SIZE:
        raise InvalidParameterException(
            f"maxResults {size} is not valid: must be between 1 and {DEFAULT_PAGE_SIZE}"
        )

    token = params.get("nextToken")
    if token:
        after = _decode_token(token)
        if descending:
            items = [item for item in items if _comparable(key(item)) < after]
        else:
            items = [item for item in items if _comparable(key(item)) > after]

    page = list(items[:size])
    if len(items) <= size:
        return page, None
    return page, _encode_token(key(page[-1]))


def _comparable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list | tuple) else value


def _encode_token(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": value}).encode()).decode()


def _decode_token(token: str) -> Any:
    try:
        return _comparable(json.loads(base64.urlsafe_b64decode(token))["after"])
    except (binascii.Error, ValueError, KeyError, TypeError) as exc:
        raise InvalidParameterException(f"nextToken {token!r} is not valid") from exc
