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

from dataclasses import field
from decimal import Decimal
from typing import Any, Callable

from ..._record import record
from ..base import Resource, walk_path
from ._common import _LAST_FACTS, UNSET, facts_of, is_patch, resource_memo
from . import validators as v
from .allocator import may_preempt, skip

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
    facts = facts_of(resource)
    if facts.object is UNSET:
        entry = WORKLOADS.get(resource.kind)
        facts.object = not is_patch(resource) and entry is not None and resource.api_version == entry[0]
    return facts.object


def served(resource: Resource) -> bool:
    """True when the API server would validate this workload: the right kind/apiVersion and a
    body that decodes (a malformed quantity fails the request with HTTP 400 before validation,
    so no validation error is reported alongside it)."""
    facts = facts_of(resource)
    if facts.served is UNSET:
        facts.served = is_object(resource) and decode_error_path(resource) is None
    return facts.served


def decode_error_path(resource: Resource) -> tuple[Any, ...] | None:
    """Data path of the first (in file order) resource quantity that does not parse, or None."""
    facts = facts_of(resource)
    if facts.decode_error is UNSET:
        facts.decode_error = _decode_error_path(resource)
    return facts.decode_error


def _decode_error_path(resource: Resource) -> tuple[Any, ...] | None:
    site = pod_site(resource)
    if site is None:
        return None
    bad = [c.p("resources", kind, name) for c, kind, name, _raw, _value, error in quantities(site) if error]
    if not bad:
        return None
    if len(bad) == 1:
        return bad[0]

    def position(path: tuple[Any, ...]) -> tuple[int, int]:
        span, _exact = resource.document.locate(tuple(resource.prefix) + path)
        return span.line, span.column

    return min(bad, key=position)


#: (container, "limits" or "requests", resource name, raw value, parsed value or None, parse error or None)
Quantity = tuple["Ctr", str, Any, Any, "Decimal | None", "str | None"]


def quantities(site: PodSite) -> list[Quantity]:
    """Every resource quantity of every container (API order), parsed once per pod spec."""
    return site_memo(site, "quantities", _parse_quantities)


def _parse_quantities(site: PodSite) -> list[Quantity]:
    found: list[Quantity] = []
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
                    value, error = v.parse_quantity(raw), None
                except v.QuantityError as exc:
                    value, error = None, str(exc)
                found.append((c, kind, name, raw, value, error))
    return found


@record
class PodSite:
    """One pod spec inside a resource."""

    kind: str
    spec: dict[str, Any]
    path: tuple[Any, ...]           # data path of the pod spec (relative to the resource)
    meta: dict[str, Any]            # pod metadata (Pod) or template metadata
    meta_path: tuple[Any, ...]
    is_pod: bool                    # a real Pod, not a template (Pod-only checks and defaults)
    template_path: tuple[Any, ...]  # Pod: (); templates: path of the template
    #: lists derived from the spec, computed once (containers by group, parsed quantities...)
    memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def __init__(self, kind: str, spec: dict[str, Any], path: tuple[Any, ...], meta: dict[str, Any],
                 meta_path: tuple[Any, ...], is_pod: bool, template_path: tuple[Any, ...],
                 memo: dict[Any, Any] | None = None) -> None:
        """Written out: one per pod spec checked (see :mod:`yamlkit._record`)."""
        self.kind = kind
        self.spec = spec
        self.path = path
        self.meta = meta
        self.meta_path = meta_path
        self.is_pod = is_pod
        self.template_path = template_path
        self.memo = {} if memo is None else memo

    def p(self, *rest: Any) -> tuple[Any, ...]:
        return self.path + tuple(rest)

    @property
    def host_network(self) -> bool:
        return self.spec.get("hostNetwork") is True


@record
class Ctr:
    """One container of a pod spec."""

    group: str                      # containers / initContainers / ephemeralContainers
    index: int
    data: dict[str, Any]
    path: tuple[Any, ...]
    #: the entries of its lists (ports, env, volumeMounts), computed once (created on first use:
    #: a default_factory would cost every container a call)
    memo: dict[str, list[tuple[int, dict[str, Any]]]] | None = field(default=None, repr=False, compare=False)

    def __init__(self, group: str, index: int, data: dict[str, Any], path: tuple[Any, ...],
                 memo: dict[str, list[tuple[int, dict[str, Any]]]] | None = None) -> None:
        """Written out: one per container checked (see :mod:`yamlkit._record`)."""
        self.group = group
        self.index = index
        self.data = data
        self.path = path
        self.memo = memo

    def p(self, *rest: Any) -> tuple[Any, ...]:
        return self.path + tuple(rest)

    def entries(self, name: str) -> list[tuple[int, dict[str, Any]]]:
        """(index, item) of each mapping in the container's list ``name``; several rules walk
        each list, so it is built once."""
        memo = self.memo
        if memo is None:
            memo = self.memo = {}
        found = memo.get(name)
        if found is None:
            items = self.data.get(name)
            found = memo[name] = (
                [(i, item) for i, item in enumerate(items) if isinstance(item, dict)] if isinstance(items, list) else [])
        return found

    @property
    def is_init(self) -> bool:
        return self.group == "initContainers"

    @property
    def is_sidecar(self) -> bool:
        return self.is_init and self.data.get("restartPolicy") == "Always"


def pod_site(resource: Resource) -> PodSite | None:
    """The pod spec of a workload resource, or None (other kind, other apiVersion, no spec)."""
    facts = facts_of(resource)
    if facts.site is UNSET:
        facts.site = _pod_site(resource)
    return facts.site


def _pod_site(resource: Resource) -> PodSite | None:
    if not is_object(resource):
        return None
    _version, tpath = WORKLOADS[resource.kind]
    template = walk_path(resource.data, tpath) if tpath else resource.data
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


def site_memo(site: PodSite, key: str, compute: Callable[[PodSite], Any]) -> Any:
    """``compute(site)``, computed once per pod site under ``key`` (for lists many rules walk)."""
    memo = site.memo
    if key in memo:
        return memo[key]
    found = memo[key] = compute(site)
    return found


def containers(site: PodSite, groups: tuple[str, ...] = CONTAINER_GROUPS) -> tuple[Ctr, ...]:
    """Every container (as a dict) of the given groups, in the order given (API order: init,
    regular, ephemeral); computed once per site and groups."""
    found = site.memo.get(groups)
    if found is None:
        by_group = _by_group(site)
        found = site.memo[groups] = tuple([c for group in groups for c in by_group[group]])
    return found


def _by_group(site: PodSite) -> dict[str, tuple[Ctr, ...]]:
    """The containers of each group, built once per site."""
    by_group = site.memo.get("containers.by_group")
    if by_group is None:
        by_group = site.memo["containers.by_group"] = {group: _group(site, group) for group in CONTAINER_GROUPS}
    return by_group


def _group(site: PodSite, group: str) -> tuple[Ctr, ...]:
    items = site.spec.get(group)
    if not isinstance(items, list):
        return ()
    path = site.path
    return tuple([Ctr(group, index, item, path + (group, index)) for index, item in enumerate(items) if isinstance(item, dict)])


#: Every kind these rules validate (workloads and Service).
ALL_KINDS = POD_KINDS | {"Service"}


def in_scope(resource: Resource, ctx: Any) -> bool:
    """A served kind/apiVersion whose validation would actually run on create.

    It and :func:`pod_site_checked` open most API-server rules (about twenty calls per
    resource): both look at the facts cache in place, a call to :func:`facts_of` cost more.
    """
    facts = _LAST_FACTS[0]  # facts_of's one-entry cache, checked in place (see the docstring)
    if facts is None or facts.resource is not resource or facts.data is not resource.data:
        facts = facts_of(resource)
    scope = facts.scope
    if scope is UNSET:
        scope = facts.scope = _scope(resource)
    if scope is None:  # the allocator decides, with the node port range of the run
        return not skip(resource, ctx)
    return scope


def _scope(resource: Resource) -> bool | None:
    """:func:`in_scope` where it does not depend on the rule context, else None."""
    if resource.kind == "Service":
        if is_patch(resource) or resource.api_version != "v1":
            return False
        return None if may_preempt(resource) else True
    return served(resource)


_OPS = {"In", "NotIn", "Exists", "DoesNotExist"}


def selector_converts(selector: Any) -> bool:
    """Whether a LabelSelector converts to a label selector (else the server reports
    `spec.selector: Invalid value: ...: invalid label selector`)."""
    if not isinstance(selector, dict):
        return True
    labels = selector.get("matchLabels")
    if isinstance(labels, dict) and not (v.all_accepted(v.qualified_name, labels)
                                         and v.all_accepted(v.label_value, labels.values())):
        for key, value in labels.items():
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


def spec_selector_converts(resource: Resource) -> bool:
    """:func:`selector_converts` for ``spec.selector`` (once per resource: several rules ask)."""
    return resource_memo(resource, "workloads.spec_selector_converts", _spec_selector_converts)


def _spec_selector_converts(resource: Resource) -> bool:
    spec = resource.data.get("spec")
    return selector_converts(spec.get("selector")) if isinstance(spec, dict) else True


def template_validated(resource: Resource) -> bool:
    """Deployments, ReplicaSets and StatefulSets validate their template only when the selector
    converts; otherwise the server reports the selector alone."""
    return resource.kind not in ("Deployment", "ReplicaSet", "StatefulSet") or spec_selector_converts(resource)


def pod_site_checked(resource: Resource, ctx: Any) -> "PodSite | None":
    """The pod spec when the server would validate it on create (computed once per resource)."""
    facts = _LAST_FACTS[0]  # facts_of's one-entry cache, checked in place (see :func:`in_scope`)
    if facts is None or facts.resource is not resource or facts.data is not resource.data:
        facts = facts_of(resource)
    if facts.checked is UNSET:
        if resource.kind == "StatefulSet" or not served(resource) or not template_validated(resource):
            facts.checked = None
        else:
            facts.checked = pod_site(resource)
    return facts.checked
