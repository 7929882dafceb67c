"""Building the boto3 ECS client both front ends use."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, cast

import boto3
from botocore.config import Config

if TYPE_CHECKING:
    from mypy_boto3_ecs.client import ECSClient

USER_AGENT = "ecs-managed-daemons-iac/0.1"
DEFAULT_MAX_ATTEMPTS = 8


def make_ecs_client(
    region: str | None = None,
    *,
    session: boto3.Session | None = None,
    endpoint_url: str | None = None,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    retry_mode: str = "standard",
    **config: Any,
) -> ECSClient:
    """An ECS client with standard retries, for ``region``.

    The region falls back to the session's (``AWS_REGION``, ``AWS_DEFAULT_REGION``,
    the profile). The endpoint is boto3's: ``AWS_ENDPOINT_URL_ECS`` (or
    ``AWS_ENDPOINT_URL``) reaches a local endpoint without any code change.
    An explicit ``endpoint_url`` overrides both. ``retry_mode="adaptive"`` adds
    botocore's client-side rate limiting, which wastes far fewer calls when many
    creates run at once against a throttled account (see the throughput
    benchmark). Extra keyword arguments go to :class:`botocore.config.Config`.
    """
    session = session or boto3.session.Session()
    region = region or session.region_name or os.environ.get("AWS_REGION")
    retry_config = Config(
        retries={"mode": retry_mode, "max_attempts": max_attempts},
        user_agent_extra=USER_AGENT,
        **config,
    )
    client = session.client(
        "ecs", region_name=region, endpoint_url=endpoint_url, config=retry_config
    )
    return cast("ECSClient", client)
