"""The JSON 1.1 wire format, driven through werkzeug's test client (no sockets)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from werkzeug.test import Client

from ecs_daemon_local.app import EcsLocalApp
from ecs_daemon_local.backend import Backend
from ecs_daemon_local.constraints import compile_pattern
from ecs_daemon_local.errors import DropConnection
from ecs_daemon_local.faults import FaultPlan

TARGET = "AmazonEC2ContainerServiceV20141113"


@pytest.fixture
def client(backend: Backend) -> Client:
    return Client(EcsLocalApp(backend))


def _post(client: Client, target: str | None, body: bytes | str) -> tuple[int, Any]:
    headers = {"Content-Type": "application/x-amz-json-1.1"}
    if target is not None:
        headers["X-Amz-Target"] = target
    response = client.post("/", data=body, headers=headers)
    return response.status_code, json.loads(response.get_data())


def test_success_is_json_with_epoch_timestamps_and_a_request_id(client: Client) -> None:
    response = client.post(
        "/",
        data=json.dumps({"daemonTaskDefinition": "agent"}),
        headers={"X-Amz-Target": f"{TARGET}.DescribeDaemonTaskDefinition"},
    )

    assert response.status_code == 200
    assert response.content_type == "application/x-amz-json-1.1"
    assert response.headers["x-amzn-RequestId"]
    definition = json.loads(response.get_data())["daemonTaskDefinition"]
    assert isinstance(definition["registeredAt"], int | float)
    assert "deleteRequestedAt" not in definition


@pytest.mark.parametrize(
    ("target", "body", "code"),
    [
        (None, "{}", "UnknownOperationException"),
        ("Other.ListClusters", "{}", "UnknownOperationException"),
        (f"{TARGET}.NoSuchOperation", "{}", "UnknownOperationException"),
        (f"{TARGET}.ListClusters", "{not json", "SerializationException"),
        (f"{TARGET}.ListClusters", "[1, 2]", "SerializationException"),
        (f"{TARGET}.ListClusters", '{"unknown": 1}', "InvalidParameterException"),
        (f"{TARGET}.ListServices", "{}", "UnsupportedFeatureException"),
    ],
)
def test_errors_use_the_json_error_shape(
    client: Client, target: str | None, body: str, code: str
) -> None:
    status, document = _post(client, target, body)

    assert status == 400
    assert document["__type"] == code
    assert document["message"]


def test_empty_body_means_no_parameters(client: Client) -> None:
    status, document = _post(client, f"{TARGET}.ListClusters", b"")

    assert status == 200
    assert document == {"clusterArns": ["arn:aws:ecs:us-east-1:000000000000:cluster/c"]}


def test_a_handler_bug_answers_server_exception(
    client: Client, backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(operation: str, params: dict[str, Any]) -> dict[str, Any]:
        raise RuntimeError("bug")

    monkeypatch.setattr(backend, "invoke", broken)

    status, document = _post(client, f"{TARGET}.ListClusters", "{}")

    assert status == 500
    assert document["__type"] == "ServerException"


def test_drop_fault_raises_out_of_the_app(client: Client, backend: Backend) -> None:
    backend.faults.configure(FaultPlan(kinds=("drop",)))

    with pytest.raises(DropConnection):
        _post(client, f"{TARGET}.ListClusters", "{}")


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("plain value", True),
        ("émoji-free ünïcode 中文 ١٢٣", True),
        ("+-=._:/@", True),
        ("", True),
        ("tab\tinside", False),
        ("bang!", False),
        ("semi;colon", False),
    ],
)
def test_tag_pattern_uses_unicode_letters_numbers_and_spaces(
    value: str, valid: bool
) -> None:
    pattern = compile_pattern(r"([\p{L}\p{Z}\p{N}_.:/=+\-@]*)")

    assert (pattern.fullmatch(value) is not None) is valid
