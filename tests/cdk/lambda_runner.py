"""Runs one handler of the Lambda asset, as the Python Lambda runtime does.

usage: python -I lambda_runner.py <asset dir> <module.function> <result file>

The event is read from stdin. The asset directory comes first on ``sys.path``,
as the runtime's task root does, so the asset's own ``ecs_daemon_core`` is the
one imported. ``LAMBDA_CLOCK_OFFSET_SECONDS`` moves the wall clock forward, to
stand for time that passed between two invocations.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
import traceback
from typing import Any


class Context:
    """The members of the Lambda context object a handler may read."""

    function_name = "ecs-daemon-handler"
    aws_request_id = "00000000-0000-4000-8000-000000000000"

    def get_remaining_time_in_millis(self) -> int:
        return 60_000


def main() -> None:
    asset_dir, handler, result_file = sys.argv[1:4]
    offset = float(os.environ.get("LAMBDA_CLOCK_OFFSET_SECONDS", "0"))
    if offset:
        real_time = time.time
        time.time = lambda: real_time() + offset
    sys.path.insert(0, asset_dir)
    module_name, function_name = handler.rsplit(".", 1)
    event = json.loads(sys.stdin.read())

    outcome: dict[str, Any]
    try:
        function = getattr(importlib.import_module(module_name), function_name)
        outcome = {"result": function(event, Context())}
    except Exception as exc:
        outcome = {
            "errorMessage": str(exc),
            "errorType": type(exc).__name__,
            "stackTrace": traceback.format_exception(exc),
        }
    with open(result_file, "w") as handle:
        json.dump(outcome, handle)


if __name__ == "__main__":
    main()
