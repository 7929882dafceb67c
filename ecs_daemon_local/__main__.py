"""Command line: ``python -m ecs_daemon_local`` (or ``ecs-daemon-local``).

Prints the endpoint URL alone on the first line of standard output, then serves
until interrupted, logging one access line per request to standard error.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
from types import FrameType

from ecs_daemon_local.backend import DEFAULT_ACCOUNT_ID, DEFAULT_REGION, Backend
from ecs_daemon_local.errors import EcsError
from ecs_daemon_local.server import endpoint_url, make_endpoint_server


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ecs-daemon-local",
        description="Local stand-in for the Amazon ECS daemon API (JSON 1.1).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind")
    parser.add_argument(
        "--port", type=int, default=4599, help="port to bind; 0 picks a free one"
    )
    parser.add_argument(
        "--time-scale",
        type=float,
        default=1.0,
        help="simulated seconds per real second; 0 freezes time (default 1)",
    )
    parser.add_argument(
        "--seed", metavar="FILE", help="JSON seed document to preload resources from"
    )
    parser.add_argument("--region", default=DEFAULT_REGION, help="region of the ARNs")
    parser.add_argument(
        "--account-id", default=DEFAULT_ACCOUNT_ID, help="account of the ARNs"
    )
    parser.add_argument(
        "--log-level",
        default="INFO",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="log level on standard error (INFO shows one line per request)",
    )
    return parser


def _stop(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def main(argv: list[str] | None = None) -> int:
    """Run the endpoint in the foreground; returns the exit status."""
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=args.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )

    backend = Backend(
        region=args.region, account_id=args.account_id, time_scale=args.time_scale
    )
    if args.seed:
        try:
            with open(args.seed, encoding="utf-8") as file:
                created = backend.seed(json.load(file))
        except (OSError, ValueError, EcsError) as exc:
            print(
                f"ecs-daemon-local: cannot seed from {args.seed}: {exc}",
                file=sys.stderr,
            )
            return 2
        logging.getLogger(__name__).info(
            "seeded %s", {key: len(arns) for key, arns in created.items()}
        )

    server = make_endpoint_server(backend, args.host, args.port)
    print(endpoint_url(args.host, server.port), flush=True)
    signal.signal(signal.SIGTERM, _stop)
    # serve_forever closes the socket on Ctrl-C and on SystemExit alike.
    server.serve_forever(poll_interval=0.2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
