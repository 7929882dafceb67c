"""The dynamic resource provider behind :class:`~pulumi_ecs_daemon.Daemon`.

The engine runs this provider in its own process (``python -m pulumi.dynamic``,
four worker threads) and keeps the provider object, pickled with dill, in the
stack's state. So:

* the class lives at module level in this installed package and pickles by
  reference (about a hundred bytes); it must never be renamed or moved, since
  stored states name it;
* the pickled state holds no client, session or Output: clients are built in
  the provider process on first use, cached per region under a lock, and
  dropped by ``__getstate__``;
* every method maps the engine's property bag to a core call and the result
  back to a ``*Result``; the rules themselves live in :mod:`ecs_daemon_core`
  and the create and roll-out steps in :mod:`pulumi_ecs_daemon.lifecycle`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from botocore.exceptions import NoRegionError
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from ecs_daemon_core import (
    ValidationError,
    apply_plan,
    arns,
    delete_daemon,
    is_unknown,
    make_ecs_client,
    parse_daemon_arn,
    plan_change,
    read_daemon,
    wait_daemon_deleted,
)
from pulumi_ecs_daemon import lifecycle, naming
from pulumi_ecs_daemon.errors import RegionMissingError
from pulumi_ecs_daemon.properties import (
    INPUTS,
    REPLACE_INPUTS,
    SPEC_INPUTS,
    STATE_OUTPUTS,
    ProviderSettings,
    clean_outputs,
    from_engine,
    live_outputs,
    problems_of,
    spec_from_props,
    unknown_inputs,
)

if TYPE_CHECKING:
    from mypy_boto3_ecs.client import ECSClient

logger = logging.getLogger(__name__)

_NAME_INPUTS = ("daemon_name", "cluster_arn")


class DaemonProvider(ResourceProvider):
    """Creates, updates, reads and deletes one ECS managed daemon per resource."""

    serialize_as_secret_always = False
    """The pickled provider holds no secret, so the state need not encrypt it."""

    def __init__(self) -> None:
        super().__init__()
        self._start()

    def _start(self) -> None:
        self._lock = threading.Lock()
        self._clients: dict[str, ECSClient] = {}
        self._config_region: str | None = None

    def __getstate__(self) -> dict[str, Any]:
        # Only a format marker is stored: clients, the lock and configuration
        # belong to the process that uses the provider.
        return {"version": 1}

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        self._start()

    def configure(self, req: ConfigureRequest) -> None:
        """Keep the stack's ``aws:region``, the region's second source."""
        region = req.config.get("aws:region")
        self._config_region = region if isinstance(region, str) and region else None

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Fill in the daemon's name and report every broken rule.

        A name left out is taken from ``import_daemon_arn``, else kept from the
        previous inputs, else made from the resource name and a random suffix.
        Values unknown during a preview are never reported.
        """
        inputs = dict(news)
        previous = from_engine(olds)
        props = from_engine(news)
        implied = naming.names_from_import_arn(props.get("import_daemon_arn") or "")
        for name in _NAME_INPUTS:
            if props.get(name) is not None:
                continue
            if name in implied:
                inputs[name] = implied[name]
            elif name == "daemon_name" and isinstance(previous.get(name), str):
                inputs[name] = previous[name]
            elif name == "daemon_name" and not is_unknown(props.get("resource_name")):
                inputs[name] = naming.auto_name(str(props.get("resource_name") or ""))

        props = from_engine(inputs)
        failures = [CheckFailure(p.field, p.message) for p in problems_of(props)]
        failures.extend(
            CheckFailure(name, reason)
            for name, reason in naming.mismatched_import(props)
        )
        return CheckResult(inputs, failures)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Compare the recorded outputs with the new inputs through the core's plan.

        A new name, cluster or region replaces the daemon. An input unknown
        during a preview counts as changed (as a replacement for the name and
        cluster); the engine diffs again once it is known.
        """
        olds, news = from_engine(olds), from_engine(news)
        unknown = unknown_inputs(news)
        known = {n: olds.get(n) if n in unknown else news.get(n) for n in INPUTS}
        try:
            plan = plan_change(spec_from_props(olds), spec_from_props(known))
        except ValidationError:
            # Outputs that no longer form a spec (a hand-edited state): let
            # the update rebuild them.
            return DiffResult(changes=True, replaces=[], delete_before_replace=False)

        replaces = [REPLACE_INPUTS[field] for field in plan.replaces]
        replaces += [n for n in _NAME_INPUTS if n in unknown and n not in replaces]
        region_moves = self._region_moves(id_, olds, news, unknown)
        if region_moves:
            replaces.append("region")
        # Names are unique per cluster: when the replacement may keep both,
        # the old daemon has to go first.
        may_collide = plan.delete_before_replace or (
            bool(unknown & set(_NAME_INPUTS))
            and _same_or_unknown(olds, news, unknown, "daemon_name")
            and _same_or_unknown(olds, news, unknown, "cluster_arn")
        )
        changes = bool(
            replaces or plan.updates or plan.changes_tags or unknown & set(SPEC_INPUTS)
        )
        logger.debug("diff %s: replaces=%s updates=%s", id_, replaces, plan.updates)
        return DiffResult(
            changes=changes,
            replaces=replaces,
            delete_before_replace=bool(replaces) and may_collide and not region_moves,
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Create the daemon (or adopt one) and wait for its first deployment.

        The create is all or nothing: when anything fails after CreateDaemon
        made the daemon, the daemon is deleted again before the error is
        raised, so the next ``pulumi up`` starts clean.
        """
        settings = ProviderSettings.from_props(props)
        spec = spec_from_props(props)
        try:
            client = self._client(settings.region or self._config_region)
        except NoRegionError as exc:
            raise RegionMissingError() from exc
        region = client.meta.region_name
        if not region:
            raise RegionMissingError()

        adopt_arn = settings.import_daemon_arn
        if adopt_arn is None and settings.adopt_existing:
            adopt_arn = lifecycle.existing_daemon(client, spec)
        if adopt_arn is not None:
            state = lifecycle.adopt(client, adopt_arn, spec, settings)
            return CreateResult(adopt_arn, _outputs(props, adopt_arn, state, region))

        ref = lifecycle.create_new(client, spec)
        # From here on the daemon exists in ECS while the engine knows nothing
        # of it: a failure must remove it, or the next create would collide.
        try:
            state = lifecycle.settle(client, ref, spec, settings)
        except Exception as exc:
            raise lifecycle.undo_create(client, ref.daemon_arn, exc) from exc
        outputs = _outputs(props, ref.daemon_arn, state, region)
        return CreateResult(ref.daemon_arn, outputs)

    def update(
        self, id_: str, olds: dict[str, Any], news: dict[str, Any]
    ) -> UpdateResult:
        """Apply an in-place change: UpdateDaemon only when a setting changed.

        Tags change through TagResource and UntagResource alone; a deployment
        that ECS rolls back is an error naming the reason.
        """
        settings = ProviderSettings.from_props(news)
        spec = spec_from_props(news)
        plan = plan_change(spec_from_props(olds), spec)
        region = self._region_of(id_, olds)
        client = self._client(region)

        deployment_arn = apply_plan(client, id_, plan, spec)
        state = {name: olds.get(name) for name in STATE_OUTPUTS}
        if deployment_arn is not None:
            state.update(
                lifecycle.roll_out(client, id_, deployment_arn, spec, settings)
            )
        return UpdateResult(_outputs(news, id_, state, region))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """The live daemon for ``pulumi refresh``; an empty result once it is gone.

        A daemon being deleted counts as gone: it cannot come back.
        """
        region = self._region_of(id_, props)
        live = read_daemon(self._client(region), id_)
        if live is None or live.status == "DELETE_IN_PROGRESS":
            logger.debug("daemon %s is gone", id_)
            return ReadResult("", {})
        return ReadResult(id_, live_outputs(props, live, region))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Delete the daemon and wait until it is gone; a missing one is fine.

        The wait lets a cluster or capacity provider deleted after the daemon,
        in the same ``pulumi destroy``, succeed.
        """
        settings = ProviderSettings.from_props(props)
        client = self._client(self._region_of(id_, props))
        delete_daemon(client, id_)
        wait_daemon_deleted(
            client, id_, timeout_seconds=settings.deployment_timeout_seconds
        )

    def _client(self, region: str | None) -> ECSClient:
        # Building a client costs about 0.1 s, and the provider server calls
        # these methods from four threads at once: one client per region.
        key = region or ""
        with self._lock:
            client = self._clients.get(key)
            if client is None:
                client = make_ecs_client(region)
                self._clients[key] = client
        return client

    def _region_of(self, daemon_arn: str, props: Mapping[str, Any]) -> str | None:
        parsed = parse_daemon_arn(daemon_arn)
        if parsed is not None:
            return parsed.region
        recorded = props.get("region")
        return recorded if isinstance(recorded, str) else self._config_region

    def _region_moves(
        self,
        id_: str,
        olds: Mapping[str, Any],
        news: Mapping[str, Any],
        unknown: frozenset[str],
    ) -> bool:
        if "region" in unknown:
            return True
        desired = news.get("region") or self._config_region
        if not isinstance(desired, str):
            # Only the environment names the region: it can differ between
            # machines, so it never replaces a daemon that already exists.
            return False
        current = self._region_of(id_, olds)
        return current is not None and current != desired


def _outputs(
    props: Mapping[str, Any],
    daemon_arn: str,
    state: Mapping[str, Any],
    region: str | None,
) -> dict[str, Any]:
    """Every input echoed (the engine diffs against outputs) plus the state."""
    outputs = {name: props[name] for name in INPUTS if props.get(name) is not None}
    outputs.update(state)
    outputs.update(daemon_arn=daemon_arn, region=region or props.get("region"))
    return clean_outputs(outputs)


def _same_or_unknown(
    olds: Mapping[str, Any],
    news: Mapping[str, Any],
    unknown: frozenset[str],
    name: str,
) -> bool:
    if name in unknown:
        return True
    if name == "cluster_arn":
        return arns.cluster_name(olds.get(name)) == arns.cluster_name(news.get(name))
    return bool(olds.get(name) == news.get(name))
