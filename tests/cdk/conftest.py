"""Fixtures of the CDK tests."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ecs_daemon_local.testing import DaemonSetup, LocalEcs

# jsii prints a banner about the Node.js version on every start.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")


@pytest.fixture
def setup(ecs_local: LocalEcs) -> DaemonSetup:
    """A cluster, a Managed Instances capacity provider and a task definition."""
    return ecs_local.setup()
