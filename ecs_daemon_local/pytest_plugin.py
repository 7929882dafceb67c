"""pytest plugin (entry point ``ecs_daemon_local``): a local ECS endpoint per test.

Fixtures:

``ecs_local``
    A :class:`~ecs_daemon_local.testing.LocalEcs`: the endpoint with ``url``,
    ``control``, ``region``, ``env``, ``client()`` and setup helpers. Its state
    is reset before each test.
``ecs_client``
    A boto3 ECS client pointed at it (dummy credentials, standard retries).
``ecs_local_endpoint``
    The session-wide :class:`~ecs_daemon_local.server.LocalEndpoint` behind
    them (one per xdist worker), serving on a free port.

Simulated time runs 600 times real time unless the ini option
``ecs_local_time_scale`` says otherwise; a test can set its own with
``@pytest.mark.ecs_local(time_scale=0)`` (0 freezes time: move it with
``ecs_local.control.advance(seconds)``).

This module is loaded by every pytest session of the environment, so it imports
nothing heavy itself: boto3 and werkzeug load when a fixture is first used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from mypy_boto3_ecs import ECSClient

    from ecs_daemon_local.server import LocalEndpoint
    from ecs_daemon_local.testing import LocalEcs

DEFAULT_TIME_SCALE = "600"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "ecs_local_time_scale",
        "simulated seconds per real second of the ecs_local endpoint",
        default=DEFAULT_TIME_SCALE,
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "ecs_local(time_scale): simulated time speed of the ecs_local endpoint "
        "for one test (0 freezes time)",
    )


@pytest.fixture(scope="session")
def ecs_local_endpoint(pytestconfig: pytest.Config) -> Iterator[LocalEndpoint]:
    """One endpoint for the whole session, checking its own responses."""
    from ecs_daemon_local.server import start_local_endpoint

    time_scale = float(pytestconfig.getini("ecs_local_time_scale"))
    endpoint = start_local_endpoint(time_scale=time_scale, strict=True)
    yield endpoint
    endpoint.stop()


@pytest.fixture
def ecs_local(
    ecs_local_endpoint: LocalEndpoint, request: pytest.FixtureRequest
) -> LocalEcs:
    """The endpoint, reset for this test."""
    from ecs_daemon_local.testing import LocalEcs

    backend = ecs_local_endpoint.backend
    backend.reset()
    marker = request.node.get_closest_marker("ecs_local")
    if marker is not None and "time_scale" in marker.kwargs:
        backend.clock.set_time_scale(float(marker.kwargs["time_scale"]))
    return LocalEcs(ecs_local_endpoint)


@pytest.fixture
def ecs_client(ecs_local: LocalEcs) -> ECSClient:
    """A boto3 ECS client for the endpoint."""
    return ecs_local.client()
