"""Where pod specs live: one walker for every workload kind, with the path each kind prints.

| kind | apiVersion | pod spec path |
|---|---|---|
| Pod | v1 | `spec` |
| Deployment, ReplicaSet, StatefulSet, DaemonSet | apps/v1 | `spec.template.spec` |
| ReplicationController | v1 | `spec.template.spec` |
| Job | batch/v1 | `spec.template.spec` |
| CronJob | batch/v1 | `spec.jobTemplate.spec.template.spec` |
| PodTemplate | v1 | `template.spec` |

Objects of other apiVersions (``extensions/v1beta1`` Deployments, ...) are not served by current
API servers and are left to the schema validator; kustomize patches (``$patch: delete``) are not
objects and are skipped.

StatefulSets are special: the API server validates only their template's labels and annotations,
restartPolicy and activeDeadlineSeconds, NOT the pod spec (volume mounts may name
volumeClaimTemplates), so the pod-spec rules skip them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from ..base import Resource

#: kind -> (apiVersion, path of the pod template, or of the Pod itself for kind Pod)
WORKLOADS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Pod": ("v1", ()),
    "Deployment": ("apps/v1", ("spec", "template")),
    "ReplicaSet": ("apps/v1", ("spec", "template")),
    "StatefulSet": ("apps/v1", ("spec", "template")),
    "DaemonSet": ("apps/v1", ("spec", "template")),
    "ReplicationController": ("v1", ("spec", "template")),
    "Job": ("batch/v1", ("spec", "template")),
    "CronJob": ("batch/v1", ("spec", "jobTemplate", "spec", "template")),
    "PodTemplate": ("v1", ("template",)),
}
POD_KINDS = frozenset(WORKLOADS)
#: Controllers whose pods must run forever (restartPolicy Always, no activeDeadlineSeconds).
LONG_RUNNING = frozenset({"Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "ReplicationController"})
#: Controllers with a label selector that must match the template labels.
SELECTOR_KINDS = frozenset({"Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"})

CONTAINER_GROUPS = ("initContainers", "containers", "ephemeralContainers")


def is_object(resource: Resource) -> bool:
    """A workload of the apiVersion these rules model (not a patch, not an old apiVersion)."""
    entry = WORKLOADS.get(resource.kind)
    if any(isinstance(key, str) and key.startswith("$") for key in resource.data):
        return False  # a strategic-merge / kustomize patch, not an object
    return entry is not None and resource.api_version == entry[0]


def served(resource: Resource) -> bool:
    """True when the API server would validate this workload: the right kind/apiVersion and a
    body that decodes (a malformed quantity fails the request with HTTP 400 before validation,
    so no validation error is reported alongside it)."""
    return is_object(resource) and decode_error_path(resource) is None


_LAST_DECODE: list[Any] = [None, None]  # one-entry cache: every rule of a resource asks


def decode_error_path(resource: Resource) -> tuple[Any, ...] | None:
    """Data path of the first (in file order) resource quantity that does not parse, or None."""
    if _LAST_DECODE[0] is resource:
        return _LAST_DECODE[1]
    path = _decode_error_path(resource)
    _LAST_DECODE[0], _LAST_DECODE[1] = resource, path
    return path


def _decode_error_path(resource: Resource) -> tuple[Any, ...] | None:
    from . import validators as v

    site = pod_site(resource)
    if site is None:
        return None
    bad: list[tuple[Any, ...]] = []
    for c in containers(site):
        res = c.data.get("resources")
        if not isinstance(res, dict):
            continue
        for kind in ("limits", "requests"):
            table = res.get(kind)
            if not isinstance(table, dict):
                continue
            for name, raw in table.items():
                try:
                    v.parse_quantity(raw)
                except v.QuantityError:
                    bad.append(c.p("resources", kind, name))
    if not bad:
        return None
    if len(bad) == 1:
        return bad[0]

    def position(path: tuple[Any, ...]) -> tuple[int, int]:
        span, _exact = resource.document.locate(tuple(resource.prefix) + path)
        return span.line, span.column

    return min(bad, key=position)


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


@dataclass(slots=True)
class PodSite:
    """One pod spec inside a resource."""

    kind: str
    spec: dict[str, Any]
    path: tuple[Any, ...]           # data path of the pod spec (relative to the resource)
    meta: dict[str, Any]            # pod metadata (Pod) or template metadata
    meta_path: tuple[Any, ...]
    is_pod: bool                    # a real Pod, not a template (Pod-only checks and defaults)
    template_path: tuple[Any, ...]  # Pod: (); templates: path of the template

    def p(self, *rest: Any) -> tuple[Any, ...]:
        return self.path + tuple(rest)

    @property
    def restart_policy(self) -> Any:
        return self.spec.get("restartPolicy") or "Always"

    @property
    def host_network(self) -> bool:
        return self.spec.get("hostNetwork") is True


@dataclass(slots=True)
class Ctr:
    """One container of a pod spec."""

    group: str                      # containers / initContainers / ephemeralContainers
    index: int
    data: dict[str, Any]
    path: tuple[Any, ...]

    def p(self, *rest: Any) -> tuple[Any, ...]:
        return self.path + tuple(rest)

    @property
    def is_init(self) -> bool:
        return self.group == "initContainers"

    @property
    def is_sidecar(self) -> bool:
        return self.is_init and self.data.get("restartPolicy") == "Always"


def pod_site(resource: Resource) -> PodSite | None:
    """The pod spec of a workload resource, or None (other kind, other apiVersion, no spec)."""
    if not is_object(resource):
        return None
    _version, tpath = WORKLOADS[resource.kind]
    template = _get(resource.data, tpath) if tpath else resource.data
    if not isinstance(template, dict):
        return None
    spec = template.get("spec")
    if spec is None:
        spec = {}  # no pod spec at all: validated as an empty one (no containers)
    elif not isinstance(spec, dict):
        return None
    meta = template.get("metadata")
    return PodSite(
        kind=resource.kind,
        spec=spec,
        path=tpath + ("spec",),
        meta=meta if isinstance(meta, dict) else {},
        meta_path=tpath + ("metadata",),
        is_pod=resource.kind == "Pod",
        template_path=tpath,
    )


def containers(site: PodSite, groups: tuple[str, ...] = CONTAINER_GROUPS) -> Iterator[Ctr]:
    """Every container (as a dict) of the given groups, in API order: init, regular, ephemeral."""
    for group in groups:
        items = site.spec.get(group)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield Ctr(group, index, item, site.path + (group, index))


#: Every kind these rules validate (workloads and Service).
ALL_KINDS = POD_KINDS | {"Service"}


def in_scope(resource: Resource, ctx: Any) -> bool:
    """A served kind/apiVersion whose validation would actually run on create."""
    from .allocator import skip

    if resource.kind == "Service":
        if any(isinstance(key, str) and key.startswith("$") for key in resource.data):
            return False
        return resource.api_version == "v1" and not skip(resource, ctx)
    return served(resource)


_OPS = {"In", "NotIn", "Exists", "DoesNotExist"}


def selector_converts(selector: Any) -> bool:
    """Whether a LabelSelector converts to a label selector (else the server reports
    `spec.selector: Invalid value: ...: invalid label selector`)."""
    from . import validators as v

    if not isinstance(selector, dict):
        return True
    for key, value in (selector.get("matchLabels") or {}).items() if isinstance(selector.get("matchLabels"), dict) else ():
        if v.qualified_name(str(key)) or (isinstance(value, str) and v.label_value(value)):
            return False
    exprs = selector.get("matchExpressions")
    for expr in exprs if isinstance(exprs, list) else ():
        if not isinstance(expr, dict):
            continue
        op, values, key = expr.get("operator"), expr.get("values"), expr.get("key")
        if isinstance(key, str) and v.qualified_name(key):
            return False
        if not isinstance(op, str):
            continue
        if op not in _OPS:
            return False
        n = len(values) if isinstance(values, list) else 0
        if op in ("In", "NotIn") and n == 0:
            return False
        if op in ("Exists", "DoesNotExist") and n:
            return False
        for val in values if isinstance(values, list) else ():
            if isinstance(val, str) and v.label_value(val):
                return False
    return True


def template_validated(resource: Resource) -> bool:
    """Deployments, ReplicaSets and StatefulSets validate their template only when the selector
    converts; otherwise the server reports the selector alone."""
    if resource.kind in ("Deployment", "ReplicaSet", "StatefulSet"):
        spec = resource.data.get("spec")
        if isinstance(spec, dict):
            return selector_converts(spec.get("selector"))
    return True


def pod_site_checked(resource: Resource, ctx: Any) -> "PodSite | None":
    """The pod spec when the server would validate it on create.

    Every pod-spec rule asks for it; the engine runs all rules of one resource in a row, so a
    one-entry cache on the run context computes it once per resource.
    """
    cache = getattr(ctx, "cache", None)
    if cache is not None:
        hit = cache.get("apiserver.pod_site")
        if hit is not None and hit[0] is resource:
            return hit[1]
    if resource.kind == "StatefulSet" or not served(resource) or not template_validated(resource):
        site = None
    else:
        site = pod_site(resource)
    if cache is not None:
        cache["apiserver.pod_site"] = (resource, site)
    return site
