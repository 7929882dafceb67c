"""Local stand-in for the Amazon ECS daemon API.

A werkzeug WSGI app that speaks the ECS JSON 1.1 protocol, driven by botocore's
own service model, with simulated clusters, Managed Instances capacity providers,
daemon task definitions, daemons and their deployments. Start it with
``python -m ecs_daemon_local`` or :func:`ecs_daemon_local.server.start_local_endpoint`.

Importing this package has no side effects: werkzeug and botocore are imported by
the modules that need them.
"""

from __future__ import annotations

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())
