"""K401-K402: replicas and rolling updates."""

from __future__ import annotations

import math
import re
from typing import Any, Iterator

from ...findings import Severity
from ..base import Resource, RuleContext, Scope, Violation, rule
from .workloads import as_int, dict_field


@rule("K401", "single-replica", severity=Severity.INFO, scope=Scope.RESOURCE,
      kinds={"Deployment"}, category="practices", when_keys={"replicas"})
def single_replica(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    """Deployment runs a single replica.

    ## What it does
    Reports a Deployment with `replicas: 1` written in the manifest (severity info). A Deployment
    without `replicas` is not reported: its replica count is often managed by a
    HorizontalPodAutoscaler.

    ## Why is this bad?
    One Pod is one point of failure: a node drain, an eviction or a crash makes the application
    unavailable until a new Pod is scheduled and ready.

    ## Example
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      replicas: 1
      selector:
        matchLabels: {app: web}
      template:
        metadata:
          labels: {app: web}
        spec:
          containers:
            - name: web
              image: nginx:1.27
    ```

    Use instead:
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      replicas: 3
      selector:
        matchLabels: {app: web}
      template:
        metadata:
          labels: {app: web}
        spec:
          containers:
            - name: web
              image: nginx:1.27
    ```

    Remediation: run at least 2 replicas (3 across zones for production) and add a PodDisruptionBudget.
    """
    spec = dict_field(resource.data, "spec")
    if "replicas" in spec and as_int(spec["replicas"]) == 1:
        yield Violation(
            "the Deployment runs a single replica: any node drain, eviction or crash makes it unavailable",
            hint="set replicas to 2 or more (and add a PodDisruptionBudget) if the application must stay up",
            path=("spec", "replicas"),
        )


_PERCENT = re.compile(r"^(\d+)%$")


def resolve(value: Any, replicas: int, round_up: bool) -> int | None:
    """An IntOrString like the API resolves it: ``'25%'`` of replicas, rounded down for
    maxUnavailable and up for maxSurge; None when unreadable."""
    number = as_int(value)
    if number is not None:
        return number
    if isinstance(value, str):
        match = _PERCENT.match(value.strip())
        if match:
            exact = int(match.group(1)) * replicas / 100
            return math.ceil(exact) if round_up else math.floor(exact)
    return None


@rule("K402", "rolling-update-unavailable", severity=Severity.WARNING, scope=Scope.RESOURCE,
      kinds={"Deployment"}, category="practices",
      when_keys={"maxUnavailable", "maxSurge"})
def rolling_update_unavailable(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    """Rolling update may take every Pod down at once.

    ## What it does
    Resolves `strategy.rollingUpdate.maxUnavailable` and `maxSurge` against `spec.replicas` the
    way the Deployment controller does (percentages: maxUnavailable rounds down, maxSurge rounds
    up; when both resolve to 0, maxUnavailable becomes 1) and flags a Deployment whose
    maxUnavailable is at least its replica count. Deployments without `replicas` (HPA-managed)
    and `Recreate` Deployments (which stop every Pod by design) are not checked.

    ## Why is this bad?
    The controller may stop every old Pod before a new one is ready: the update is an outage,
    and if the new version is broken nothing is left serving.

    ## Example
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      replicas: 2
      strategy:
        rollingUpdate:
          maxUnavailable: 2
      selector:
        matchLabels: {app: web}
      template:
        metadata:
          labels: {app: web}
        spec:
          containers:
            - name: web
              image: nginx:1.27
    ```

    Use instead:
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      replicas: 2
      strategy:
        rollingUpdate:
          maxUnavailable: 0
          maxSurge: 1
      selector:
        matchLabels: {app: web}
      template:
        metadata:
          labels: {app: web}
        spec:
          containers:
            - name: web
              image: nginx:1.27
    ```

    Remediation: lower maxUnavailable below the replica count (0 with maxSurge 1 keeps full capacity during the update).
    """
    spec = dict_field(resource.data, "spec")
    replicas = as_int(spec.get("replicas"))
    if replicas is None or replicas < 1:
        return
    strategy = dict_field(spec, "strategy")
    if strategy.get("type") not in (None, "RollingUpdate"):
        return
    rolling = dict_field(strategy, "rollingUpdate")
    raw_unavailable = rolling.get("maxUnavailable", "25%")
    raw_surge = rolling.get("maxSurge", "25%")
    unavailable = resolve(raw_unavailable, replicas, round_up=False)
    surge = resolve(raw_surge, replicas, round_up=True)
    if unavailable is None or surge is None:
        return
    if unavailable == 0 and surge == 0:
        unavailable = 1
    if unavailable < replicas:
        return
    if "maxUnavailable" in rolling:
        path: tuple[str, ...] = ("spec", "strategy", "rollingUpdate", "maxUnavailable")
    else:
        path = ("spec", "strategy", "rollingUpdate", "maxSurge")
    yield Violation(
        f"maxUnavailable {raw_unavailable} resolves to {unavailable} of {replicas} replica"
        f"{'s' if replicas != 1 else ''} (maxSurge {raw_surge} -> {surge}): a rolling update may stop "
        "every Pod before a new one is ready",
        hint="set maxUnavailable below the replica count (maxUnavailable: 0 with maxSurge: 1 keeps "
        "every Pod serving during the update)",
        path=path,
    )
