"""The ECS service model shipped with the handler.

The Lambda runtime bundles its own boto3 and botocore, and a runtime built
before the daemon API knows no ``CreateDaemon``. The asset therefore carries
the ECS service model of the botocore it was built with, in
``botocore_data/ecs/<api version>/``, and the handler puts that directory first
on botocore's data path (``AWS_DATA_PATH``) before it creates any client.
botocore searches those directories before its own ``data/``.
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_PATH_ENV = "AWS_DATA_PATH"
MODELS_DIRECTORY = "botocore_data"


def models_directory() -> Path:
    """Where the asset keeps the service models: beside this package."""
    return Path(__file__).resolve().parent.parent / MODELS_DIRECTORY


def install_service_models() -> bool:
    """Put the shipped models first on botocore's data path.

    Returns whether the asset ships models at all (the source tree does not;
    there the installed botocore is used as it is). Calling it again does not
    add the directory twice.
    """
    directory = models_directory()
    if not directory.is_dir():
        return False
    current = os.environ.get(DATA_PATH_ENV, "")
    paths = [p for p in current.split(os.pathsep) if p]
    if str(directory) not in paths:
        os.environ[DATA_PATH_ENV] = os.pathsep.join([str(directory), *paths])
    return True
