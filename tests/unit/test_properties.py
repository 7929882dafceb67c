"""Properties of validation and planning over generated requests."""

from __future__ import annotations

from typing import Any

import botocore.session
from botocore.validate import ParamValidator
from hypothesis import given, settings
from hypothesis import strategies as st

from ecs_daemon_core import DaemonSpec, plan_change, validate_create_request
from tests.unit.strategies import create_requests, valid_requests

_MODEL = botocore.session.get_session().get_service_model("ecs")
_CREATE_SHAPE = _MODEL.operation_model("CreateDaemon").input_shape


@settings(max_examples=300, deadline=None)
@given(st.one_of(valid_requests, create_requests))
def test_every_request_the_core_accepts_passes_botocore_validation(
    request: dict[str, Any],
) -> None:
    if validate_create_request(request):
        return
    report = ParamValidator().validate(request, _CREATE_SHAPE)

    assert not report.has_errors(), report.generate_report()


@settings(max_examples=300, deadline=None)
@given(create_requests)
def test_botocore_rejections_are_core_rejections(request: dict[str, Any]) -> None:
    report = ParamValidator().validate(request, _CREATE_SHAPE)
    if report.has_errors():
        assert validate_create_request(request)


@settings(max_examples=200, deadline=None)
@given(valid_requests)
def test_generated_valid_requests_have_no_problem(request: dict[str, Any]) -> None:
    assert validate_create_request(request) == []


@settings(max_examples=200, deadline=None)
@given(valid_requests)
def test_plan_of_equal_specs_is_empty(request: dict[str, Any]) -> None:
    spec = DaemonSpec.from_request(request)

    assert plan_change(spec, DaemonSpec.from_request(dict(request))).is_noop


@settings(max_examples=200, deadline=None)
@given(valid_requests, valid_requests)
def test_replacement_is_symmetric(one: dict[str, Any], two: dict[str, Any]) -> None:
    a, b = DaemonSpec.from_request(one), DaemonSpec.from_request(two)

    forward, backward = plan_change(a, b), plan_change(b, a)

    assert forward.replaces == backward.replaces
    assert forward.delete_before_replace == backward.delete_before_replace


@settings(max_examples=200, deadline=None)
@given(valid_requests, st.randoms())
def test_capacity_provider_order_never_matters(
    request: dict[str, Any], random: Any
) -> None:
    shuffled = dict(request)
    shuffled["capacityProviderArns"] = random.sample(
        request["capacityProviderArns"], len(request["capacityProviderArns"])
    )

    plan = plan_change(
        DaemonSpec.from_request(request), DaemonSpec.from_request(shuffled)
    )

    assert plan.is_noop


@settings(max_examples=200, deadline=None)
@given(valid_requests, valid_requests)
def test_tag_plan_turns_old_tags_into_new_tags(
    one: dict[str, Any], two: dict[str, Any]
) -> None:
    a, b = DaemonSpec.from_request(one), DaemonSpec.from_request(two)
    plan = plan_change(a, b)

    tags = a.tag_map
    for key in plan.tags_to_remove:
        del tags[key]
    tags.update(plan.tags_to_set)

    assert tags == b.tag_map
