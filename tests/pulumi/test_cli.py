"""The example through the ``pulumi`` CLI, and the local setup its README gives.

The CLI test runs only where a ``pulumi`` binary is on PATH: it runs the
example with ``pulumi up`` and ``pulumi destroy`` on a local backend against
the local endpoint, with the endpoint seeded from the example's seed file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ecs_daemon_local.testing import LocalEcs
from pulumi_ecs_daemon import DaemonProvider
from tests.pulumi.engine import REPO_ROOT
from tests.pulumi.program import EXAMPLE_DIR, run_example

PULUMI = shutil.which("pulumi")
SEED = EXAMPLE_DIR / "local-seed.json"
CONFIG_KEYS = ("clusterArn", "capacityProviderArn", "taskDefinitionArn")


def readme_local_config() -> dict[str, str]:
    """The ``pulumi config set`` values the README gives for the local endpoint."""
    readme = (EXAMPLE_DIR / "README.md").read_text()
    local = readme[readme.index("## Run it against the local endpoint") :]
    found = dict(re.findall(r"pulumi config set (\w+) (\S+)", local))
    return {key: found[key] for key in CONFIG_KEYS}


def seed_endpoint(ecs_local: LocalEcs) -> dict[str, list[str]]:
    return ecs_local.control.seed(json.loads(SEED.read_text()))


def test_readme_local_config_names_what_the_seed_file_creates(
    ecs_local: LocalEcs,
) -> None:
    created = seed_endpoint(ecs_local)

    config = readme_local_config()

    assert config["clusterArn"] in created["clusters"]
    assert config["capacityProviderArn"] in created["capacityProviders"]
    assert config["taskDefinitionArn"] in created["daemonTaskDefinitions"]


def test_readme_local_config_passes_check() -> None:
    (registration,) = run_example(readme_local_config())
    inputs = {k: v for k, v in registration.inputs.items() if k != "__provider"}

    assert DaemonProvider().check({}, inputs).failures == []


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    assert PULUMI is not None
    completed = subprocess.run(
        [PULUMI, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed.stdout


@pytest.mark.slow
def test_example_up_and_destroy_with_the_pulumi_cli(
    ecs_local: LocalEcs, tmp_path: Path
) -> None:
    if PULUMI is None:
        pytest.skip("the pulumi CLI is not on PATH")
    seed_endpoint(ecs_local)
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE_DIR, project, ignore=shutil.ignore_patterns("venv"))
    # Use this environment, where the package is installed, as the program's
    # virtual environment.
    manifest = project / "Pulumi.yaml"
    manifest.write_text(
        manifest.read_text().replace("virtualenv: venv", f"virtualenv: {sys.prefix}")
    )
    env = {
        **os.environ,
        **ecs_local.env,
        "PULUMI_BACKEND_URL": f"file://{tmp_path / 'state'}",
        "PULUMI_HOME": str(tmp_path / "home"),
        "PULUMI_CONFIG_PASSPHRASE": "",
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PYTHONPATH": str(REPO_ROOT),
    }
    (tmp_path / "state").mkdir()

    _run(["stack", "init", "local"], project, env)
    for key, value in readme_local_config().items():
        _run(["config", "set", key, value], project, env)
    _run(["up", "--yes", "--non-interactive"], project, env)
    daemon_arn = _run(["stack", "output", "daemonArn"], project, env).strip()
    daemon = ecs_local.ecs.describe_daemon(daemonArn=daemon_arn)["daemon"]
    _run(["destroy", "--yes", "--non-interactive"], project, env)

    assert daemon["status"] == "ACTIVE"
    listed = ecs_local.ecs.list_daemons()["daemonSummariesList"]
    assert [d for d in listed if d["daemonArn"] == daemon_arn] == []
