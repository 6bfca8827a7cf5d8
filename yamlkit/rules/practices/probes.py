"""K101-K105: liveness, readiness and startup probes."""

from __future__ import annotations

from typing import Any, Iterator

from ..._record import record
from ...findings import Severity
from ..base import Resource, RuleContext, Scope, Violation, rule
from .workloads import SERVING_KINDS, Container, as_int, containers

PROBE_HANDLERS = ("httpGet", "tcpSocket", "grpc")
PROBE_FIELDS = ("livenessProbe", "readinessProbe", "startupProbe")


def _serving_containers(resource: Resource) -> tuple[Container, ...]:
    # Init containers run to completion and cannot have liveness/readiness probes; Jobs and
    # CronJobs are excluded through ``kinds``.
    return containers(resource, init=False)


def _missing_probe(resource: Resource, field: str, what: str, hint: str) -> Iterator[Violation]:
    for c in _serving_containers(resource):
        if not isinstance(c.data.get(field), dict):
            yield Violation(
                f"{c.label} has no {field}: {what}",
                hint=hint,
                path=c.path,
                at="value",
            )


@rule("K101", "no-readiness-probe", severity=Severity.WARNING, scope=Scope.RESOURCE,
      kinds=SERVING_KINDS, category="practices", when_keys={"containers"})
def no_readiness_probe(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    """Container without a readiness probe.

    ## What it does
    Flags every container of a long-running workload (Pod, Deployment, ReplicaSet, StatefulSet,
    DaemonSet, ReplicationController) that has no `readinessProbe`. Init containers and the
    Pods of Jobs and CronJobs are not checked.

    ## Why is this bad?
    Without a readiness probe a Pod counts as ready as soon as its containers start, so a Service
    sends traffic to it before the application listens, and a rolling update goes on replacing
    old Pods with new ones that do not work.

    ## Example
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
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
      selector:
        matchLabels: {app: web}
      template:
        metadata:
          labels: {app: web}
        spec:
          containers:
            - name: web
              image: nginx:1.27
              readinessProbe:
                httpGet: {path: /, port: 80}
    ```

    Remediation: add a readinessProbe that succeeds only when the container can serve requests.
    """
    yield from _missing_probe(
        resource, "readinessProbe", "it receives traffic as soon as it starts, ready or not",
        "add readinessProbe (httpGet, tcpSocket, grpc or exec) that succeeds only once the "
        "application can serve requests",
    )


@rule("K102", "no-liveness-probe", severity=Severity.WARNING, scope=Scope.RESOURCE,
      kinds=SERVING_KINDS, category="practices", when_keys={"containers"})
def no_liveness_probe(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    """Container without a liveness probe.

    ## What it does
    Flags every container of a long-running workload that has no `livenessProbe`. Init
    containers and the Pods of Jobs and CronJobs are not checked.

    ## Why is this bad?
    When the application deadlocks or runs out of threads but its process stays alive, nothing
    restarts it: the container keeps running and stays broken until someone notices.

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
          livenessProbe:
            httpGet: {path: /healthz, port: 80}
    ```

    Remediation: add a livenessProbe that fails only when the container must be restarted.
    """
    yield from _missing_probe(
        resource, "livenessProbe", "the kubelet will not restart it if it hangs",
        "add livenessProbe (for example httpGet on a /healthz endpoint) that fails only when "
        "a restart would help",
    )


@rule("K103", "identical-liveness-readiness-probes", severity=Severity.WARNING, scope=Scope.RESOURCE,
      kinds=SERVING_KINDS, category="practices", when_keys={"readinessProbe"})
def identical_probes(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    """Liveness and readiness probes are identical.

    ## What it does
    Flags a container whose `livenessProbe` and `readinessProbe` are exactly the same (kube-score
    parity).

    ## Why is this bad?
    The two probes answer different questions. When a dependency is slow the readiness probe
    should take the Pod out of the Service; an identical liveness probe fails at the same moment
    and restarts every Pod at once, turning a slowdown into an outage.

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
          ports:
            - containerPort: 80
          livenessProbe:
            httpGet: {path: /healthz, port: 80}
          readinessProbe:
            httpGet: {path: /healthz, port: 80}
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
          ports:
            - containerPort: 80
          livenessProbe:
            httpGet: {path: /healthz, port: 80}
            failureThreshold: 6
          readinessProbe:
            httpGet: {path: /ready, port: 80}
    ```

    Remediation: give the liveness probe a different endpoint or a higher failureThreshold than the readiness probe.
    """
    for c in _serving_containers(resource):
        live, ready = c.data.get("livenessProbe"), c.data.get("readinessProbe")
        if isinstance(live, dict) and live and live == ready:
            yield Violation(
                f"{c.label}: livenessProbe is identical to readinessProbe; a failing check restarts "
                "the container instead of only taking it out of the Service",
                hint="make the liveness probe more tolerant (another endpoint, or a larger "
                "failureThreshold/periodSeconds) than the readiness probe",
                path=c.path + ("livenessProbe",),
                at="key",
            )


def _probe_port(probe: dict[str, Any]) -> tuple[Any, tuple[str, ...]] | None:
    for handler in PROBE_HANDLERS:
        body = probe.get(handler)
        if isinstance(body, dict) and "port" in body:
            return body["port"], (handler, "port")
    return None


def _is_port_name(port: Any) -> bool:
    return isinstance(port, str) and not port.isdigit()


def _probed_ports(c: Container) -> list[tuple[str, Any, tuple[str, ...]]]:
    """(probe field, port, path of the port under the probe) of each probe of ``c`` with a port."""
    out = []
    for field in PROBE_FIELDS:
        probe = c.data.get(field)
        if isinstance(probe, dict):
            found = _probe_port(probe)
            if found is not None:
                out.append((field, *found))
    return out


@record
class ProbePortOptions:
    #: Also check numeric probe ports against declared containerPorts.
    numeric_ports: bool = False


@rule("K104", "probe-port-not-declared", severity=Severity.WARNING, scope=Scope.RESOURCE,
      kinds=SERVING_KINDS, options=ProbePortOptions, category="practices", when_keys={"port"})
def probe_port_not_declared(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    """A probe targets a port the container does not declare.

    ## What it does
    Checks the `port` of every `httpGet`, `tcpSocket` and `grpc` liveness, readiness and startup
    probe against the container's `ports`:

    - a **named** port (`port: http`) must be the `name` of one of the container's ports, or
      the kubelet cannot resolve it and the probe always fails;
    - a **numeric** port is not checked by default. Declaring `ports` is optional and
      informational: the kubelet probes the number whether or not it is declared, and on real
      manifests an undeclared health port is the norm (ingress-nginx probes 10254 while declaring
      80 and 443), so kube-linter's behaviour (flag every undeclared number) is mostly noise.
      With the option `numeric-ports: true`, a numeric port is flagged when the container
      declares ports and none has that `containerPort` (still never when it declares none).

    ## Options
    - `numeric-ports` (bool, default false)

    ## Why is this bad?
    A probe on the wrong port fails forever: a readiness probe keeps the Pod out of every
    Service, a liveness probe restarts the container in a loop.

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
          ports:
            - name: http
              containerPort: 80
          readinessProbe:
            httpGet: {path: /, port: web}
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
          ports:
            - name: http
              containerPort: 80
          readinessProbe:
            httpGet: {path: /, port: http}
    ```

    Remediation: point the probe at a containerPort (number or name) that the container declares in ports.
    """
    options = ctx.options or ProbePortOptions()
    for c in _serving_containers(resource):
        # numeric ports are checked only with the option: skip the port tables without one
        probed = [p for p in _probed_ports(c) if options.numeric_ports or _is_port_name(p[1])]
        if not probed:
            continue
        ports = c.ports()
        numbers = {as_int(p.get("containerPort")) for p in ports} - {None}
        names = {p.get("name") for p in ports if isinstance(p.get("name"), str)}
        for field, port, sub in probed:
            path = c.path + (field,) + sub
            if _is_port_name(port):
                if port not in names:
                    declared = ", ".join(sorted(names)) or "none"
                    yield Violation(
                        f"{c.label}: {field} uses port name {port!r}, which no port of the container "
                        f"declares (named ports: {declared}); the probe can never succeed",
                        hint=f"add `name: {port}` to the right entry of ports, or use the port number",
                        path=path,
                    )
            elif options.numeric_ports:
                number = as_int(port) if not isinstance(port, str) else int(port)
                if number is not None and numbers and number not in numbers:
                    declared = ", ".join(str(n) for n in sorted(numbers))
                    yield Violation(
                        f"{c.label}: {field} probes port {number}, but the container declares "
                        f"containerPort {declared}",
                        hint="probe one of the declared ports, or declare the port the application "
                        "really listens on",
                        path=path,
                    )


@record
class StartupOptions:
    #: Seconds a container may need to start; a liveness probe that gives up earlier is flagged.
    min_startup_seconds: int = 30


@rule("K105", "liveness-probe-too-early", severity=Severity.WARNING, scope=Scope.RESOURCE,
      kinds=SERVING_KINDS, default=False, options=StartupOptions, category="practices",
      when_keys={"livenessProbe"})
def liveness_too_early(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    """A liveness probe may kill the container before it has started.

    ## What it does
    For a container with a `livenessProbe` and no `startupProbe`, computes the time the
    liveness probe allows for start-up, `initialDelaySeconds + failureThreshold x periodSeconds`
    (with the API defaults 0, 3 and 10), and flags it when it is shorter than
    `min-startup-seconds` (default 30). Off by default: how long an application needs to start
    is not in the manifest.

    ## Why is this bad?
    An application that starts slower than that (a JVM, a cache warm-up, a migration) is killed
    by its liveness probe before it is up, again and again: a restart loop (CrashLoopBackOff).

    ## Options
    - `min-startup-seconds` (int, default 30)

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
          livenessProbe:
            httpGet: {path: /healthz, port: 80}
            initialDelaySeconds: 3
            periodSeconds: 3
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
          startupProbe:
            httpGet: {path: /healthz, port: 80}
            failureThreshold: 30
            periodSeconds: 2
          livenessProbe:
            httpGet: {path: /healthz, port: 80}
            initialDelaySeconds: 3
            periodSeconds: 3
    ```

    Remediation: add a startupProbe (failureThreshold x periodSeconds = worst-case start time) instead of raising initialDelaySeconds.
    """
    options = ctx.options or StartupOptions()
    for c in _serving_containers(resource):
        probe = c.data.get("livenessProbe")
        if not isinstance(probe, dict) or isinstance(c.data.get("startupProbe"), dict):
            continue
        delay = as_int(probe.get("initialDelaySeconds"))
        failures = as_int(probe.get("failureThreshold"))
        period = as_int(probe.get("periodSeconds"))
        delay = 0 if delay is None else delay
        failures = 3 if failures is None else failures
        period = 10 if period is None else period
        budget = delay + failures * period
        if budget < options.min_startup_seconds:
            yield Violation(
                f"{c.label}: the livenessProbe restarts the container if it is not up after "
                f"{budget}s (initialDelaySeconds {delay} + failureThreshold {failures} x "
                f"periodSeconds {period}), less than {options.min_startup_seconds}s",
                hint="add a startupProbe sized for the slowest start; the liveness probe only "
                "begins once it succeeds",
                path=c.path + ("livenessProbe",),
                at="key",
            )
