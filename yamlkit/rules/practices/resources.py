"""K121-K122: resource requests and limits."""

from __future__ import annotations

from typing import Iterator

from ...findings import Severity
from ..base import Resource, RuleContext, Scope, Violation, rule
from .workloads import CONTAINER_FIELDS, WORKLOAD_KINDS, containers, dict_field


@rule("K121", "missing-resource-requests", severity=Severity.WARNING, scope=Scope.RESOURCE,
      kinds=WORKLOAD_KINDS, category="practices", when_keys=CONTAINER_FIELDS)
def missing_requests(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    """Container without CPU or memory requests.

    ## What it does
    Flags a container or init container that requests no CPU or no memory. A limit without a
    request counts as a request: the API server copies the limit into the request.

    ## Why is this bad?
    The scheduler places Pods by their requests. Without them it packs Pods onto nodes that
    cannot run them, the Pod gets the BestEffort QoS class and is the first to be evicted when
    the node runs short.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
    ```

    Use instead:
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 128Mi}
    ```

    Remediation: set resources.requests.cpu and resources.requests.memory to what the container uses under normal load.
    """
    for c in containers(resource):
        res = dict_field(c.data, "resources")
        requests, limits = dict_field(res, "requests"), dict_field(res, "limits")
        missing = [r for r in ("cpu", "memory") if r not in requests and r not in limits]
        if missing:
            what = " and ".join(missing)
            path = c.path + ("resources", "requests") if "requests" in res else (
                c.path + ("resources",) if "resources" in c.data else c.path)
            yield Violation(
                f"{c.label} has no {what} request; the scheduler cannot place it reliably and it "
                "is evicted first under pressure",
                hint=f"set resources.requests.{missing[0]}"
                + (f" and resources.requests.{missing[1]}" if len(missing) > 1 else ""),
                path=path,
                at="key" if path != c.path else "value",
            )


@rule("K122", "missing-memory-limit", severity=Severity.WARNING, scope=Scope.RESOURCE,
      kinds=WORKLOAD_KINDS, category="practices", when_keys=CONTAINER_FIELDS)
def missing_memory_limit(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    """Container without a memory limit.

    ## What it does
    Flags a container or init container without `resources.limits.memory`.

    ## Why is this bad?
    A container without a memory limit can use all of the node's memory: a leak in one
    application gets other Pods on the node OOM-killed or evicted.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          resources:
            requests: {cpu: 100m, memory: 128Mi}
    ```

    Use instead:
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
    ```

    Remediation: set resources.limits.memory (often equal to the memory request).
    """
    for c in containers(resource):
        res = dict_field(c.data, "resources")
        if "memory" in dict_field(res, "limits"):
            continue
        if "limits" in res:
            path, at = c.path + ("resources", "limits"), "key"
        elif "resources" in c.data:
            path, at = c.path + ("resources",), "key"
        else:
            path, at = c.path, "value"
        yield Violation(
            f"{c.label} has no memory limit; a leak can exhaust the node's memory",
            hint="set resources.limits.memory",
            path=path,
            at=at,
        )
