"""The provider object itself: pickling, its client cache, its region sources."""

from __future__ import annotations

import base64
import threading
import time
from typing import Any

import dill
import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config
from pulumi.dynamic.dynamic import serialize_provider

from pulumi_ecs_daemon import DaemonProvider, RegionMissingError, provider
from tests.pulumi.samples import inputs


class _Stop(Exception):
    """Raised by the fake client factory to end a create before any call."""


@pytest.fixture
def client_regions(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """Regions the provider builds clients for; the first build stops the create."""
    regions: list[str | None] = []

    def fake_client(region: str | None = None, **_: Any) -> Any:
        regions.append(region)
        raise _Stop

    monkeypatch.setattr(provider, "make_ecs_client", fake_client)
    return regions


def configured(region: str | None) -> DaemonProvider:
    daemon_provider = DaemonProvider()
    raw = {} if region is None else {"aws:region": region}
    daemon_provider.configure(ConfigureRequest(Config(raw, "project")))
    return daemon_provider


def test_pickles_by_reference_in_well_under_a_kilobyte() -> None:
    daemon_provider = DaemonProvider()
    daemon_provider._client("us-east-1")

    blob = base64.b64decode(serialize_provider(daemon_provider))

    assert len(blob) < 256
    assert b"pulumi_ecs_daemon.provider" in blob
    assert b"boto" not in blob and b"lock" not in blob.lower()
    restored = dill.loads(blob)
    assert type(restored) is DaemonProvider
    assert restored._clients == {}


def test_unpickled_provider_can_build_clients() -> None:
    restored = dill.loads(dill.dumps(DaemonProvider()))

    client = restored._client("eu-west-1")

    assert client.meta.region_name == "eu-west-1"


def test_client_cache_builds_one_client_per_region_across_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built: list[str | None] = []
    real = provider.make_ecs_client

    def slow_client(region: str | None = None, **kwargs: Any) -> Any:
        built.append(region)
        time.sleep(0.05)  # widen the window in which threads could race
        return real(region, **kwargs)

    monkeypatch.setattr(provider, "make_ecs_client", slow_client)
    daemon_provider = DaemonProvider()
    clients: list[Any] = []
    threads = [
        threading.Thread(
            target=lambda: clients.append(daemon_provider._client("us-east-1"))
        )
        for _ in range(8)
    ]

    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert built == ["us-east-1"]
    assert len({id(client) for client in clients}) == 1


def test_region_input_comes_first(client_regions: list[str | None]) -> None:
    with pytest.raises(_Stop):
        configured("eu-west-1").create(inputs(region="ap-south-1"))

    assert client_regions == ["ap-south-1"]


def test_stack_config_region_comes_second(client_regions: list[str | None]) -> None:
    with pytest.raises(_Stop):
        configured("eu-west-1").create(inputs())

    assert client_regions == ["eu-west-1"]


def test_environment_region_comes_last(
    client_regions: list[str | None],
) -> None:
    # None asks make_ecs_client for boto3's own resolution: AWS_REGION, profile.
    with pytest.raises(_Stop):
        configured(None).create(inputs())

    assert client_regions == [None]


def test_create_without_any_region_says_where_to_set_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")

    with pytest.raises(RegionMissingError, match="aws:region"):
        configured(None).create(inputs())
