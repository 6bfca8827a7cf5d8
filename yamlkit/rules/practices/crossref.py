"""K301-K304: checks across the resources of a run (Services, selectors, references).

Every check here is RUN-scoped: it sees every resource of every file checked together, sets
``Violation.resource`` to the resource at fault, and names the other resources (``file:line``)
in the message or in ``related``. Objects without a namespace are in ``default``.
"""

from __future__ import annotations

import itertools
from typing import Any, Iterator, NamedTuple

from ...findings import Severity
from ..base import Resource, RuleContext, Scope, Violation, rule
from .workloads import (
    SELECTOR_KINDS,
    TEMPLATE_PATHS,
    Container,
    PodSpec,
    as_int,
    containers,
    dict_at,
    label_selector_matches,
    namespace_of,
    pod_spec,
    selector_matches,
)


class _Workload:
    """What K301-K303 need of a workload, read once from its data: namespace, pod template
    labels, controller selector and the ports its serving containers declare (equal values
    are shared between workloads: the index lives while the RUN rules run)."""

    __slots__ = ("resource", "namespace", "labels", "selector", "ports", "_where")

    def __init__(self, resource: Resource, view: Resource, pod: PodSpec, pool: "_Pool") -> None:
        self.resource = resource
        self.namespace = namespace_of(resource)
        self.labels: dict[str, Any] = pool.share(pod.labels)
        selector = _controller_selector(view) if resource.kind in SELECTOR_KINDS else None
        self.selector = pool.share(selector)
        ports = [p for c in _serving(view) for p in c.ports()]
        names = frozenset(p.get("name") for p in ports if _hashable(p.get("name")))
        numbers = frozenset(as_int(p.get("containerPort")) for p in ports)
        self.ports: tuple[frozenset[Any], frozenset[int | None], bool] = pool.share((names, numbers, bool(ports)))
        self._where: str | None = None

    @property
    def where(self) -> str:
        """``Deployment/web at file.yaml:12``: the line of its pod template labels."""
        if self._where is None:
            r = self.resource
            labels_path = TEMPLATE_PATHS[r.kind] + ("metadata", "labels")
            span, _ = r.document.locate(r.prefix + labels_path, at="key")
            self._where = f"{r.kind}/{r.name or '?'} at {r.file}:{span.line}"
        return self._where


class _Pool:
    """One shared object per distinct plain value (labels, selectors, port sets)."""

    def __init__(self) -> None:
        self._values: dict[Any, Any] = {}

    def share(self, value: Any) -> Any:
        return self._values.setdefault(_frozen(value), value)


#: Marks the stand-in of a mapping of strings to strings (no other stand-in starts with it).
_STRING_MAP = object()
_ONLY_STR = frozenset({str})
#: Marks the stand-in of a set of strings, integers and None (port names and numbers).
_PLAIN_SET = object()
#: element types for which equal sets hold equal values of equal types (no ``True == 1 == 1.0``)
_PLAIN_TYPES = frozenset({str, int, type(None)})


def _frozen(value: Any) -> Any:
    """A hashable stand-in for plain data: equal only for values that are equal and of equal types."""
    if isinstance(value, dict):
        items = tuple(value.items())
        # labels and selectors: every key and value a string, checked and kept in C (no recursion)
        if {*map(type, itertools.chain.from_iterable(items))} <= _ONLY_STR:
            return _STRING_MAP, items
        return (dict, *[(_frozen(k), _frozen(v)) for k, v in items])
    if isinstance(value, (list, tuple)):
        return (type(value), *[_frozen(v) for v in value])
    if isinstance(value, frozenset):
        # port names and numbers: the set stands for itself, its element types checked in C
        if {*map(type, value)} <= _PLAIN_TYPES:
            return _PLAIN_SET, value
        return (frozenset, frozenset(_frozen(v) for v in value))
    return type(value), repr(value) if isinstance(value, float) else value


def _hashable(value: Any) -> bool:
    return not isinstance(value, (dict, list))


def _workloads(resources: list[Resource]) -> list[_Workload]:
    out = []
    pool = _Pool()
    for r in resources:
        if r.kind not in TEMPLATE_PATHS:
            continue
        view = Resource(document=r.document, data=r.data, prefix=r.prefix)  # the data, read once
        pod = pod_spec(view)
        if pod is not None:
            out.append(_Workload(r, view, pod, pool))
    return out


def _services(resources: list[Resource]) -> Iterator[tuple[Resource, dict[str, Any], dict[str, Any]]]:
    """(Service, its selector, its spec) of every Service that selects Pods."""
    for r in resources:
        if r.kind != "Service" or r.api_version != "v1":
            continue
        spec = dict_at(r.data, "spec")
        selector = spec.get("selector")
        if spec.get("type") == "ExternalName" or not isinstance(selector, dict) or not selector:
            continue
        yield r, selector, spec


class _Selection(NamedTuple):
    """The workloads a selector selects: the first five (run order) and their ports."""

    first: tuple[_Workload, ...]
    port_names: frozenset[Any]
    port_numbers: frozenset[int | None]
    declares_ports: bool


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
        key = (ns, _frozen(pairs))
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
        key = (ns, _frozen(selector))
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
    key = "practices.workloads"
    cached = ctx.cache.get(key)
    if cached is None or cached[0] is not resources:
        cached = (resources, _LabelIndex(_workloads(resources)))
        ctx.cache[key] = cached
    return cached[1]


#: API groups served by Kubernetes itself; any other group is a custom resource.
BUILTIN_GROUPS = frozenset({"", "apps", "batch", "autoscaling", "policy", "extensions"})


def is_custom_resource(r: Resource) -> bool:
    """An object of a CustomResourceDefinition's kind (``monitoring.coreos.com/v1`` Prometheus...)."""
    group = r.group
    return bool(r.api_version) and group not in BUILTIN_GROUPS and not group.endswith("k8s.io")


def _under(template: tuple, path: str) -> str:
    return ".".join(template + (path,))


_POD_FIELDS = tuple(f"spec.{field}[*].{leaf}" for field in ("initContainers", "containers")
                    for leaf in ("restartPolicy", "ports[*].name", "ports[*].containerPort"))
#: what K301-K303 read: a Service's selector and ports, a controller's selector, a pod
#: template's labels and its containers' ports (at each workload kind's template)
READS = ("spec.selector", "spec.type", "spec.ports[*].port", "spec.ports[*].targetPort") + tuple(
    f"{kind}:{_under(template, path)}" for kind, template in TEMPLATE_PATHS.items()
    for path in ("metadata.labels",) + _POD_FIELDS)
#: where K301-K303 report or point: selectors, a Service's ports, pod template labels
LOCATES = ("spec.selector", "spec.ports[*].port", "spec.ports[*].targetPort") + tuple(
    f"{kind}:{_under(template, 'metadata.labels')}" for kind, template in TEMPLATE_PATHS.items())


def _is_service_or_workload(r: Resource) -> bool:
    return r.kind == "Service" or r.kind in TEMPLATE_PATHS


def _k301_wants(r: Resource) -> bool:
    return _is_service_or_workload(r) or is_custom_resource(r)


def _is_controller(r: Resource) -> bool:
    return r.kind in SELECTOR_KINDS


def _labels_text(selector: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in selector.items())


@rule("K301", "dangling-service", severity=Severity.WARNING, scope=Scope.RUN, category="practices",
      wants=_k301_wants, reads=READS, locates=LOCATES)
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
    operated = {namespace_of(r) for r in resources if is_custom_resource(r)}
    for service, selector, _spec in _services(resources):
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
      category="practices", wants=_is_service_or_workload, reads=READS, locates=LOCATES)
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
    for service, selector, spec in _services(resources):
        selected = label_index.selection(namespace_of(service), selector)
        if not selected.first:
            continue  # K301's business, or the Pods are elsewhere
        ports = spec.get("ports")
        if not isinstance(ports, list):
            continue
        names, numbers, declared = selected.port_names, selected.port_numbers, selected.declares_ports
        where = tuple(w.where for w in selected.first)
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
                    related=where,
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
            yield Violation(message, hint=hint, path=path, resource=service, related=where)


def _controller_selector(r: Resource) -> tuple[dict[str, Any], bool] | None:
    """(selector, is LabelSelector) of a controller, None when absent or malformed."""
    selector = dict_at(r.data, "spec").get("selector")
    if not isinstance(selector, dict) or not selector:
        return None
    if r.kind == "ReplicationController":
        return selector, False
    return selector, True


@rule("K303", "overlapping-selectors", severity=Severity.WARNING, scope=Scope.RUN, category="practices",
      wants=_is_controller, reads=READS, locates=LOCATES)
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
    workloads = [w for w in _cache(ctx, resources).workloads if w.resource.kind in SELECTOR_KINDS]
    index = _LabelIndex(workloads)
    found: list[tuple[tuple[int, int], _Workload, _Workload]] = []
    for c, culprit in enumerate(workloads):
        victim = _first_victim(c, workloads, index)
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


def _first_victim(c: int, workloads: list[_Workload], index: _LabelIndex) -> int | None:
    """The workload that controller ``c`` is blamed for overlapping, if any.

    Overlapping pairs are judged later-first: in a pair, the later controller is blamed when it
    selects the earlier one's Pods, else the earlier one when it selects the later one's. Each
    controller is reported once, for its first pair in (later, earlier) order: an earlier
    workload it selects, else a later one it selects that does not select it back. Two versions
    of one object (same kind, namespace and name) are not compared.
    """
    culprit = workloads[c]
    if culprit.selector is None:
        return None
    selector, is_label_selector = culprit.selector
    pairs = selector.get("matchLabels") if is_label_selector else selector
    candidates = index.candidates(culprit.namespace, pairs if isinstance(pairs, dict) else {})
    for x in candidates:  # in run order, earlier ones first; a superset of what it selects
        other = workloads[x]
        if x == c or _identity(other.resource) == _identity(culprit.resource) or not _selects(culprit, other):
            continue
        if x < c or not _selects(other, culprit):
            return x
    return None


def _identity(r: Resource) -> tuple[str, str, str]:
    return r.kind, namespace_of(r), r.name


def _selects(a: _Workload, b: _Workload) -> bool:
    if a.selector is None:
        return False
    selector, is_label_selector = a.selector
    if is_label_selector:
        return bool(label_selector_matches(selector, b.labels))
    return selector_matches(selector, b.labels)


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
