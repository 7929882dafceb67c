"""The command line starts a real server, prints its URL and serves until stopped."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import boto3
import pytest

from ecs_daemon_local.control import LocalControl
from tests.local.conftest import CONTAINERS


@pytest.mark.slow
def test_cli_prints_its_url_serves_seeded_state_and_stops(tmp_path: Path) -> None:
    seed = tmp_path / "seed.json"
    seed.write_text(
        json.dumps(
            {
                "clusters": [{"clusterName": "demo"}],
                "capacityProviders": [{"name": "demo-mi", "cluster": "demo"}],
                "daemonTaskDefinitions": [
                    {"family": "agent", "containerDefinitions": CONTAINERS}
                ],
            }
        )
    )
    command = [
        sys.executable,
        "-m",
        "ecs_daemon_local",
        "--port",
        "0",
        "--time-scale",
        "60",
        "--region",
        "eu-west-1",
        "--seed",
        str(seed),
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        # GIVEN the URL on the first line of standard output
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")

        # WHEN boto3 and the control client use it
        health = LocalControl(url).health()
        client = boto3.session.Session(
            aws_access_key_id="x", aws_secret_access_key="y", region_name="eu-west-1"
        ).client("ecs", endpoint_url=url)
        clusters = client.list_clusters()["clusterArns"]

        # THEN it serves the seeded state at the requested settings
        assert health["time_scale"] == 60
        assert clusters == ["arn:aws:ecs:eu-west-1:000000000000:cluster/demo"]
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=10)

    assert process.returncode == 0
    assert "POST ListClusters 200" in stderr


def test_cli_refuses_a_bad_seed_file(tmp_path: Path) -> None:
    seed = tmp_path / "seed.json"
    seed.write_text('{"clusters": [{"clusterName": "bad name"}]}')

    result = subprocess.run(
        [sys.executable, "-m", "ecs_daemon_local", "--port", "0", "--seed", str(seed)],
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert result.returncode == 2
    assert "cannot seed" in result.stderr
