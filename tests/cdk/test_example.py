"""The example app: cfn-lint, cdk-nag, and ``cdk synth`` with the npm CLI."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import aws_cdk as cdk
import pytest
from cfnlint.api import ManualArgs, lint_file

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "cdk"
STACK = "EcsDaemonExample"

# W3005: CDK makes every Lambda function depend on its role and also reads the
# role's ARN with GetAtt, which cfn-lint calls redundant. The Provider
# framework's functions are built that way inside aws-cdk-lib; the dependency
# is harmless and not ours to remove.
CFN_LINT_IGNORED = ["W3005"]


def example_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "ecs_daemon_cdk_example", EXAMPLE / "app.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def synth_example(outdir: Path, *plugins: Any) -> Path:
    app = cdk.App(outdir=str(outdir))
    example_module().DaemonExampleStack(app, STACK)
    if plugins:
        cdk.Validations.of(app).add_plugins(*plugins)
    app.synth()
    return outdir / f"{STACK}.template.json"


@pytest.fixture(scope="module")
def example_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synth_example(tmp_path_factory.mktemp("example"))


def test_example_has_cluster_capacity_task_definition_and_daemon(
    example_template: Path,
) -> None:
    template = json.loads(example_template.read_text())

    types = [resource["Type"] for resource in template["Resources"].values()]

    for kind in (
        "AWS::ECS::Cluster",
        "AWS::ECS::CapacityProvider",
        "AWS::ECS::DaemonTaskDefinition",
        "Custom::EcsDaemon",
    ):
        assert types.count(kind) == 1, kind


def test_cfn_lint_reports_nothing_on_the_example_template(
    example_template: Path,
) -> None:
    config = ManualArgs(ignore_checks=CFN_LINT_IGNORED, regions=["us-east-1"])

    matches = lint_file(example_template, config=config)

    assert [str(match) for match in matches] == []


def test_cdk_nag_reports_nothing_unacknowledged_on_the_example(
    tmp_path: Path,
) -> None:
    from cdk_nag import AwsSolutionsChecks

    outdir = tmp_path / "nag"
    app_plugin = AwsSolutionsChecks()

    # Synthesis raises when any finding is not acknowledged.
    template = synth_example(outdir, app_plugin)

    report = json.loads((outdir / "validation-report.json").read_text())
    (nag,) = [r for r in report["pluginReports"] if r["pluginName"] == "AwsSolutions"]
    assert nag["conclusion"] == "success"
    assert template.is_file()


def test_every_acknowledged_nag_finding_has_a_written_reason(tmp_path: Path) -> None:
    app = cdk.App(outdir=str(tmp_path))
    stack = example_module().DaemonExampleStack(app, STACK)

    reasons: dict[str, str] = {}
    for construct in stack.node.find_all():
        for entry in construct.node.metadata:
            if entry.type == cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY:
                reasons.update(
                    (rule, reason)
                    for rule, reason in entry.data.items()
                    if rule.startswith("AwsSolutions::")
                )

    # The provider's own acknowledgments are among them.
    assert any("daemon-deployment/*" in rule for rule in reasons)
    for rule, reason in reasons.items():
        assert len(reason.split()) >= 8, rule


@pytest.mark.slow
def test_npx_cdk_synth_of_the_example_succeeds_offline(tmp_path: Path) -> None:
    npx = shutil.which("npx")
    assert npx is not None, "Node.js and npm are needed to run the CDK CLI"
    assert (ROOT / "node_modules" / ".bin" / "cdk").exists(), "run npm ci first"
    env = {
        **os.environ,
        "CDK_DISABLE_VERSION_CHECK": "1",
        "AWS_EC2_METADATA_DISABLED": "true",
        "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20",
        # The app command in cdk.json is the project's own Python.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }

    result = subprocess.run(
        [
            npx,
            "--no-install",
            "cdk",
            "synth",
            "--no-lookups",
            "--no-notices",
            "--no-version-reporting",
            "--output",
            str(tmp_path / "cdk.out"),
            "--quiet",
        ],
        cwd=EXAMPLE,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    template = json.loads((tmp_path / "cdk.out" / f"{STACK}.template.json").read_text())
    assert "Custom::EcsDaemon" in {r["Type"] for r in template["Resources"].values()}
