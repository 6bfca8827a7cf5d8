"""K301-K304: checks across the resources of a run (Services, selectors, references).

Every check here is RUN-scoped: it sees every resource of every file checked together, sets
``Violation.resource`` to the resource at fault, and names the other resources (``file:line``)
in the message or in ``related``. Objects without a namespace are in ``default``.
"""

from __future__ import annotations

from typing import Any, Iterator, NamedTuple

from ...findings import Severity
from ..base import Resource, RuleContext, Scope, Violation, per_file, rule, value_key
from .workloads import (
    SELECTOR_KINDS,
    TEMPLATE_PATHS,
    Container,
    as_int,
    containers,
    dict_at,
    label_selector_matches,
    namespace_of,
    pod_spec,
    selector_matches,
)


class _Workload:
    """What K301-K303 need of a workload: namespace, pod template labels, controller selector and
    the ports its serving containers declare (from its digest, :func:`workload_facts`)."""

    __slots__ = ("resource", "namespace", "labels", "selector", "ports", "_where")

    def __init__(self, resource: Resource, facts: "WorkloadFacts") -> None:
        self.resource = resource
        self.namespace = namespace_of(resource)
        self.labels, self.selector, self.ports = facts
        self._where: str | None = None

    @property
    def where(self) -> str:
        """``Deployment/web at file.yaml:12``: the line of its pod template labels."""
        if self._where is None:
            r = self.resource
            self._where = f"{r.kind}/{r.name or '?'} at {r.file}:{r.digest(template_labels_line)}"
        return self._where


#: (template labels, controller selector and whether it is a LabelSelector, (port names, port
#: numbers, declares any port))
WorkloadFacts = tuple[dict[str, Any], "tuple[dict[str, Any], bool] | None",
                      tuple[frozenset[Any], frozenset["int | None"], bool]]


def workload_facts(r: Resource) -> WorkloadFacts | None:
    """K301-K303's digest of a workload (None for anything else): equal facts are one object in
    the run's index (see :meth:`Resource.digest`), and workloads repeat a few of them."""
    pod = pod_spec(r)
    if pod is None:
        return None
    selector = _controller_selector(r) if r.kind in SELECTOR_KINDS else None
    ports = [p for c in _serving(r) for p in c.ports()]
    names = frozenset(p.get("name") for p in ports if _hashable(p.get("name")))
    numbers = frozenset(as_int(p.get("containerPort")) for p in ports)
    return pod.labels, selector, (names, numbers, bool(ports))


def template_labels_line(r: Resource) -> int | None:
    """K301-K303's digest of where a workload is (the line of its pod template labels): located
    while the node tree exists, so no position is kept for it."""
    template = TEMPLATE_PATHS.get(r.kind)
    if template is None:
        return None
    span, _exact = r.document.locate(r.prefix + template + ("metadata", "labels"), at="key")
    return span.line


def _hashable(value: Any) -> bool:
    return not isinstance(value, (dict, list))


def _workloads(resources: list[Resource]) -> list[_Workload]:
    out = []
    shared: dict[bytes, Any] = {}  # equal facts: one object (the index lives while the RUN rules run)
    for r in resources:
        if r.kind in TEMPLATE_PATHS:
            facts = r.digest(workload_facts, shared)
            if facts is not None:
                out.append(_Workload(r, facts))
    return out


#: (selector, ``port`` and ``targetPort`` of each of its ``spec.ports``, None for an item that
#: is not a mapping; None when ``spec.ports`` is not a list)
ServiceFacts = tuple[dict[str, Any], "list[dict[str, Any] | None] | None"]


def service_facts(r: Resource) -> ServiceFacts | None:
    """K301-K302's digest of a Service that selects Pods (None for anything else: a Service
    without a selector has manual endpoints, an ``ExternalName`` one has none)."""
    if r.kind != "Service" or r.api_version != "v1":
        return None
    spec = dict_at(r.data, "spec")
    selector = spec.get("selector")
    if spec.get("type") == "ExternalName" or not isinstance(selector, dict) or not selector:
        return None
    ports = spec.get("ports")
    return selector, [_targets(port) for port in ports] if isinstance(ports, list) else None


def _targets(port: Any) -> dict[str, Any] | None:
    return {key: port[key] for key in ("port", "targetPort") if key in port} if isinstance(port, dict) else None


def _services(resources: list[Resource]) -> list[tuple[Resource, dict[str, Any], "list[dict[str, Any] | None] | None"]]:
    """(Service, its selector, its ports) of every Service that selects Pods (see :func:`service_facts`)."""
    out = []
    shared: dict[bytes, Any] = {}  # equal facts: one object
    for r in resources:
        if r.kind == "Service":
            facts = r.digest(service_facts, shared)
            if facts is not None:
                out.append((r, *facts))
    return out


class _Selection(NamedTuple):
    """The workloads a selector selects: the first five (run order) and their ports."""

    first: tuple[_Workload, ...]
    port_names: frozenset[Any]
    port_numbers: frozenset[int | None]
    declares_ports: bool

    def places(self) -> tuple[str, ...]:
        """Where the first five are (asked only when reporting: locating them is not free)."""
        return tuple(w.where for w in self.first)


class _LabelIndex:
    """Workloads by namespace and by (namespace, label key, label value), so that finding the
    templates a selector matches costs the size of the answer, not the size of the run."""

    def __init__(self, workloads: list[_Workload]) -> None:
        self.workloads = workloads
        self.by_ns: dict[str, list[int]] = {}
        self.by_label: dict[tuple[str, str, str], list[int]] = {}
        self._selections: dict[Any, _Selection] = {}
        self._candidates: dict[Any, list[int]] = {}
        for i, w in enumerate(workloads):
            self.by_ns.setdefault(w.namespace, []).append(i)
            for key, value in w.labels.items():
                self.by_label.setdefault((w.namespace, str(key), str(value)), []).append(i)

    def candidates(self, ns: str, pairs: dict[str, Any]) -> list[int]:
        """Indices (in run order) of the workloads in ``ns`` whose labels include every pair.

        Cached per (namespace, pairs): many controllers share a selector, and intersecting the
        label lists again for each of them grew with the square of the run (13 s of 100k docs)."""
        if not pairs:
            return self.by_ns.get(ns, [])
        key = (ns, value_key(pairs))
        found = self._candidates.get(key)
        if found is None:
            found = self._candidates[key] = self._intersect(ns, pairs)
        return found

    def _intersect(self, ns: str, pairs: dict[str, Any]) -> list[int]:
        lists = [self.by_label.get((ns, str(k), str(v)), []) for k, v in pairs.items()]
        smallest = min(lists, key=len)
        others = [set(other) for other in lists if other is not smallest]
        return [i for i in smallest if all(i in other for other in others)]

    def selection(self, ns: str, selector: dict[str, Any]) -> "_Selection":
        """What an equality ``selector`` selects in ``ns`` (cached: Services often share one)."""
        key = (ns, value_key(selector))
        found = self._selections.get(key)
        if found is None:
            matched = [w for w in (self.workloads[i] for i in self.candidates(ns, selector))
                       if selector_matches(selector, w.labels)]
            found = self._selections[key] = _Selection(
                tuple(matched[:5]),
                frozenset().union(*(w.ports[0] for w in matched)),
                frozenset().union(*(w.ports[1] for w in matched)),
                any(w.ports[2] for w in matched),
            )
        return found

    def in_namespace(self, ns: str) -> list[_Workload]:
        return [self.workloads[i] for i in self.by_ns.get(ns, [])]


def _cache(ctx: RuleContext, resources: list[Resource]) -> _LabelIndex:
    """The workloads of the run, indexed once for K301-K303."""
    return per_file(ctx, resources, "practices.workloads", lambda run: _LabelIndex(_workloads(run)))


def _selecting_services(ctx: RuleContext, resources: list[Resource]) -> list[tuple[Resource, dict[str, Any], Any]]:
    """:func:`_services`, listed once for K301 and K302."""
    return per_file(ctx, resources, "practices.services", _services)


#: API groups served by Kubernetes itself; any other group is a custom resource.
BUILTIN_GROUPS = frozenset({"", "apps", "batch", "autoscaling", "policy", "extensions"})


def is_custom_resource(r: Resource) -> bool:
    """An object of a CustomResourceDefinition's kind (``monitoring.coreos.com/v1`` Prometheus...)."""
    group = r.group
    return bool(r.api_version) and group not in BUILTIN_GROUPS and not group.endswith("k8s.io")


def _operated(resources: list[Resource]) -> set[str]:
    """The namespaces that hold custom resources (judged once per apiVersion: a run has few)."""
    custom: dict[str, bool] = {}
    out = set()
    for r in resources:
        found = custom.get(r.api_version)
        if found is None:
            found = custom[r.api_version] = is_custom_resource(r)
        if found:
            out.add(namespace_of(r))
    return out


#: where K301-K303 report: a Service's selector and ports, a controller's selector
LOCATES = ("Service:spec.selector", "Service:spec.ports[*].port", "Service:spec.ports[*].targetPort") + tuple(
    f"{kind}:spec.selector" for kind in sorted(SELECTOR_KINDS))
#: what K301-K303 know of a resource: its digests (they read no data beyond its identity)
DIGESTS = (workload_facts, template_labels_line, service_facts)


def _is_service_or_workload(r: Resource) -> bool:
    return r.kind == "Service" or r.kind in TEMPLATE_PATHS


def _k301_wants(r: Resource) -> bool:
    return _is_service_or_workload(r) or is_custom_resource(r)


def _is_controller(r: Resource) -> bool:
    return r.kind in SELECTOR_KINDS


def _labels_text(selector: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in selector.items())


@rule("K301", "dangling-service", severity=Severity.WARNING, scope=Scope.RUN, category="practices",
      wants=_k301_wants, reads=(), locates=LOCATES, digests=DIGESTS)
def dangling_service(ctx: RuleContext, resources: list[Resource]) -> Iterator[Violation]:
    """Service selector matches no Pod in the run.

    ## What it does
    Flags a Service whose `selector` matches the labels of no Pod and no pod template
    (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob) in the
    same namespace among the files checked together. To stay precise it says nothing when the
    run has no workload at all in that namespace (the Pods are probably defined elsewhere) or
    when that namespace holds custom resources (an operator's `Prometheus`, `Alertmanager`, ...
    creates Pods the manifests do not show), and it skips Services without a selector (manual
    Endpoints) and `ExternalName` Services.

    ## Why is this bad?
    A Service that selects nothing has no endpoints: every connection to it fails. The usual
    cause is a typo or a label renamed on one side only.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      selector:
        app: wbe
      ports:
        - port: 80
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 80
    ```

    Use instead:
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      selector:
        app: web
      ports:
        - port: 80
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 80
    ```

    Remediation: make the Service's selector equal to labels of the pod template it should serve (check both for typos).
    """
    index = _cache(ctx, resources)
    operated = _operated(resources)
    for service, selector, _ports in _selecting_services(ctx, resources):
        ns = namespace_of(service)
        if not index.by_ns.get(ns) or ns in operated or index.selection(ns, selector).first:
            continue
        same_ns = index.in_namespace(ns)
        # Near misses first: a template sharing a label, or a value under another key
        # (app=nginx vs app.kubernetes.io/name=nginx).
        values = {str(v) for v in selector.values()}
        near = [w for w in same_ns if any(w.labels.get(k) == v for k, v in selector.items())]
        chosen = set(map(id, near))
        near += [w for w in same_ns if id(w) not in chosen and values & {str(v) for v in w.labels.values()}]
        shown = near or same_ns
        closest = (f"; closest: {shown[0].where} with labels {_labels_text(shown[0].labels)}"
                   if near else "")
        yield Violation(
            f"Service {service.name or '?'} selects {_labels_text(selector)}, but no Pod template in "
            f"namespace {ns} has these labels; the Service has no endpoints{closest}",
            hint="make spec.selector match the labels of the pod template it should serve (or fix "
            "the template's labels)",
            path=("spec", "selector"),
            at="key",
            resource=service,
            related=tuple(w.where for w in shown[:5]),
        )


def _serving(workload: Resource) -> list[Container]:
    out = []
    for c in containers(workload):
        # Native sidecars (init containers with restartPolicy: Always) serve traffic too.
        if not c.init or c.data.get("restartPolicy") == "Always":
            out.append(c)
    return out


@rule("K302", "service-target-port-not-exposed", severity=Severity.WARNING, scope=Scope.RUN,
      category="practices", wants=_is_service_or_workload, reads=(), locates=LOCATES,
      digests=DIGESTS)
def service_target_port(ctx: RuleContext, resources: list[Resource]) -> Iterator[Violation]:
    """Service targetPort that no selected container declares.

    ## What it does
    For every Service that selects at least one pod template of the run, checks each port's
    `targetPort` (or `port` when `targetPort` is absent, its default) against the `ports` of the
    containers it selects:

    - a **named** targetPort must be the `name` of a port of a selected container, or the
      Service gets no endpoints for that port;
    - a **numeric** targetPort should be a declared `containerPort`. It is flagged also when the
      containers declare no ports at all, the tutorial's case: traffic reaches the port if the
      application happens to listen on it, but nothing in the manifests says so, the port is
      missing from `kubectl describe`, and renaming or moving it breaks the Service silently.

    Native sidecars (init containers with `restartPolicy: Always`) count as serving containers;
    protocols (TCP/UDP/SCTP) are not compared.

    ## Why is this bad?
    A Service that forwards to a port nobody listens on gets "connection refused" on every
    request, and the mismatch is invisible until traffic arrives.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      selector:
        app: web
      ports:
        - port: 80
          targetPort: 8080
    ---
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
              ports:
                - containerPort: 80
    ```

    Use instead:
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      selector:
        app: web
      ports:
        - port: 80
          targetPort: http
    ---
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
              ports:
                - name: http
                  containerPort: 80
    ```

    Remediation: declare the port in the container's ports (containerPort, and a name to refer to it by) and point targetPort at it.
    """
    label_index = _cache(ctx, resources)
    for service, selector, ports in _selecting_services(ctx, resources):
        selected = label_index.selection(namespace_of(service), selector)
        if not selected.first or ports is None:
            continue  # K301's business, or the Pods are elsewhere; or no list of ports
        names, numbers, declared = selected.port_names, selected.port_numbers, selected.declares_ports
        for index, port in enumerate(ports):
            if not isinstance(port, dict):
                continue
            if "targetPort" in port:
                target, path = port["targetPort"], ("spec", "ports", index, "targetPort")
            else:
                target, path = port.get("port"), ("spec", "ports", index, "port")
            implied = "" if "targetPort" in port else " (targetPort defaults to port)"
            if isinstance(target, str) and not target.isdigit():
                if target in names:
                    continue
                known = ", ".join(sorted(n for n in names if isinstance(n, str))) or "none"
                yield Violation(
                    f"Service {service.name or '?'}: targetPort {target!r} is not the name of a port "
                    f"of any container it selects (named ports: {known}); this port gets no endpoints",
                    hint=f"add `name: {target}` to the container's port entry, or use the port number",
                    path=path,
                    resource=service,
                    related=selected.places(),
                )
                continue
            number = int(target) if isinstance(target, str) else as_int(target)
            if number is None or number in numbers:
                continue
            first = selected.first[0]
            if not declared:
                message = (
                    f"Service {service.name or '?'}: targetPort {number}{implied} matches no containerPort: "
                    f"the containers it selects ({first.where}) declare no ports"
                )
                hint = (f"declare the port the application listens on: add `ports: [{{containerPort: {number}}}]` "
                        "to the container (and give it a name to use as targetPort)")
            else:
                listed = ", ".join(str(n) for n in sorted(n for n in numbers if n is not None))
                message = (
                    f"Service {service.name or '?'}: targetPort {number}{implied} matches no containerPort "
                    f"of the containers it selects (they declare {listed})"
                )
                hint = "point targetPort at a declared containerPort (or its name), or declare the port"
            yield Violation(message, hint=hint, path=path, resource=service, related=selected.places())


def _controller_selector(r: Resource) -> tuple[dict[str, Any], bool] | None:
    """(selector, is LabelSelector) of a controller, None when absent or malformed."""
    selector = dict_at(r.data, "spec").get("selector")
    if not isinstance(selector, dict) or not selector:
        return None
    if r.kind == "ReplicationController":
        return selector, False
    return selector, True


@rule("K303", "overlapping-selectors", severity=Severity.WARNING, scope=Scope.RUN, category="practices",
      wants=_is_controller, reads=(), locates=LOCATES, digests=DIGESTS)
def overlapping_selectors(ctx: RuleContext, resources: list[Resource]) -> Iterator[Violation]:
    """Controller selector also matches another controller's Pods.

    ## What it does
    Flags a Deployment, StatefulSet, DaemonSet, ReplicaSet or ReplicationController whose
    `spec.selector` matches the pod template labels of another such controller in the same
    namespace. Each overlapping pair is reported once, at the selector that reaches into the
    other's Pods (the later document when both do), naming the other. Two documents with the
    same kind, namespace and name are versions of one object (as in a tutorial's successive
    `deployment.yaml`) and are not compared.

    ## Why is this bad?
    Kubernetes expects selectors of controllers not to overlap. Each controller counts the other's
    Pods as its own: it scales them down, adopts them, or a Deployment's rollout never finishes.
    A Service selecting one of them also sends traffic to the other.

    ## Example
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      selector:
        matchLabels: {app: shop}
      template:
        metadata:
          labels: {app: shop, tier: web}
        spec:
          containers:
            - {name: web, image: "example/web:1.0"}
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: worker
    spec:
      selector:
        matchLabels: {app: shop, tier: worker}
      template:
        metadata:
          labels: {app: shop, tier: worker}
        spec:
          containers:
            - {name: worker, image: "example/worker:1.0"}
    ```

    Use instead:
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      selector:
        matchLabels: {app: shop, tier: web}
      template:
        metadata:
          labels: {app: shop, tier: web}
        spec:
          containers:
            - {name: web, image: "example/web:1.0"}
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: worker
    spec:
      selector:
        matchLabels: {app: shop, tier: worker}
      template:
        metadata:
          labels: {app: shop, tier: worker}
        spec:
          containers:
            - {name: worker, image: "example/worker:1.0"}
    ```

    Remediation: add a label that is unique to each workload (app.kubernetes.io/name, component) to its template and selector.
    """
    controllers = _Controllers(_cache(ctx, resources).workloads)
    workloads = controllers.workloads
    found: list[tuple[tuple[int, int], _Workload, _Workload]] = []
    for c, culprit in enumerate(workloads):
        victim = controllers.first_victim(c)
        if victim is not None:
            found.append(((c, victim) if victim < c else (victim, c), culprit, workloads[victim]))
    # In the order of the pairs (later, earlier) that decide them: the order they were found in
    # when every overlapping pair was compared.
    for _order, culprit, victim in sorted(found, key=lambda item: item[0]):
        r = culprit.resource
        yield Violation(
            f"the selector of {r.kind} {r.name or '?'} also matches the Pods of "
            f"{victim.where}; both controllers will claim the same Pods",
            hint="add a label unique to each workload to its pod template and to its selector",
            path=("spec", "selector"),
            at="key",
            resource=r,
            related=(victim.where,),
        )


class _Controllers:
    """K303's view of the run's workloads (only controllers take part): the identities of the
    controllers (None for other workloads), the controllers grouped by namespace and equal pod
    template labels (a run has far fewer distinct labels than controllers, and whether a selector
    selects a controller depends on its labels alone), and the controllers each selector selects."""

    def __init__(self, workloads: list[_Workload]) -> None:
        self.workloads = workloads
        self.identities = [_identity(w.resource) if w.resource.kind in SELECTOR_KINDS else None for w in workloads]
        #: a controller of each group, and the group: the controllers with its namespace and labels, in run order
        firsts: list[_Workload] = []
        self._groups: list[list[int]] = []
        by_labels: dict[tuple[str, bytes], list[int]] = {}
        keys: dict[int, bytes] = {}  # id of labels (shared between equal facts, alive in workloads) -> value_key
        for x, w in enumerate(workloads):
            if self.identities[x] is not None:
                labels_key = keys.get(id(w.labels))
                if labels_key is None:
                    labels_key = keys[id(w.labels)] = value_key(w.labels)
                key = (w.namespace, labels_key)
                group = by_labels.get(key)
                if group is None:
                    group = by_labels[key] = []
                    firsts.append(w)
                    self._groups.append(group)
                group.append(x)
        self._index = _LabelIndex(firsts)
        self._selected: dict[tuple[str, bytes], list[int]] = {}

    def first_victim(self, c: int) -> int | None:
        """The workload that controller ``c`` is blamed for overlapping, if any.

        Overlapping pairs are judged later-first: in a pair, the later controller is blamed when it
        selects the earlier one's Pods, else the earlier one when it selects the later one's. Each
        controller is reported once, for its first pair in (later, earlier) order: an earlier
        workload it selects, else a later one it selects that does not select it back. Two versions
        of one object (same kind, namespace and name) are not compared.
        """
        culprit = self.workloads[c]
        if culprit.selector is None:
            return None
        identity = self.identities[c]
        for x in self.selected(culprit):  # in run order, earlier ones first
            if x == c or self.identities[x] == identity:
                continue
            if x < c or not _selects(self.workloads[x].selector, culprit.labels):
                return x
        return None

    def selected(self, culprit: _Workload) -> list[int]:
        """The controllers in ``culprit``'s namespace that its selector selects, in run order."""
        key = (culprit.namespace, value_key(culprit.selector))
        found = self._selected.get(key)
        if found is None:
            selector, is_label_selector = culprit.selector  # type: ignore[misc]
            pairs = selector.get("matchLabels") if is_label_selector else selector
            groups = self._index.candidates(culprit.namespace, pairs if isinstance(pairs, dict) else {})
            found = self._selected[key] = sorted(  # candidates: a superset of the groups it selects
                x for g in groups if _selects(culprit.selector, self._index.workloads[g].labels) for x in self._groups[g])
        return found


def _identity(r: Resource) -> tuple[str, str, str]:
    return r.kind, namespace_of(r), r.name


def _selects(selector: tuple[dict[str, Any], bool] | None, labels: dict[str, Any]) -> bool:
    """Does a controller's selector (see :func:`_controller_selector`) select ``labels``?"""
    if selector is None:
        return False
    pairs, is_label_selector = selector
    if is_label_selector:
        return bool(label_selector_matches(pairs, labels))
    return selector_matches(pairs, labels)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _references(r: Resource) -> Iterator[tuple[str, str, tuple]]:
    """(kind, name, path) of every ConfigMap, Secret and ServiceAccount a workload uses."""
    pod = pod_spec(r)
    if pod is None:
        return
    spec = pod.spec
    for key in ("serviceAccountName", "serviceAccount"):
        name = spec.get(key)
        if isinstance(name, str) and name and name != "default":
            yield "ServiceAccount", name, pod.path + (key,)
            break
    for i, ref in enumerate(_list(spec.get("imagePullSecrets"))):
        if isinstance(ref, dict) and isinstance(ref.get("name"), str):
            yield "Secret", ref["name"], pod.path + ("imagePullSecrets", i, "name")
    for i, vol in enumerate(_list(spec.get("volumes"))):
        if not isinstance(vol, dict):
            continue
        base = pod.path + ("volumes", i)
        cm, sec = vol.get("configMap"), vol.get("secret")
        if isinstance(cm, dict) and isinstance(cm.get("name"), str) and cm.get("optional") is not True:
            yield "ConfigMap", cm["name"], base + ("configMap", "name")
        if isinstance(sec, dict) and isinstance(sec.get("secretName"), str) and sec.get("optional") is not True:
            yield "Secret", sec["secretName"], base + ("secret", "secretName")
        projected = vol.get("projected")
        sources = projected.get("sources") if isinstance(projected, dict) else None
        for j, src in enumerate(sources if isinstance(sources, list) else []):
            for field, kind in (("configMap", "ConfigMap"), ("secret", "Secret")):
                body = src.get(field) if isinstance(src, dict) else None
                if isinstance(body, dict) and isinstance(body.get("name"), str) and body.get("optional") is not True:
                    yield kind, body["name"], base + ("projected", "sources", j, field, "name")
    for c in containers(r):
        for i, item in enumerate(_list(c.data.get("envFrom"))):
            if not isinstance(item, dict):
                continue
            for field, kind in (("configMapRef", "ConfigMap"), ("secretRef", "Secret")):
                body = item.get(field)
                if isinstance(body, dict) and isinstance(body.get("name"), str) and body.get("optional") is not True:
                    yield kind, body["name"], c.path + ("envFrom", i, field, "name")
        for i, env in enumerate(_list(c.data.get("env"))):
            source = env.get("valueFrom") if isinstance(env, dict) else None
            if not isinstance(source, dict):
                continue
            for field, kind in (("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret")):
                body = source.get(field)
                if isinstance(body, dict) and isinstance(body.get("name"), str) and body.get("optional") is not True:
                    yield kind, body["name"], c.path + ("env", i, "valueFrom", field, "name")


@rule("K304", "missing-referenced-object", severity=Severity.WARNING, scope=Scope.RUN, default=False,
      category="practices")
def missing_reference(ctx: RuleContext, resources: list[Resource]) -> Iterator[Violation]:
    """Workload uses a ConfigMap, Secret or ServiceAccount defined nowhere in the run.

    ## What it does
    Flags references from a workload's pod spec to a ConfigMap, Secret or ServiceAccount
    (`envFrom`, `env[].valueFrom`, `configMap`/`secret`/`projected` volumes, `imagePullSecrets`,
    `serviceAccountName`) when no object of that kind and name exists in the same namespace among
    the files checked together. References marked `optional: true` and the `default`
    ServiceAccount are skipped. Off by default: Secrets are often created outside of Git (sealed
    secrets, external-secrets, `kubectl create secret`).

    ## Why is this bad?
    A Pod that references a missing ConfigMap or Secret does not start
    (`CreateContainerConfigError`); a missing ServiceAccount stops the controller from creating
    Pods at all.

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
          envFrom:
            - configMapRef: {name: web-config}
    ```

    Use instead:
    ```yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: web-config
    data:
      MODE: production
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          envFrom:
            - configMapRef: {name: web-config}
    ```

    Remediation: add the referenced object to the manifests (or mark the reference optional: true).
    """
    defined = {(r.kind, namespace_of(r), r.name) for r in resources if r.name}
    for r in resources:
        ns = namespace_of(r)
        for kind, name, path in _references(r):
            if (kind, ns, name) not in defined:
                yield Violation(
                    f"{kind} {name!r} is used here but defined nowhere in the files checked "
                    f"(namespace {ns}); the Pod will not start",
                    hint=f"add the {kind} to the manifests, check the name for typos, or mark the "
                    "reference optional: true",
                    path=path,
                    resource=r,
                )
