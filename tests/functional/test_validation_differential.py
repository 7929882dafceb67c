"""Differential test: the core never accepts a request the endpoint refuses.

Requests are generated around real resources of the local endpoint, then sent
to it over HTTP. The endpoint validates with botocore's model plus the checks
botocore skips; the core must be at least as strict, so that a front end never
reaches AWS with a request that fails validation there.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError, ParamValidationError
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ecs_daemon_core import arns, validate_create_request
from tests.unit.strategies import create_requests, valid_requests


def _with_real_resources(request: dict[str, Any], setup: Any) -> dict[str, Any]:
    """Point every well-formed ARN at a resource that exists.

    Malformed values stay as generated: both sides must refuse them. Existence
    is the endpoint's business alone, so it is taken out of the comparison.
    """
    request = dict(request)
    task = request.get("daemonTaskDefinitionArn")
    if isinstance(task, str) and arns.DAEMON_TASK_DEFINITION_ARN.match(task):
        request["daemonTaskDefinitionArn"] = setup.task_definition_arn
    cluster = request.get("clusterArn")
    if cluster is None or (
        isinstance(cluster, str) and arns.CLUSTER_ARN.match(cluster)
    ):
        request["clusterArn"] = setup.cluster_arn
    providers = setup.capacity_provider_arns
    request["capacityProviderArns"] = [
        providers[index % len(providers)]
        if arns.CAPACITY_PROVIDER_ARN.match(arn)
        else arn
        for index, arn in enumerate(request["capacityProviderArns"])
    ]
    return request


@pytest.mark.ecs_local(time_scale=0)
@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(request=st.one_of(valid_requests, create_requests))
def test_requests_the_core_accepts_are_accepted_by_the_endpoint(
    ecs_local: Any, request: dict[str, Any]
) -> None:
    ecs_local.backend.reset()
    setup = ecs_local.setup(instances=(1, 1, 1))
    request = _with_real_resources(request, setup)
    core_problems = validate_create_request(request)

    try:
        ecs_local.ecs.create_daemon(**request)
    except ParamValidationError:
        assert core_problems, f"botocore refused {request!r}, the core did not"
    except ClientError as exc:
        # Every resource a well-formed ARN names exists, so any refusal is about
        # the request itself.
        message = exc.response["Error"]["Message"]
        assert core_problems, f"the endpoint refused {request!r}: {message}"
    else:
        event("the endpoint accepted")
        return
    event("the endpoint refused")
