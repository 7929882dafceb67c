"""The in-memory model of one simulated account and region.

Clusters, capacity providers, daemon task definitions, daemons, their revisions
and deployments, client tokens and tags live here, with the lookups every
operation shares and the transitions that simulated time drives (a deployment
ending, a deleted daemon disappearing, a task definition reaching DELETED).
State is not thread-safe: the backend serialises requests.
"""

from __future__ import annotations

import itertools
import logging
import uuid
from collections import deque

from ecs_daemon_local.assumptions import (
    DEFAULT_CLUSTER_NAME,
    DEFAULT_TIMING,
    ArnFactory,
    Timing,
    parse_arn,
)
from ecs_daemon_local.deployments import (
    CREATE,
    DELETE,
    ROLLBACK_SUCCESSFUL,
    RUNNING,
    SUCCESSFUL,
    Deployment,
    FailurePlan,
    InstanceView,
)
from ecs_daemon_local.errors import (
    ClusterNotFoundException,
    DaemonNotFoundException,
    EcsError,
    InvalidParameterException,
)
from ecs_daemon_local.resources import (
    BUILTIN_CAPACITY_PROVIDERS,
    CapacityProvider,
    ClientTokenRecord,
    Cluster,
    Daemon,
    DaemonRevision,
    TaskDefinition,
)

logger = logging.getLogger(__name__)


class EcsState:
    """Every simulated resource of one account and region.

    :param arns: builds the ARNs of this account and region
    :param timing: simulated durations of deployments
    """

    def __init__(self, arns: ArnFactory, timing: Timing = DEFAULT_TIMING) -> None:
        self.arns = arns
        self.timing = timing
        self.clusters: dict[str, Cluster] = {}
        self.capacity_providers: dict[str, CapacityProvider] = {}
        self.task_definitions: dict[str, list[TaskDefinition]] = {}
        self.daemons: dict[str, Daemon] = {}
        self.revisions: dict[str, DaemonRevision] = {}
        self.deployments: dict[str, Deployment] = {}
        self.client_tokens: dict[str, ClientTokenRecord] = {}
        self.pending_failures: deque[FailurePlan] = deque()
        self._seq = itertools.count(1)
        self._active: set[str] = set()
        for name in BUILTIN_CAPACITY_PROVIDERS:
            self.capacity_providers[name] = CapacityProvider(
                name=name, arn=arns.capacity_provider(name), seq=0, kind=name
            )

    def next_seq(self) -> int:
        """A number that orders resources by creation."""
        return next(self._seq)

    @staticmethod
    def new_id() -> str:
        """A fresh id for a revision or deployment ARN."""
        return uuid.uuid4().hex

    def find_cluster(self, ref: str | None) -> Cluster:
        """An ACTIVE cluster by name or ARN; the default cluster for None.

        :raises ClusterNotFoundException: when there is no such ACTIVE cluster
        """
        name = self._name_from(ref or DEFAULT_CLUSTER_NAME, "cluster")
        cluster = self.clusters.get(name) if name else None
        if cluster is None or cluster.status != "ACTIVE":
            raise ClusterNotFoundException(f"cluster {ref or name!r} not found")
        return cluster

    def find_capacity_provider(self, ref: str) -> CapacityProvider | None:
        """A capacity provider by name or ARN, or None."""
        name = self._name_from(ref, "capacity-provider")
        return self.capacity_providers.get(name) if name else None

    def find_task_definition(self, ref: str) -> TaskDefinition | None:
        """A daemon task definition by ARN, ``family:revision`` or family.

        A family alone means its latest ACTIVE revision.
        """
        if ref.startswith("arn:"):
            parsed = parse_arn(ref)
            if parsed is None or parsed.resource_type != "daemon-task-definition":
                return None
            if not self.arns.is_local(parsed):
                return None
            ref = parsed.parts[0]

        family, _, revision = ref.partition(":")
        revisions = self.task_definitions.get(family, [])
        if not revision:
            active = [td for td in revisions if td.status == "ACTIVE"]
            return active[-1] if active else None
        if not revision.isdigit() or not 1 <= int(revision) <= len(revisions):
            return None
        return revisions[int(revision) - 1]

    def find_daemon(
        self, arn: str, missing: type[EcsError] = DaemonNotFoundException
    ) -> Daemon:
        """A daemon by ARN.

        :param missing: the error to raise when the daemon does not exist
        :raises InvalidParameterException: when ``arn`` is not a daemon ARN
        :raises ClusterNotFoundException: when its cluster does not exist
        """
        parsed = parse_arn(arn)
        if parsed is None or parsed.resource_type != "daemon":
            raise InvalidParameterException(
                f"daemonArn {arn!r} is not a daemon ARN: expected "
                "arn:<partition>:ecs:<region>:<account>:daemon/<cluster>/<name>"
            )
        self.find_cluster(parsed.parts[0])
        daemon = self.daemons.get(arn)
        if daemon is None:
            raise missing(f"daemon {arn} not found")
        return daemon

    def _name_from(self, ref: str, resource_type: str) -> str | None:
        if not ref.startswith("arn:"):
            return ref
        parsed = parse_arn(ref)
        if parsed is None or parsed.resource_type != resource_type:
            return None
        return parsed.parts[0] if self.arns.is_local(parsed) else None

    def daemon_instances(
        self, daemon: Daemon, now: float
    ) -> dict[str, list[InstanceView]]:
        """Every instance of a daemon's capacity providers at a time."""
        deployment = self.deployments.get(daemon.deployment_arn)
        if deployment is not None and not deployment.applied:
            return deployment.instances(now)
        return {
            provider: [InstanceView(arn, RUNNING) for arn in revisions]
            for provider, revisions in daemon.placement.items()
        }

    def start_deployment(
        self,
        daemon: Daemon,
        kind: str,
        target: DaemonRevision | None,
        now: float,
    ) -> Deployment:
        """Start a deployment of a daemon, stopping the one in flight.

        :param target: the revision to roll out; None to remove the daemon
        """
        current = self.deployments.get(daemon.deployment_arn)
        deployment_id = self.new_id()
        arn = self.arns.daemon_deployment(
            daemon.cluster_name, daemon.name, deployment_id
        )
        if current is not None and not current.applied:
            daemon.placement = current.stop(now, f"stopped by newer deployment {arn}")
            self._active.discard(current.arn)
            logger.debug("deployment %s stopped by %s", current.arn, arn)

        desired = self.revisions[daemon.revision_arn]
        providers = (
            target.capacity_provider_arns if target else desired.capacity_provider_arns
        )
        failure = None
        if kind != DELETE and self.pending_failures:
            failure = self.pending_failures.popleft()

        deployment = Deployment(
            arn=arn,
            daemon_arn=daemon.arn,
            cluster_arn=daemon.cluster_arn,
            seq=self.next_seq(),
            kind=kind,
            target_revision_arn=target.arn if target else None,
            source={p: self._instances_of(daemon, p) for p in providers},
            previous={p: tuple(revs) for p, revs in daemon.placement.items()},
            settings=(target or desired).settings,
            created_at=now,
            timing=self.timing,
            failure=failure,
            rollback_revision_arn=None if kind == CREATE else daemon.revision_arn,
        )
        self.deployments[arn] = deployment
        self._active.add(arn)
        daemon.deployment_arn = arn
        if target is not None:
            daemon.revision_arn = target.arn
        logger.debug("deployment %s (%s) of %s started", arn, kind, daemon.arn)
        return deployment

    def _instances_of(
        self, daemon: Daemon, provider_arn: str
    ) -> tuple[str | None, ...]:
        provider = self.find_capacity_provider(provider_arn)
        count = provider.instance_count if provider else 0
        current = list(daemon.placement.get(provider_arn, []))[:count]
        return tuple(current + [None] * (count - len(current)))

    def settle(self, now: float) -> None:
        """Apply everything simulated time has finished by ``now``."""
        for arn in sorted(self._active):
            deployment = self.deployments[arn]
            if deployment.is_terminal(now):
                self._finish(deployment, now)
        self._finish_task_definition_deletes(now)

    def _finish(self, deployment: Deployment, now: float) -> None:
        deployment.applied = True
        self._active.discard(deployment.arn)
        daemon = self.daemons.get(deployment.daemon_arn)
        if daemon is None or daemon.deployment_arn != deployment.arn:
            return

        status = deployment.status(now)
        logger.debug("deployment %s ended %s", deployment.arn, status)
        if status == SUCCESSFUL and deployment.kind == DELETE:
            self.remove_daemon(daemon)
        elif status == SUCCESSFUL:
            target = deployment.target_revision_arn
            daemon.placement = {
                p: [target] * len(s) for p, s in deployment.source.items()
            }
        elif status == ROLLBACK_SUCCESSFUL and deployment.rollback_revision_arn:
            daemon.placement = {p: list(s) for p, s in deployment.previous.items()}
            daemon.revision_arn = deployment.rollback_revision_arn
        elif status == ROLLBACK_SUCCESSFUL:
            # A failed create has nothing to return to: its instances stay
            # without the daemon, and the daemon keeps the failed revision.
            daemon.placement = {p: list(s) for p, s in deployment.source.items()}

    def remove_daemon(self, daemon: Daemon) -> None:
        """Forget a daemon whose deletion has finished (its history stays)."""
        del self.daemons[daemon.arn]
        for token, record in list(self.client_tokens.items()):
            if record.daemon_arn == daemon.arn:
                del self.client_tokens[token]
        logger.debug("daemon %s deleted", daemon.arn)

    def _finish_task_definition_deletes(self, now: float) -> None:
        deleting = [
            td
            for revisions in self.task_definitions.values()
            for td in revisions
            if td.status == "DELETE_IN_PROGRESS"
        ]
        if not deleting:
            return

        in_use = self.task_definitions_in_use()
        wait = self.timing.task_definition_delete_seconds
        for td in deleting:
            assert td.delete_requested_at is not None
            if td.arn not in in_use and now >= td.delete_requested_at + wait:
                td.status = "DELETED"

    def task_definitions_in_use(self) -> set[str]:
        """ARNs of task definitions some existing daemon runs or rolls out."""
        revisions = set()
        for daemon in self.daemons.values():
            revisions.add(daemon.revision_arn)
            revisions.update(r for rs in daemon.placement.values() for r in rs if r)
            deployment = self.deployments.get(daemon.deployment_arn)
            if deployment is not None and deployment.target_revision_arn:
                revisions.add(deployment.target_revision_arn)
        return {self.revisions[arn].task_definition_arn for arn in revisions}
