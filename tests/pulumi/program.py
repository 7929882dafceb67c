"""Running the example program under Pulumi's mocks, capturing what it registers.

The mock monitor is the engine's stand-in: it receives each RegisterResource
request exactly as the engine would, as a protobuf Struct of inputs with the
pickled provider under ``__provider``. The capture keeps that Struct's JSON
form, which is what the engine later hands the provider server.
"""

from __future__ import annotations

import runpy
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pulumi
from google.protobuf import json_format
from pulumi.runtime.mocks import MockMonitor, MockResourceArgs

EXAMPLE_DIR = Path(__file__).resolve().parents[2] / "examples" / "pulumi"
PROJECT = "ecs-monitoring-daemon"
STACK = "dev"


@dataclass(frozen=True)
class Registration:
    """One RegisterResource request, as the engine receives it."""

    type: str
    """The resource's type token."""
    name: str
    """The resource's name."""
    inputs: dict[str, Any]
    """The inputs, ``__provider`` included, in the Struct's JSON form."""


class _EchoMocks(pulumi.runtime.Mocks):
    """Answers every registration with its own inputs as outputs."""

    def new_resource(self, args: MockResourceArgs) -> tuple[str, dict[str, Any]]:
        return f"{args.name}-id", dict(args.inputs)

    def call(
        self, args: pulumi.runtime.MockCallArgs
    ) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        return {}, None


class _CapturingMonitor(MockMonitor):
    def __init__(self, mocks: pulumi.runtime.Mocks) -> None:
        super().__init__(mocks)
        self.registrations: list[Registration] = []

    def RegisterResource(self, request: Any) -> Any:  # the gRPC method's name
        if request.type != "pulumi:pulumi:Stack":
            inputs = json_format.MessageToDict(request.object)
            self.registrations.append(Registration(request.type, request.name, inputs))
        return super().RegisterResource(request)


def capture(
    program: Callable[[], object],
    config: Mapping[str, str] | None = None,
    *,
    preview: bool = False,
) -> list[Registration]:
    """Run ``program`` under the mocks with a project config; its registrations."""
    mocks = _EchoMocks()
    monitor = _CapturingMonitor(mocks)
    pulumi.runtime.set_mocks(
        mocks, project=PROJECT, stack=STACK, preview=preview, monitor=monitor
    )
    config = config or {}
    pulumi.runtime.set_all_config({f"{PROJECT}:{k}": v for k, v in config.items()})

    @pulumi.runtime.test
    def run() -> None:
        program()

    run()
    return monitor.registrations


def run_example(
    config: Mapping[str, str], *, preview: bool = False
) -> list[Registration]:
    """Run ``examples/pulumi/__main__.py`` with the given project config."""
    return capture(
        lambda: runpy.run_path(str(EXAMPLE_DIR / "__main__.py")),
        config,
        preview=preview,
    )
