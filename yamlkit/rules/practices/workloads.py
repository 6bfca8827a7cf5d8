"""Where the Pods are: every pod spec and every container of every workload kind, with paths.

kube-linter's ``PerContainerCheck`` in yamlkit form. Paths are relative to the resource, so a
rule can hand them straight to :class:`~yamlkit.rules.base.Violation`.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..._record import record
from ...document import Path
from ..base import Resource, walk_path

#: kind -> data path of its pod template (``()`` for a Pod: the pod itself).
TEMPLATE_PATHS: dict[str, Path] = {
    "Pod": (),
    "Deployment": ("spec", "template"),
    "ReplicaSet": ("spec", "template"),
    "StatefulSet": ("spec", "template"),
    "DaemonSet": ("spec", "template"),
    "Job": ("spec", "template"),
    "ReplicationController": ("spec", "template"),
    "CronJob": ("spec", "jobTemplate", "spec", "template"),
}
WORKLOAD_KINDS = frozenset(TEMPLATE_PATHS)
#: Kinds whose Pods run to completion: no liveness/readiness probes expected (kube-linter).
BATCH_KINDS = frozenset({"Job", "CronJob"})
#: Long-running workloads (everything but batch).
SERVING_KINDS = WORKLOAD_KINDS - BATCH_KINDS
#: Controllers that own Pods through a label selector.
SELECTOR_KINDS = frozenset({"Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "ReplicationController"})
#: The pod spec fields that hold containers, in the order they start (the ``when_keys`` of the
#: rules that check every container: without one of them there is no container to report).
CONTAINER_FIELDS = ("initContainers", "containers")


def dict_at(data: Any, *path: str | int) -> dict[str, Any]:
    """The mapping at ``path`` or ``{}``."""
    value = walk_path(data, path)
    return value if isinstance(value, dict) else {}


@record
class PodSpec:
    """A pod spec inside a resource: ``path`` leads to ``spec`` of the pod (template).

    Not frozen, like :class:`Container`: a frozen dataclass sets each field through
    ``object.__setattr__``, and one of each is built for every workload checked."""

    resource: Resource
    template_path: Path
    path: Path
    spec: dict[str, Any]

    def __init__(self, resource: Resource, template_path: Path, path: Path, spec: dict[str, Any]) -> None:
        """Written out: one per workload checked (see :mod:`yamlkit._record`)."""
        self.resource = resource
        self.template_path = template_path
        self.path = path
        self.spec = spec

    @property
    def labels(self) -> dict[str, Any]:
        return dict_at(self.resource.data, *self.template_path, "metadata", "labels")

    @property
    def labels_path(self) -> Path:
        return self.template_path + ("metadata", "labels")

    @property
    def security_context(self) -> dict[str, Any]:
        return dict_field(self.spec, "securityContext")


@record
class Container:
    """One container (or init container) with its path inside the resource."""

    pod: PodSpec
    data: dict[str, Any]
    path: Path
    init: bool

    def __init__(self, pod: PodSpec, data: dict[str, Any], path: Path, init: bool) -> None:
        """Written out: one per container checked (see :mod:`yamlkit._record`)."""
        self.pod = pod
        self.data = data
        self.path = path
        self.init = init

    @property
    def name(self) -> str:
        name = self.data.get("name")
        return name if isinstance(name, str) else "?"

    @property
    def label(self) -> str:
        """``container "web"`` / ``init container "setup"`` for messages."""
        return f'{"init container" if self.init else "container"} "{self.name}"'

    @property
    def security_context(self) -> dict[str, Any]:
        return dict_field(self.data, "securityContext")

    def effective(self, key: str) -> tuple[Any, Path | None]:
        """A securityContext field as Kubernetes applies it: the container's value overrides
        the pod's. Returns (value, path of the field that decided it) or (None, None)."""
        if key in self.security_context:
            return self.security_context[key], self.path + ("securityContext", key)
        pod_sc = self.pod.security_context
        if key in pod_sc:
            return pod_sc[key], self.pod.path + ("securityContext", key)
        return None, None

    def ports(self) -> list[dict[str, Any]]:
        ports = self.data.get("ports")
        return [p for p in ports if isinstance(p, dict)] if isinstance(ports, list) else []


def dict_field(data: dict[str, Any], key: str) -> dict[str, Any]:
    """``data[key]`` when it is a mapping, else ``{}`` (:func:`dict_at` for one key, which
    every container rule asks for)."""
    value = data.get(key)
    return value if isinstance(value, dict) else {}


#: One-entry caches: the engine runs every rule of a resource in a row, and each rule asks for
#: the same pod spec and containers. An entry holds the resource and its data (the same checks
#: as the API-server rules' ``facts_of``), so neither id can be reused nor the data swapped.
_LAST_POD: list[Any] = [None, None, None]
#: (resource, data, every container, the containers without the init containers)
_LAST_CONTAINERS: list[Any] = [None, None, (), ()]


def pod_spec(resource: Resource) -> PodSpec | None:
    """The pod spec of a workload resource, or None for other kinds / malformed data."""
    data = resource.data
    if _LAST_POD[0] is resource and _LAST_POD[1] is data:
        return _LAST_POD[2]
    template = TEMPLATE_PATHS.get(resource.kind)
    pod = None
    if template is not None:
        spec = walk_path(data, template + ("spec",))
        if isinstance(spec, dict):
            pod = PodSpec(resource, template, template + ("spec",), spec)
    _LAST_POD[:] = resource, data, pod
    return pod


def containers(resource: Resource, *, init: bool = True) -> tuple[Container, ...]:
    """Every container of a workload (init containers too unless ``init=False``), in file
    order; built once per resource for all the rules that ask."""
    data = resource.data
    entry = _LAST_CONTAINERS
    if entry[0] is not resource or entry[1] is not data:
        every = tuple(_all_containers(resource))
        entry[:] = resource, data, every, tuple(c for c in every if not c.init)
    return entry[2] if init else entry[3]


def _all_containers(resource: Resource) -> Iterator[Container]:
    pod = pod_spec(resource)
    if pod is None:
        return
    for field in CONTAINER_FIELDS:
        items = pod.spec.get(field)
        if not isinstance(items, list):
            continue
        init = field == "initContainers"
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield Container(pod, item, pod.path + (field, index), init)


def namespace_of(resource: Resource) -> str:
    """The namespace an object lands in when applied without ``-n``: ``default`` when absent."""
    return resource.namespace or "default"


def selector_matches(selector: dict[str, Any], labels: dict[str, Any]) -> bool:
    """Does an equality selector (a Service's ``selector``, a ``matchLabels``) select ``labels``?

    An empty selector selects nothing here (a Service without a selector has manual endpoints).
    """
    if not selector:
        return False
    for key, value in selector.items():  # a loop, not all(<generator>): K301-K303 call it per workload
        if key not in labels or str(labels[key]) != str(value):
            return False
    return True


def label_selector_matches(selector: dict[str, Any], labels: dict[str, Any]) -> bool | None:
    """A ``metav1.LabelSelector`` (``matchLabels`` + ``matchExpressions``) against ``labels``.

    Returns None when the selector cannot be evaluated (malformed or empty).
    """
    match_labels = selector.get("matchLabels") or {}
    expressions = selector.get("matchExpressions") or []
    if not isinstance(match_labels, dict) or not isinstance(expressions, list):
        return None
    if not match_labels and not expressions:
        return None
    for key, value in match_labels.items():
        if key not in labels or str(labels[key]) != str(value):
            return False
    for expr in expressions:
        if not isinstance(expr, dict):
            return None
        key, op = expr.get("key"), expr.get("operator")
        values = [str(v) for v in expr.get("values") or []] if isinstance(expr.get("values"), list) else []
        present = key in labels
        if op == "In":
            ok = present and str(labels[key]) in values
        elif op == "NotIn":
            ok = not present or str(labels[key]) not in values
        elif op == "Exists":
            ok = present
        elif op == "DoesNotExist":
            ok = not present
        else:
            return None
        if not ok:
            return False
    return True


def as_int(value: Any) -> int | None:
    """An integer field value (bools are not integers)."""
    if isinstance(value, bool):
        return None
    return value if isinstance(value, int) else None
