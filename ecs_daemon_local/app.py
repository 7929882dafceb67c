"""The WSGI app: ECS JSON 1.1 calls on ``POST /``, control calls under ``/_local/``.

Each ECS call goes: read the target and body, maybe inject a fault, run the
operation on the :class:`~ecs_daemon_local.backend.Backend`, maybe inject a
fault, answer, record the call, and log one access line. A dropped connection
is a :class:`~ecs_daemon_local.errors.DropConnection` raised out of the app, which
the server's request handler turns into a closed socket.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Request, Response

from ecs_daemon_local import protocol
from ecs_daemon_local.calls import CallRecord, request_ids, result_ids
from ecs_daemon_local.control import PREFIX, handle_control
from ecs_daemon_local.errors import (
    DropConnection,
    EcsError,
    SerializationException,
    ServerException,
)
from ecs_daemon_local.faults import AFTER, BEFORE, RATE_LIMIT, raise_fault

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

    from ecs_daemon_local.backend import Backend

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024


class EcsLocalApp:
    """The local ECS endpoint as a WSGI application.

    :param backend: the simulated service it serves
    """

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def __call__(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        request = Request(environ)
        request.max_content_length = MAX_BODY_BYTES
        started = time.perf_counter()
        label, status = request.path, "-"
        try:
            if request.path.startswith(PREFIX):
                code, document = handle_control(self.backend, request)
                response = _json_response(code, document, "application/json")
            else:
                label, response = self._ecs_call(request)
            status = str(response.status_code)
            return response(environ, start_response)
        except DropConnection:
            status = "dropped"
            raise
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            logger.info("%s %s %s %.1fms", request.method, label, status, elapsed)

    def _ecs_call(self, request: Request) -> tuple[str, Response]:
        request_id = str(uuid.uuid4())
        call = _Call()
        try:
            response = self._answer(request, call)
        except DropConnection:
            self._record(call, request_id, None)
            raise

        response.headers["x-amzn-RequestId"] = request_id
        self._record(call, request_id, response.status_code)
        return call.operation, response

    def _answer(self, request: Request, call: _Call) -> Response:
        try:
            call.operation = protocol.operation_name(
                request.headers.get("X-Amz-Target")
            )
            call.params = protocol.parse_body(_body(request))
            output = self._run(call)
        except EcsError as error:
            call.error_code = error.code
            return _error_response(error)
        except DropConnection:
            raise
        except Exception:
            # The one catch-all: a bug must answer 500 as AWS would, not drop
            # the connection, and must leave its traceback in the log.
            logger.exception("%s failed", call.operation)
            internal = ServerException(
                f"internal error of the local endpoint in {call.operation}"
            )
            call.error_code = internal.code
            return _error_response(internal)

        call.result = result_ids(output)
        return _json_response(200, output, protocol.CONTENT_TYPE)

    def _run(self, call: _Call) -> dict[str, Any]:
        faults = self.backend.faults
        fault = faults.draw(call.operation, BEFORE)
        if fault is None and not self.backend.rate_limiter.allow(call.operation):
            fault = RATE_LIMIT
        if fault is None:
            output = self.backend.invoke(call.operation, call.params)
            fault = faults.draw(call.operation, AFTER)
            if fault is None:
                return output

        call.fault = fault
        raise_fault(fault, call.operation)

    def _record(self, call: _Call, request_id: str, status: int | None) -> None:
        record = CallRecord(
            operation=call.operation,
            request_id=request_id,
            ids=request_ids(call.params),
            status=status,
            error_code=call.error_code,
            fault=call.fault,
            result=call.result,
        )
        self.backend.calls.record(record)


@dataclass
class _Call:
    """What one ECS call has revealed so far, for the call log."""

    operation: str = "-"
    params: dict[str, Any] = field(default_factory=dict)
    fault: str | None = None
    error_code: str | None = None
    result: dict[str, Any] = field(default_factory=dict)


def _body(request: Request) -> bytes:
    try:
        return request.get_data()
    except RequestEntityTooLarge as exc:
        raise SerializationException(
            f"request body is larger than {MAX_BODY_BYTES} bytes"
        ) from exc


def _json_response(
    status: int, document: dict[str, Any], content_type: str
) -> Response:
    return Response(protocol.encode(document), status=status, content_type=content_type)


def _error_response(error: EcsError) -> Response:
    response = _json_response(error.status, error.body(), protocol.CONTENT_TYPE)
    response.headers["x-amzn-ErrorType"] = error.code
    return response
