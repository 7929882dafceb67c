"""The handler's Lambda asset: contents, determinism, and the shipped ECS model."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import botocore.loaders

from cdk_ecs_daemon import asset


def files_of(directory: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def test_asset_holds_the_handler_the_core_and_the_ecs_model_only(
    tmp_path: Path,
) -> None:
    asset.stage_handler_asset(tmp_path)

    files = files_of(tmp_path)
    tops = {name.split("/", 1)[0] for name in files}
    assert tops == {"ecs_daemon_handler", "ecs_daemon_core", "botocore_data"}
    assert "ecs_daemon_handler/handler.py" in files
    assert "ecs_daemon_core/operations.py" in files
    assert not [
        name for name in files if "__pycache__" in name or name.endswith(".pyc")
    ]
    models = [name for name in files if name.startswith("botocore_data/")]
    assert len(models) == 1
    assert models[0].startswith("botocore_data/ecs/2014-11-13/service-2.json")


def test_staging_twice_gives_byte_identical_files(tmp_path: Path) -> None:
    asset.stage_handler_asset(tmp_path / "one")
    asset.stage_handler_asset(tmp_path / "two")

    assert files_of(tmp_path / "one") == files_of(tmp_path / "two")


def test_handler_imports_from_the_asset_alone(tmp_path: Path) -> None:
    asset.stage_handler_asset(tmp_path)
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(tmp_path)!r})
        import ecs_daemon_handler.handler
        import ecs_daemon_core
        assert ecs_daemon_core.__file__.startswith({str(tmp_path)!r})
        assert "cdk_ecs_daemon" not in sys.modules
        assert "aws_cdk" not in sys.modules
        print("imported")
        """
    )

    result = subprocess.run(
        [sys.executable, "-I", "-c", script],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "imported" in result.stdout


def _botocore_without_daemons(target: Path) -> Path:
    """A copy of botocore's data whose ECS model predates the daemon API."""
    builtin = Path(botocore.loaders.Loader.BUILTIN_DATA_PATH)
    target.mkdir()
    for entry in builtin.iterdir():
        if entry.name != "ecs":
            (target / entry.name).symlink_to(entry)
    version = asset.ecs_service_model().parent
    ecs = target / "ecs" / version.name
    ecs.mkdir(parents=True)
    for entry in version.iterdir():
        if not entry.name.startswith("service-2."):
            (ecs / entry.name).symlink_to(entry)
    model = botocore.loaders.Loader().load_service_model("ecs", "service-2")
    model["operations"] = {
        name: op for name, op in model["operations"].items() if "Daemon" not in name
    }
    with gzip.open(ecs / "service-2.json.gz", "wt") as handle:
        json.dump(model, handle)
    return target


def test_shipped_model_gives_the_daemon_api_to_a_botocore_without_it(
    tmp_path: Path,
) -> None:
    old_data = _botocore_without_daemons(tmp_path / "old-botocore")
    asset.stage_handler_asset(tmp_path / "asset")
    script = textwrap.dedent(
        f"""
        import sys
        import botocore.loaders, botocore.session
        botocore.loaders.Loader.BUILTIN_DATA_PATH = {str(old_data)!r}

        def ecs():
            return botocore.session.Session().create_client(
                "ecs", region_name="us-east-1"
            )

        assert not hasattr(ecs(), "create_daemon"), "old botocore knows daemons"
        sys.path.insert(0, {str(tmp_path / "asset")!r})
        import ecs_daemon_handler.handler
        assert hasattr(ecs(), "create_daemon"), "shipped model not used"
        print("daemon api available")
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "AWS_DATA_PATH"}

    result = subprocess.run(
        [sys.executable, "-I", "-c", script],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env=env,
    )

    assert result.returncode == 0, result.stderr
    assert "daemon api available" in result.stdout
