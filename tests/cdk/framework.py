"""Drive the synthesized Provider framework code as CloudFormation and AWS would.

* :class:`LocalAws` is one local HTTP server that plays three AWS parts: the
  S3 bucket behind CloudFormation's ResponseURL (it keeps the PUT answer),
  Lambda's Invoke API (it runs the synthesized handler asset in a Python
  subprocess), and Step Functions' StartExecution (it keeps the waiter input).
* :class:`CustomResourceDriver` sends CloudFormation's events (every value a
  string) to the framework's ``onEvent`` under node, then calls ``isComplete``
  and ``onTimeout`` in the order the framework's waiter state machine would,
  until CloudFormation has its answer.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from .events import cfn_event

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ON_EVENT_ARN = "arn:aws:lambda:us-east-1:000000000000:function:ecs-daemon-on-event"
IS_COMPLETE_ARN = "arn:aws:lambda:us-east-1:000000000000:function:ecs-daemon-done"
_RETRY = re.compile(r'"IntervalSeconds":(\d+),"MaxAttempts":(\d+)')
WAITER_ARN = "arn:aws:states:us-east-1:000000000000:stateMachine:waiter"
HANDLERS = {
    ON_EVENT_ARN: "ecs_daemon_handler.handler.on_event",
    IS_COMPLETE_ARN: "ecs_daemon_handler.handler.is_complete",
}


@dataclass(frozen=True)
class SynthesizedProvider:
    """Where a synthesized stack keeps the provider's code, and its schedule."""

    framework_dir: Path
    """The Provider framework's asset (framework.js and friends)."""
    handler_dir: Path
    """The handler's asset."""
    interval_seconds: int
    """Seconds between two isComplete calls of the waiter."""
    max_attempts: int
    """isComplete retries before the waiter calls onTimeout."""


def find_provider(outdir: Path, template: dict[str, Any]) -> SynthesizedProvider:
    """Locate the provider's assets and waiter schedule in a cloud assembly."""
    directories: dict[str, Path] = {}
    schedule: tuple[int, int] | None = None
    for resource in template["Resources"].values():
        properties = resource.get("Properties", {})
        if resource["Type"] == "AWS::Lambda::Function":
            key = properties["Code"]["S3Key"]
            directories[properties["Handler"]] = outdir / f"asset.{key[:-4]}"
        if resource["Type"] == "AWS::StepFunctions::StateMachine":
            parts = properties["DefinitionString"]["Fn::Join"][1]
            definition = "".join(p for p in parts if isinstance(p, str))
            retry = re.search(
                r'"IntervalSeconds":(\d+),"MaxAttempts":(\d+)', definition
            )
            assert retry is not None, definition
            schedule = (int(retry[1]), int(retry[2]))
    assert schedule is not None, "no waiter state machine in the template"
    return SynthesizedProvider(
        framework_dir=directories["framework.onEvent"],
        handler_dir=directories[HANDLERS[ON_EVENT_ARN]],
        interval_seconds=schedule[0],
        max_attempts=schedule[1],
    )


@dataclass
class LocalAws:
    """The local stand-ins for S3 responses, Lambda Invoke and Step Functions."""

    handler_dir: Path
    handler_env: dict[str, str]
    clock_offset_seconds: float = 0.0
    responses: dict[str, dict[str, Any]] = field(default_factory=dict)
    executions: list[dict[str, Any]] = field(default_factory=list)
    invocations: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def invoke(self, function_arn: str, payload: bytes) -> tuple[dict[str, Any], bool]:
        """Run a handler of the asset on a payload; returns (body, errored)."""
        self.invocations.append(function_arn)
        with tempfile.TemporaryDirectory() as scratch:
            result_file = Path(scratch) / "result.json"
            env = {
                **self.handler_env,
                "LAMBDA_CLOCK_OFFSET_SECONDS": str(self.clock_offset_seconds),
            }
            completed = subprocess.run(
                [
                    sys.executable,
                    "-I",
                    str(HERE / "lambda_runner.py"),
                    str(self.handler_dir),
                    HANDLERS[function_arn],
                    str(result_file),
                ],
                input=payload,
                env=env,
                capture_output=True,
                timeout=120,
                check=False,
            )
            assert result_file.exists(), completed.stderr.decode()[-3000:]
            outcome = json.loads(result_file.read_text())
        if "result" in outcome:
            return outcome["result"], False
        return outcome, True

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        local = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the tests assert on what arrived instead."""

            def do_PUT(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                request_id = self.path.split("?", 1)[0].rsplit("/", 1)[1]
                local.responses[request_id] = json.loads(body)
                self._answer(200, b"")

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                target = self.headers.get("X-Amz-Target", "")
                if target == "AWSStepFunctions.StartExecution":
                    request = json.loads(body)
                    local.executions.append(json.loads(request["input"]))
                    answer = {"executionArn": f"{WAITER_ARN}:{uuid.uuid4()}"}
                    answer["startDate"] = 0
                    self._answer(200, json.dumps(answer).encode())
                    return
                # Lambda Invoke: POST /2015-03-31/functions/<name>/invocations
                function = unquote(self.path.split("/functions/", 1)[1].split("/")[0])
                result, errored = local.invoke(function, body)
                headers = {"X-Amz-Function-Error": "Unhandled"} if errored else {}
                self._answer(200, json.dumps(result).encode(), headers)

            def _answer(
                self, status: int, body: bytes, headers: dict[str, str] | None = None
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

        return Handler


@dataclass(frozen=True)
class CfnAnswer:
    """What the framework PUT to the ResponseURL."""

    status: str
    physical_id: str
    data: dict[str, Any]
    reason: str


@dataclass
class CustomResourceDriver:
    """Plays CloudFormation and the waiter state machine for one resource."""

    provider: SynthesizedProvider
    aws: LocalAws
    between_polls: Callable[[], None] = lambda: None
    max_attempts: int | None = None
    calls: list[str] = field(default_factory=list)

    def create(self, properties: dict[str, Any]) -> CfnAnswer:
        return self.send(cfn_event("Create", properties, response_url=self._url()))

    def update(
        self, old: dict[str, Any], new: dict[str, Any], physical_id: str
    ) -> CfnAnswer:
        event = cfn_event(
            "Update",
            new,
            old_properties=old,
            physical_id=physical_id,
            response_url=self._url(),
        )
        return self.send(event)

    def delete(self, properties: dict[str, Any], physical_id: str) -> CfnAnswer:
        event = cfn_event(
            "Delete", properties, physical_id=physical_id, response_url=self._url()
        )
        return self.send(event)

    def send(self, event: dict[str, Any]) -> CfnAnswer:
        """Deliver one event and return CloudFormation's answer."""
        request_id = self._request_id(event)
        event["RequestId"] = request_id
        self.aws.executions.clear()
        self._node("onEvent", event)
        if request_id in self.aws.responses:
            return self._answer(request_id)

        (waiter_input,) = self.aws.executions
        attempts = self.max_attempts or self.provider.max_attempts
        outcome: dict[str, Any] = {}
        # The first isComplete runs at once, then once per interval per retry.
        for _ in range(attempts + 1):
            outcome = self._node("isComplete", waiter_input)
            if request_id in self.aws.responses:
                return self._answer(request_id)
            assert outcome.get("thrown", {}).get("name") == "Retry", outcome
            self.between_polls()
        cause = {"errorType": "Retry", "errorMessage": outcome["thrown"]["message"]}
        self._node("onTimeout", {"Error": "Retry", "Cause": json.dumps(cause)})
        return self._answer(request_id)

    def _node(self, entry: str, event: dict[str, Any]) -> dict[str, Any]:
        self.calls.append(entry)
        env = {
            "PATH": os.environ["PATH"],
            "NODE_PATH": str(ROOT / "node_modules"),
            "AWS_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_ENDPOINT_URL_LAMBDA": self.aws.url,
            "AWS_ENDPOINT_URL_SFN": self.aws.url,
            "USER_ON_EVENT_FUNCTION_ARN": ON_EVENT_ARN,
            "USER_IS_COMPLETE_FUNCTION_ARN": IS_COMPLETE_ARN,
            "WAITER_STATE_MACHINE_ARN": WAITER_ARN,
        }
        completed = subprocess.run(
            [
                "node",
                str(HERE / "framework_driver.js"),
                str(self.provider.framework_dir),
                entry,
                str(self.aws.port),
            ],
            input=json.dumps(event),
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        marker = "@@OUTCOME@@"
        assert marker in completed.stdout, completed.stderr[-3000:]
        return dict(json.loads(completed.stdout.rsplit(marker, 1)[1]))

    def _answer(self, request_id: str) -> CfnAnswer:
        body = self.aws.responses.pop(request_id)
        return CfnAnswer(
            status=body["Status"],
            physical_id=body["PhysicalResourceId"],
            data=body.get("Data") or {},
            reason=body.get("Reason", ""),
        )

    def _url(self) -> str:
        # A presigned URL carries its signature in the query string.
        return f"{self.aws.url}/responses/{{id}}?X-Amz-Signature=secret"

    @staticmethod
    def _request_id(event: dict[str, Any]) -> str:
        request_id = str(uuid.uuid4())
        event["ResponseURL"] = event["ResponseURL"].replace("{id}", request_id)
        return request_id
