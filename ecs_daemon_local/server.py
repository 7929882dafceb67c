"""Serve the endpoint over real HTTP, in the foreground or a background thread.

werkzeug's threaded development server does the HTTP. Its request handler is
extended so that a :class:`~ecs_daemon_local.errors.DropConnection` from the app
closes the socket with no response (how a client sees a dropped connection),
and so that it writes no access line of its own: the app logs one per request.
"""

from __future__ import annotations

import logging
import socket
import threading
from typing import TYPE_CHECKING, Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from ecs_daemon_local.app import EcsLocalApp
from ecs_daemon_local.backend import DEFAULT_ACCOUNT_ID, DEFAULT_REGION, Backend
from ecs_daemon_local.control import LocalControl
from ecs_daemon_local.errors import DropConnection

if TYPE_CHECKING:
    from types import TracebackType

    from _typeshed.wsgi import WSGIEnvironment

logger = logging.getLogger(__name__)


class _RequestHandler(WSGIRequestHandler):
    """werkzeug's handler, closing the connection when the app drops it."""

    def connection_dropped(
        self, error: BaseException, environ: WSGIEnvironment | None = None
    ) -> None:
        # Without this the keep-alive loop would wait for the next request on a
        # connection whose client is still waiting for an answer.
        self.close_connection = True
        if isinstance(error, DropConnection):
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                logger.debug("connection already closed by the client")

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Write nothing: the app logs its own access line."""


def make_endpoint_server(backend: Backend, host: str, port: int) -> BaseWSGIServer:
    """A threaded HTTP server for a backend, bound but not yet serving.

    :param port: 0 picks a free port (read it back from ``server.port``)
    """
    return make_server(
        host,
        port,
        EcsLocalApp(backend),
        threaded=True,
        request_handler=_RequestHandler,
    )


def endpoint_url(host: str, port: int) -> str:
    """The URL clients use for a host and port."""
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


class LocalEndpoint:
    """A local endpoint serving in a background thread; stop it when done.

    Use it as a context manager, or call :meth:`stop`.
    """

    def __init__(self, server: BaseWSGIServer, backend: Backend) -> None:
        self.backend = backend
        """The simulated service, for in-process access."""

        self.url = endpoint_url(server.host, server.port)
        """Endpoint URL, for ``endpoint_url=`` or ``AWS_ENDPOINT_URL_ECS``."""

        self.control = LocalControl(self.url)
        """Client of the control endpoints."""

        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"ecs-daemon-local-{server.port}",
            daemon=True,
        )
        self._thread.start()

    @property
    def region(self) -> str:
        """Region of every ARN the endpoint issues."""
        return self.backend.region

    @property
    def account_id(self) -> str:
        """Account of every ARN the endpoint issues."""
        return self.backend.account_id

    def stop(self) -> None:
        """Stop serving and release the port."""
        self._server.shutdown()
        self._thread.join(timeout=5)
        self._server.server_close()
        logger.debug("stopped %s", self.url)

    def __enter__(self) -> LocalEndpoint:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"LocalEndpoint({self.url!r})"


def start_local_endpoint(
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    time_scale: float = 1.0,
    region: str = DEFAULT_REGION,
    account_id: str = DEFAULT_ACCOUNT_ID,
    seed: dict[str, Any] | None = None,
    strict: bool = False,
) -> LocalEndpoint:
    """Start an endpoint in a background thread and return its handle.

    :param port: when 0 (the default), a free port
    :param time_scale: simulated seconds per real second; 0 freezes time so
        that only ``control.advance()`` moves it
    :param seed: a seed document to preload (see :mod:`ecs_daemon_local.seed`);
        when omitted, the endpoint starts empty
    :param strict: answer ServerException when a response does not match its
        output shape (meant for tests)
    """
    backend = Backend(
        region=region, account_id=account_id, time_scale=time_scale, strict=strict
    )
    if seed is not None:
        backend.seed(seed)
    endpoint = LocalEndpoint(make_endpoint_server(backend, host, port), backend)
    logger.debug("serving %s", endpoint.url)
    return endpoint
