"""The demo ``make demo`` runs: the whole lifecycle through both front ends."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo.py"


def test_demo_runs_the_lifecycle_through_both_front_ends() -> None:
    finished = subprocess.run(
        [sys.executable, str(DEMO)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert finished.returncode == 0, finished.stderr[-3000:]
    out = finished.stdout
    assert "done: every daemon created was deleted again" in out
    # The tag-only steps of both front ends make tag calls and no UpdateDaemon.
    assert "update: tags only" in out
    tag_step = out.split("update: tags only", 1)[1].split("\n\n", 1)[0]
    assert "TagResource" in tag_step and "UpdateDaemon" not in tag_step
    assert "must be between 0 and 100 percent, got 150.0" in out
    assert "live tags: {'owner': 'someone', 'team': 'sre'}" in out
