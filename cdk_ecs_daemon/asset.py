"""The Lambda asset of the handler, staged so that the same source gives the same hash.

The asset holds exactly three things:

* ``ecs_daemon_handler/``: the handler package (``cdk_ecs_daemon/runtime``);
* ``ecs_daemon_core/``: the shared core;
* ``botocore_data/ecs/<api version>/service-2.json.gz``: the ECS service model
  of the installed botocore, so that a Lambda runtime whose bundled botocore
  predates the daemon API still knows it.

It never holds boto3 (the runtime has one), caches or compiled files. Files are
copied byte for byte into a fresh directory, so their timestamps and the
machine they were built on play no part in the asset hash.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

import botocore
import botocore.loaders

import ecs_daemon_core
from cdk_ecs_daemon import runtime

HANDLER_PACKAGE = "ecs_daemon_handler"
CORE_PACKAGE = "ecs_daemon_core"
MODELS_DIRECTORY = "botocore_data"
ON_EVENT_HANDLER = f"{HANDLER_PACKAGE}.handler.on_event"
IS_COMPLETE_HANDLER = f"{HANDLER_PACKAGE}.handler.is_complete"
_MODEL_NAMES = ("service-2.json.gz", "service-2.json")


class MissingDaemonModelError(Exception):
    """The installed botocore has no ECS daemon API to ship."""


@functools.cache
def handler_asset_directory() -> Path:
    """Stage the asset once per process and return its directory.

    The directory is removed when the process exits, after synthesis has
    copied it into the cloud assembly.
    """
    directory = Path(tempfile.mkdtemp(prefix="ecs-daemon-handler-"))
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    stage_handler_asset(directory)
    return directory


def stage_handler_asset(directory: Path) -> None:
    """Write the asset's files into ``directory`` (which should be empty)."""
    _copy_package(Path(runtime.__file__).parent, directory / HANDLER_PACKAGE)
    _copy_package(Path(ecs_daemon_core.__file__).parent, directory / CORE_PACKAGE)
    model = ecs_service_model()
    target = directory / MODELS_DIRECTORY / "ecs" / model.parent.name / model.name
    target.parent.mkdir(parents=True)
    target.write_bytes(model.read_bytes())


def ecs_service_model() -> Path:
    """The ECS ``service-2`` model file of the installed botocore.

    :raises MissingDaemonModelError: when that model has no CreateDaemon.
    """
    root = Path(botocore.loaders.Loader.BUILTIN_DATA_PATH) / "ecs"
    versions = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    files = [versions[-1] / name for name in _MODEL_NAMES] if versions else []
    existing = [f for f in files if f.is_file()]
    if not existing:
        raise MissingDaemonModelError(f"no ECS service model under {root}")
    model = botocore.loaders.Loader().load_service_model(
        "ecs", "service-2", versions[-1].name
    )
    if "CreateDaemon" not in model.get("operations", {}):
        raise MissingDaemonModelError(
            f"botocore {botocore.__version__} has no ECS daemon API; the handler"
            " asset needs botocore 1.42.81 or later to ship its ECS model"
        )
    return existing[0]


def _copy_package(source: Path, target: Path) -> None:
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if "__pycache__" in relative.parts or not path.is_file():
            continue
        if path.suffix not in (".py", ".typed"):
            continue
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(path.read_bytes())
