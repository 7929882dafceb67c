"""The ECS JSON 1.1 wire protocol, driven by botocore's service model.

Requests are ``POST /`` with ``X-Amz-Target: AmazonEC2ContainerServiceV20141113.
<Operation>`` and a JSON body; responses are JSON with timestamps as epoch
seconds; errors are ``{"__type": code, "message": text}``. Everything about an
operation (its existence, input rules, output members, modeled errors) comes from
the ``ecs`` ``service-2`` model that botocore ships, loaded through its Loader.
"""

from __future__ import annotations

import functools
import json
import math
from datetime import datetime
from typing import Any

from botocore.loaders import Loader
from botocore.model import (
    ListShape,
    MapShape,
    OperationModel,
    ServiceModel,
    Shape,
    StructureShape,
)
from botocore.validate import ParamValidator

from ecs_daemon_local.assumptions import GENERIC_ERROR_CODES
from ecs_daemon_local.constraints import constraint_problems
from ecs_daemon_local.errors import (
    InvalidParameterException,
    SerializationException,
    UnknownOperationException,
)

TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113"
"""The ``X-Amz-Target`` prefix of every ECS operation."""

CONTENT_TYPE = "application/x-amz-json-1.1"
"""Content type of requests and responses."""


@functools.cache
def service_model() -> ServiceModel:
    """botocore's ECS service model (loaded once per process)."""
    loader = Loader()
    data = loader.load_service_model("ecs", "service-2")
    return ServiceModel(data, service_name="ecs")


def operation_name(target: str | None) -> str:
    """The operation an ``X-Amz-Target`` header names.

    :raises UnknownOperationException: when the header is missing, has another
        prefix or names no operation of the model
    """
    prefix, _, name = (target or "").partition(".")
    if prefix != TARGET_PREFIX or name not in service_model().operation_names:
        raise UnknownOperationException(
            f"X-Amz-Target {target!r} names no ECS operation: expected "
            f"{TARGET_PREFIX}.<Operation>"
        )
    return name


def operation_model(name: str) -> OperationModel:
    """The model of one ECS operation.

    :raises UnknownOperationException: when the model has no such operation
    """
    model = service_model()
    if name not in model.operation_names:
        raise UnknownOperationException(f"{name!r} is not an ECS operation")
    return model.operation_model(name)


def parse_body(body: bytes) -> dict[str, Any]:
    """The request parameters of a JSON 1.1 body (empty means no parameters).

    :raises SerializationException: when the body is not a JSON object
    """
    if not body.strip():
        return {}
    try:
        params = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SerializationException(f"request body is not valid JSON: {exc}") from exc
    if not isinstance(params, dict):
        raise SerializationException("request body must be a JSON object")
    return params


def validate_input(operation: OperationModel, params: dict[str, Any]) -> None:
    """Check the parameters against the operation's input shape.

    Runs botocore's own validator (types, required members, minimums), then the
    maximum, enum and pattern rules it skips, and reports every problem at once.

    :raises InvalidParameterException: listing every problem found
    """
    shape = operation.input_shape
    if shape is None:
        return

    report = ParamValidator().validate(params, shape)
    problems = report.generate_report().splitlines() if report.has_errors() else []
    problems += constraint_problems(shape, params, "input")
    if problems:
        raise InvalidParameterException("; ".join(problems))


def serialize_output(
    operation: OperationModel, result: dict[str, Any]
) -> dict[str, Any]:
    """A handler's result as JSON 1.1 output: None dropped, timestamps as numbers."""
    shape = operation.output_shape
    if shape is None:
        return {}
    value = _serialize(shape, result)
    return value if isinstance(value, dict) else {}


def _serialize(shape: Shape, value: Any) -> Any:
    if isinstance(shape, StructureShape) and isinstance(value, dict):
        members = shape.members
        return {
            name: _serialize(members[name], item) if name in members else item
            for name, item in value.items()
            if item is not None
        }
    if isinstance(shape, ListShape) and isinstance(value, list | tuple):
        return [_serialize(shape.member, item) for item in value]
    if isinstance(shape, MapShape) and isinstance(value, dict):
        return {key: _serialize(shape.value, item) for key, item in value.items()}
    if shape.type_name == "timestamp":
        return epoch_seconds(value)
    return value


def epoch_seconds(value: Any) -> float:
    """A timestamp as epoch seconds with millisecond precision."""
    if isinstance(value, datetime):
        value = value.timestamp()
    seconds = round(float(value), 3)
    return int(seconds) if seconds == math.floor(seconds) else seconds


def modeled_error_codes(operation: OperationModel) -> frozenset[str]:
    """Codes an operation may answer with: its modeled errors and generic ones."""
    modeled = {error.name for error in operation.error_shapes}
    return frozenset(modeled) | GENERIC_ERROR_CODES


def encode(document: dict[str, Any]) -> bytes:
    """A JSON document as compact UTF-8 bytes."""
    return json.dumps(document, separators=(",", ":")).encode()
