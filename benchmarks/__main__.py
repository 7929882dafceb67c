"""Run every benchmark and print its figures as JSON (``make bench``).

Each figure is a ratio or a count taken within one run on this machine, so it
can be compared across machines; absolute times are printed for context only.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from typing import Any

SUITES = ("bench_core", "bench_local", "bench_pulumi", "bench_cdk")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument(
        "suites", nargs="*", help=f"any of {', '.join(SUITES)}; when omitted, all"
    )
    args = parser.parse_args(argv)
    unknown = sorted(set(args.suites) - set(SUITES))
    if unknown:
        parser.error(f"unknown suite {', '.join(unknown)}; pick from {SUITES}")
    results: dict[str, Any] = {}
    for name in args.suites or SUITES:
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"running {name} ...", file=sys.stderr, flush=True)
        results[name] = module.run()
    print(json.dumps(results, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
