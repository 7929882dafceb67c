"""The Pulumi engine's side of a dynamic provider, for tests.

:class:`ProviderServer` starts the SDK's own provider server the way the engine
does (``python -u -m pulumi.dynamic <engine address>`` in the program's
directory; the server prints its port as the first line of stdout) and speaks
to it over gRPC with the SDK's generated stubs. :class:`Stack` keeps one
resource's state as the engine does and drives the server in the engine's
order: Configure, then Check, Diff and Create, Update or Delete for ``up``,
Read for ``refresh`` and Delete for ``destroy``.

Property bags cross the wire as protobuf Structs, exactly as the engine sends
them: the ``__provider`` blob included, and the unknown sentinel string in
place of every value a preview does not know.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import json_format, struct_pb2
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
"""The string the engine sends in place of a value not known during a preview."""

PROVIDER_KEY = "__provider"
REPO_ROOT = Path(__file__).resolve().parents[2]
# The engine passes its own gRPC address as the only argument; the Python
# dynamic provider accepts and ignores it.
ENGINE_ADDRESS = "127.0.0.1:1"
STARTUP_TIMEOUT_SECONDS = 60.0
CALL_TIMEOUT_SECONDS = 300.0


class ProviderError(Exception):
    """A provider call failed; the message is what the engine would show."""

    def __init__(self, method: str, details: str) -> None:
        super().__init__(f"{method} failed: {details}")
        self.method = method
        self.details = details


def to_struct(props: Mapping[str, Any]) -> struct_pb2.Struct:
    """A property bag as the Struct the engine sends."""
    struct = struct_pb2.Struct()
    struct.update(dict(props))
    return struct


def from_struct(struct: struct_pb2.Struct) -> dict[str, Any]:
    """A Struct the provider sent back, as a plain dict."""
    return dict(json_format.MessageToDict(struct))


@dataclass(frozen=True)
class DiffOutcome:
    """What Diff answered."""

    changes: str
    """``DIFF_SOME``, ``DIFF_NONE`` or ``DIFF_UNKNOWN``."""
    replaces: tuple[str, ...]
    """Properties whose change needs a replacement."""
    delete_before_replace: bool
    """Whether the old resource must go before the new one is created."""

    @property
    def has_changes(self) -> bool:
        """Whether the engine would update or replace."""
        return self.changes != "DIFF_NONE"


class ProviderServer:
    """A running ``python -m pulumi.dynamic`` and a gRPC client to it."""

    def __init__(self, env: Mapping[str, str], cwd: Path | None = None) -> None:
        self._env = {**os.environ, **env}
        # The provider imports pulumi_ecs_daemon; make this checkout importable
        # even when it is not installed.
        path = self._env.get("PYTHONPATH", "")
        self._env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(REPO_ROOT), path) if p
        )
        self._cwd = cwd or REPO_ROOT
        # A file, not a pipe: nobody reads stderr while the server runs, and a
        # full pipe would block it. Closed in stop().
        self._stderr = tempfile.TemporaryFile(mode="w+b")  # noqa: SIM115
        self._process: subprocess.Popen[bytes] | None = None
        self._channel: grpc.Channel | None = None
        self.stub: provider_pb2_grpc.ResourceProviderStub | None = None

    def __enter__(self) -> ProviderServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Launch the server, read its port and connect."""
        self._process = subprocess.Popen(
            [sys.executable, "-u", "-m", "pulumi.dynamic", ENGINE_ADDRESS],
            cwd=self._cwd,
            env=self._env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline().decode().strip()
        if not line.isdigit():
            self.stop()
            raise RuntimeError(f"provider server did not print a port: {self.stderr}")
        self._channel = grpc.insecure_channel(f"127.0.0.1:{line}")
        grpc.channel_ready_future(self._channel).result(timeout=STARTUP_TIMEOUT_SECONDS)
        self.stub = provider_pb2_grpc.ResourceProviderStub(self._channel)

    def stop(self) -> None:
        """Close the connection and end the server process."""
        if self._channel is not None:
            self._channel.close()
            self._channel = None
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self._process is not None and self._process.stdout is not None:
            self._process.stdout.close()

    def close(self) -> None:
        """Stop the server and discard what it wrote to stderr."""
        self.stop()
        self._stderr.close()

    @property
    def stderr(self) -> str:
        """Everything the server wrote to stderr so far (the engine shows it)."""
        self._stderr.flush()
        self._stderr.seek(0)
        return self._stderr.read().decode(errors="replace")

    def call(self, method: str, request: Any) -> Any:
        """Call one RPC; a failure becomes :class:`ProviderError`."""
        assert self.stub is not None, "server not started"
        try:
            return getattr(self.stub, method)(request, timeout=CALL_TIMEOUT_SECONDS)
        except grpc.RpcError as exc:
            raise ProviderError(method, exc.details() or str(exc)) from exc

    def configure(self, config: Mapping[str, str]) -> None:
        """Configure with the stack's configuration, namespaces kept."""
        self.call(
            "Configure",
            provider_pb2.ConfigureRequest(
                args=to_struct(config),
                variables=dict(config),
                acceptSecrets=True,
                acceptResources=True,
            ),
        )

    def check(
        self, urn: str, olds: Mapping[str, Any], news: Mapping[str, Any]
    ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """Check: the checked inputs and the (property, reason) failures."""
        response = self.call(
            "Check",
            provider_pb2.CheckRequest(
                urn=urn, olds=to_struct(olds), news=to_struct(news)
            ),
        )
        failures = [(f.property, f.reason) for f in response.failures]
        return from_struct(response.inputs), failures

    def diff(
        self,
        id_: str,
        urn: str,
        olds: Mapping[str, Any],
        news: Mapping[str, Any],
        old_inputs: Mapping[str, Any],
    ) -> DiffOutcome:
        """Diff the recorded outputs against checked inputs."""
        response = self.call(
            "Diff",
            provider_pb2.DiffRequest(
                id=id_,
                urn=urn,
                olds=to_struct(olds),
                news=to_struct(news),
                old_inputs=to_struct(old_inputs),
            ),
        )
        return DiffOutcome(
            changes=provider_pb2.DiffResponse.DiffChanges.Name(response.changes),
            replaces=tuple(response.replaces),
            delete_before_replace=response.deleteBeforeReplace,
        )

    def create(self, urn: str, props: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        """Create: the new id and outputs."""
        response = self.call(
            "Create", provider_pb2.CreateRequest(urn=urn, properties=to_struct(props))
        )
        return response.id, from_struct(response.properties)

    def update(
        self,
        id_: str,
        urn: str,
        olds: Mapping[str, Any],
        news: Mapping[str, Any],
        old_inputs: Mapping[str, Any],
    ) -> dict[str, Any]:
        """Update: the new outputs."""
        response = self.call(
            "Update",
            provider_pb2.UpdateRequest(
                id=id_,
                urn=urn,
                olds=to_struct(olds),
                news=to_struct(news),
                old_inputs=to_struct(old_inputs),
            ),
        )
        return from_struct(response.properties)

    def read(
        self,
        id_: str,
        urn: str,
        props: Mapping[str, Any],
        inputs: Mapping[str, Any],
    ) -> tuple[str, dict[str, Any]]:
        """Read (refresh): the id ("" when gone) and the live outputs."""
        response = self.call(
            "Read",
            provider_pb2.ReadRequest(
                id=id_, urn=urn, properties=to_struct(props), inputs=to_struct(inputs)
            ),
        )
        return response.id, from_struct(response.properties)

    def delete(
        self,
        id_: str,
        urn: str,
        props: Mapping[str, Any],
        old_inputs: Mapping[str, Any],
    ) -> None:
        """Delete."""
        self.call(
            "Delete",
            provider_pb2.DeleteRequest(
                id=id_,
                urn=urn,
                properties=to_struct(props),
                old_inputs=to_struct(old_inputs),
            ),
        )


@dataclass
class Stack:
    """One resource's state, kept and advanced as the engine does."""

    server: ProviderServer
    """The provider server the engine talks to."""
    urn: str
    """The resource's URN."""
    id: str = ""
    """The resource's id; empty while it does not exist."""
    inputs: dict[str, Any] = field(default_factory=dict)
    """The checked inputs recorded at the last step."""
    outputs: dict[str, Any] = field(default_factory=dict)
    """The outputs recorded at the last step."""
    steps: list[str] = field(default_factory=list)
    """The steps taken: create, update, same, replace, delete, refresh."""

    def check(self, news: Mapping[str, Any]) -> dict[str, Any]:
        """Check the program's inputs; a failure raises :class:`CheckFailed`."""
        checked, failures = self.server.check(self.urn, self.inputs, news)
        if failures:
            raise CheckFailed(failures)
        return checked

    def preview(self, news: Mapping[str, Any]) -> DiffOutcome | None:
        """What ``pulumi preview`` asks: Check, then Diff when the resource exists."""
        checked = self.check(news)
        if not self.id:
            return None
        return self.server.diff(self.id, self.urn, self.outputs, checked, self.inputs)

    def up(self, news: Mapping[str, Any]) -> str:
        """One ``pulumi up`` of the resource; returns the step taken."""
        checked = self.check(news)
        if not self.id:
            self.id, self.outputs = self.server.create(self.urn, checked)
            self.inputs = checked
            return self._step("create")
        diff = self.server.diff(self.id, self.urn, self.outputs, checked, self.inputs)
        if not diff.has_changes:
            # A "same" step records the new inputs and keeps the outputs.
            self.inputs = checked
            return self._step("same")
        if not diff.replaces:
            self.outputs = self.server.update(
                self.id, self.urn, self.outputs, checked, self.inputs
            )
            self.inputs = checked
            return self._step("update")
        if diff.delete_before_replace:
            self.server.delete(self.id, self.urn, self.outputs, self.inputs)
            self.id = ""
            self.id, self.outputs = self.server.create(self.urn, checked)
        else:
            old_id, old_outputs, old_inputs = self.id, self.outputs, self.inputs
            self.id, self.outputs = self.server.create(self.urn, checked)
            self.server.delete(old_id, self.urn, old_outputs, old_inputs)
        self.inputs = checked
        return self._step("replace")

    def refresh(self) -> str:
        """One ``pulumi refresh``: Read, and forget the resource when it is gone."""
        new_id, outputs = self.server.read(self.id, self.urn, self.outputs, self.inputs)
        if not new_id:
            self.id, self.inputs, self.outputs = "", {}, {}
            return self._step("refresh-gone")
        self.id, self.outputs = new_id, outputs
        return self._step("refresh")

    def destroy(self) -> None:
        """One ``pulumi destroy`` of the resource."""
        if self.id:
            self.server.delete(self.id, self.urn, self.outputs, self.inputs)
        self.id, self.inputs, self.outputs = "", {}, {}
        self._step("delete")

    def _step(self, name: str) -> str:
        self.steps.append(name)
        return name


class CheckFailed(Exception):
    """Check reported failures; the engine stops before any other call."""

    def __init__(self, failures: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{p}: {r}" for p, r in failures))
        self.failures = failures


def urn_for(resource_name: str, stack: str = "dev") -> str:
    """The URN of a Daemon resource in the example project."""
    return (
        f"urn:pulumi:{stack}::ecs-monitoring-daemon::"
        f"pulumi-python:dynamic/ecs:Daemon::{resource_name}"
    )
