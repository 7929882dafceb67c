"""Lambda entry points of the EcsDaemon custom resource.

The CDK Provider framework invokes ``on_event`` once per CloudFormation
request and then ``is_complete`` every poll interval until it returns
``{"IsComplete": true}``. An exception raised here becomes the FAILED response
the framework sends to CloudFormation, with the exception's message as the
reason; each is logged once, with its traceback, as an ERROR line.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from . import lifecycle, logs, models

# Before any botocore session exists: the shipped ECS model must win over an
# older one bundled with the runtime.
models.install_service_models()

from ecs_daemon_core import make_ecs_client  # noqa: E402  # after the data path

if TYPE_CHECKING:
    from mypy_boto3_ecs.client import ECSClient

logs.configure_logging()
logger = logging.getLogger(__name__)

# is_complete is polled again anyway, so it gives up on a throttled call
# sooner than on_event, which must not fail for a passing throttle.
ON_EVENT_MAX_ATTEMPTS = 8
IS_COMPLETE_MAX_ATTEMPTS = 3

_clients: dict[int, ECSClient] = {}


def on_event(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Start the Create, Update or Delete the event asks for."""
    with logs.event_context(event, "on_event"):
        logger.info("%s started", event.get("RequestType"))
        try:
            response = lifecycle.on_event(_client(ON_EVENT_MAX_ATTEMPTS), event)
        except Exception:
            logger.exception("%s failed", event.get("RequestType"))
            raise
        logger.info(
            "%s started on %s", event.get("RequestType"), response["PhysicalResourceId"]
        )
        return response


def is_complete(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Report whether the operation ``on_event`` started has finished."""
    with logs.event_context(event, "is_complete"):
        try:
            complete = lifecycle.is_complete(_client(IS_COMPLETE_MAX_ATTEMPTS), event)
        except Exception:
            logger.exception("%s failed", event.get("RequestType"))
            raise
        if complete:
            logger.info("%s complete", event.get("RequestType"))
        return {"IsComplete": complete}


def _client(max_attempts: int) -> ECSClient:
    # One client per warm container: creating one costs about 0.1 s.
    if max_attempts not in _clients:
        _clients[max_attempts] = make_ecs_client(max_attempts=max_attempts)
    return _clients[max_attempts]
