"""(apiVersion, kind) -> compiled schema, and plain-words explanations when there is none.

Order: the bundled schemas of the target version, then CRDs given with ``--crd``, then the
``--schema-location`` templates. Compiled schemas are cached per (version, strictness,
apiVersion, kind) for the life of the process.
"""

from __future__ import annotations

import functools
import json
import os
from typing import Any

from .._record import record
from ..config import ConfigError
from . import bundled
from .compiled import Compiled, check_schema

# Well-known removals: (apiVersion, kind) -> (removed in, use instead). Facts from the
# Kubernetes deprecated API migration guide; bundled data only reaches back to 1.25.
_WORKLOADS = ("Deployment", "DaemonSet", "ReplicaSet", "StatefulSet")
REMOVED: dict[tuple[str, str], tuple[str, str]] = {
    **{("extensions/v1beta1", k): ("1.16", "apps/v1") for k in ("Deployment", "DaemonSet", "ReplicaSet")},
    **{("apps/v1beta1", k): ("1.16", "apps/v1") for k in _WORKLOADS},
    **{("apps/v1beta2", k): ("1.16", "apps/v1") for k in _WORKLOADS},
    ("extensions/v1beta1", "NetworkPolicy"): ("1.16", "networking.k8s.io/v1"),
    ("extensions/v1beta1", "PodSecurityPolicy"): ("1.16", "policy/v1beta1 (itself removed in 1.25)"),
    ("extensions/v1beta1", "Ingress"): ("1.22", "networking.k8s.io/v1"),
    ("networking.k8s.io/v1beta1", "Ingress"): ("1.22", "networking.k8s.io/v1"),
    ("networking.k8s.io/v1beta1", "IngressClass"): ("1.22", "networking.k8s.io/v1"),
    ("apiextensions.k8s.io/v1beta1", "CustomResourceDefinition"): ("1.22", "apiextensions.k8s.io/v1"),
    **{("admissionregistration.k8s.io/v1beta1", k): ("1.22", "admissionregistration.k8s.io/v1")
       for k in ("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")},
    ("apiregistration.k8s.io/v1beta1", "APIService"): ("1.22", "apiregistration.k8s.io/v1"),
    **{("rbac.authorization.k8s.io/v1beta1", k): ("1.22", "rbac.authorization.k8s.io/v1")
       for k in ("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding")},
    ("scheduling.k8s.io/v1beta1", "PriorityClass"): ("1.22", "scheduling.k8s.io/v1"),
    **{("storage.k8s.io/v1beta1", k): ("1.22", "storage.k8s.io/v1")
       for k in ("CSIDriver", "CSINode", "StorageClass", "VolumeAttachment")},
    ("certificates.k8s.io/v1beta1", "CertificateSigningRequest"): ("1.22", "certificates.k8s.io/v1"),
    ("coordination.k8s.io/v1beta1", "Lease"): ("1.22", "coordination.k8s.io/v1"),
    ("batch/v1beta1", "CronJob"): ("1.25", "batch/v1"),
    ("batch/v2alpha1", "CronJob"): ("1.21", "batch/v1"),
    ("discovery.k8s.io/v1beta1", "EndpointSlice"): ("1.25", "discovery.k8s.io/v1"),
    ("events.k8s.io/v1beta1", "Event"): ("1.25", "events.k8s.io/v1"),
    ("autoscaling/v2beta1", "HorizontalPodAutoscaler"): ("1.25", "autoscaling/v2"),
    ("autoscaling/v2beta2", "HorizontalPodAutoscaler"): ("1.26", "autoscaling/v2"),
    ("policy/v1beta1", "PodDisruptionBudget"): ("1.25", "policy/v1"),
    ("policy/v1beta1", "PodSecurityPolicy"): ("1.25", "Pod Security Admission (namespace labels)"),
    ("node.k8s.io/v1beta1", "RuntimeClass"): ("1.25", "node.k8s.io/v1"),
    ("storage.k8s.io/v1beta1", "CSIStorageCapacity"): ("1.27", "storage.k8s.io/v1"),
    **{("flowcontrol.apiserver.k8s.io/" + v, k): (r, "flowcontrol.apiserver.k8s.io/v1")
       for v, r in (("v1beta1", "1.26"), ("v1beta2", "1.29"), ("v1beta3", "1.32"))
       for k in ("FlowSchema", "PriorityLevelConfiguration")},
}
_EXTRA_BUILTIN_GROUPS = {"extensions", "apiextensions.k8s.io", "apiregistration.k8s.io"}

_COMPILED: dict[tuple, Compiled | None] = {}


@record(frozen=True)
class Missing:
    """Why a resource has no schema: ``builtin`` is True for a Kubernetes API group."""

    message: str
    hint: str
    builtin: bool


def bundled_schema(version: str, strict: bool, api_version: str, kind: str) -> Compiled | None:
    """The compiled bundled schema of a kind, or None; loaded on first use, then cached."""
    key = (version, strict, api_version, kind)
    if key not in _COMPILED:
        schema = bundled.inlined_schema(version, strict, api_version, kind)
        _COMPILED[key] = None if schema is None else Compiled(schema, origin=f"Kubernetes {version}")
    return _COMPILED[key]


@functools.cache
def builtin_groups() -> frozenset[str]:
    groups = set(_EXTRA_BUILTIN_GROUPS) | {api.rpartition("/")[0] for api, _ in REMOVED}
    for apis in bundled.served(bundled.versions()[-1]).values():
        groups.update(api.rpartition("/")[0] for api in apis)
    return frozenset(groups)


def is_builtin_group(api_version: str) -> bool:
    return api_version.rpartition("/")[0] in builtin_groups()


@functools.lru_cache(maxsize=1024)
def explain_missing(version: str, api_version: str, kind: str) -> Missing:
    """Where the kind exists instead: other apiVersions, other Kubernetes versions, or nowhere."""
    if not is_builtin_group(api_version):  # e.g. Knative's serving.knative.dev/v1 Service is not core Service
        return Missing(f"no schema for {kind} ({api_version}): it is not a built-in Kubernetes kind, so it was not "
                       "validated", "give its CustomResourceDefinition (--crd FILE or among the inputs) or a "
                       "--schema-location", False)
    served = bundled.served(version)
    here = served.get(kind, ())
    removed = REMOVED.get((api_version, kind))
    if removed and _key(removed[0]) <= _key(version):
        when, instead = removed
        use = next((a for a in here if instead.startswith(a)), instead)
        return Missing(f"{kind} {api_version} was removed in Kubernetes {when}; Kubernetes {version} does not serve it",
                       f"use apiVersion: {use}" if "/" in use else f"use {use}", True)
    if here:
        elsewhere = bundled.versions_serving(api_version, kind)
        since = f" (it is served by Kubernetes {elsewhere[0]} to {elsewhere[-1]})" if elsewhere else ""
        return Missing(f"Kubernetes {version} does not serve {kind} as {api_version}{since}",
                       "use apiVersion: " + " or ".join(_stable_first(here)), True)
    elsewhere = bundled.versions_serving(api_version, kind)
    if elsewhere:
        return Missing(f"{kind} {api_version} is not served by Kubernetes {version} "
                       f"(it is served by {elsewhere[0]} to {elsewhere[-1]})",
                       "choose another --kubernetes-version, or a current apiVersion", True)
    close = _close_kind(kind, served)
    hint = f'did you mean "{close}" ({" or ".join(_stable_first(served[close]))})?' if close else \
        "check the kind's spelling and capitalisation (kinds are case-sensitive)"
    return Missing(f'unknown kind "{kind}" for apiVersion {api_version} in Kubernetes {version}', hint, True)


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _stable_first(apis: tuple[str, ...]) -> list[str]:
    def rank(api: str) -> tuple[int, str]:
        ver = api.rpartition("/")[2]
        return (0 if "alpha" not in ver and "beta" not in ver else 1 if "beta" in ver else 2, api)
    return sorted(apis, key=rank)


def _close_kind(kind: str, served: dict[str, tuple[str, ...]]) -> str | None:
    lower = {k.lower(): k for k in served}
    if kind.lower() in lower:
        return lower[kind.lower()]
    import difflib

    close = difflib.get_close_matches(kind, list(served), n=1, cutoff=0.75)
    return close[0] if close else None


# -- --crd ----------------------------------------------------------------------------------
@record
class CrdStore:
    """Schemas from CustomResourceDefinitions, keyed by (apiVersion, kind)."""

    raw: dict[tuple[str, str], dict]
    compiled: dict[tuple[str, str, bool], Compiled | None]

    def get(self, api_version: str, kind: str, strict: bool) -> Compiled | None:
        key = (api_version, kind, strict)
        if key not in self.compiled:
            raw = self.raw.get((api_version, kind))
            self.compiled[key] = None if raw is None else compile_crd_schema(raw, strict, f"CRD {kind}")
        return self.compiled[key]

    def add(self, data: Any) -> None:
        from . import crds

        for version in crds.versions_of(data):
            if version.schema is not None:
                self.raw.setdefault((version.api_version, version.kind), version.schema)


def compile_crd_schema(openapi: dict, strict: bool, origin: str) -> Compiled | None:
    from . import crds

    schema = crds.to_json_schema(openapi, strict)
    if check_schema(schema, "4") is not None:
        return None
    return Compiled(schema, draft="4", origin=origin)


@functools.lru_cache(maxsize=16)
def crd_store(paths: tuple[str, ...]) -> CrdStore:
    """CRDs from files and directories (``Settings.crds``); a missing path is a ConfigError."""
    store = CrdStore({}, {})
    if not paths:
        return store
    from ..convert import ConversionError, load_documents
    from ..discovery import MissingPath, expand_paths
    from ..source import from_text
    from . import crds

    try:
        files = list(expand_paths(paths))
    except MissingPath as exc:
        raise ConfigError(f"--crd: no such file or directory: {exc}") from None
    for path in files:
        try:
            with open(path, encoding="utf-8-sig") as fh:
                docs = load_documents(from_text(fh.read(), name=path))
        except (OSError, UnicodeDecodeError, ConversionError) as exc:
            raise ConfigError(f"--crd: cannot read {path}: {exc}") from None
        for data in docs:
            for item in data.get("items", ()) if isinstance(data, dict) and data.get("kind") == "List" else [data]:
                if crds.is_crd(item):
                    store.add(item)
    return store


# -- --schema-location -------------------------------------------------------------------------
def check_locations(templates: list[str]) -> None:
    for template in templates:
        if "://" in template:
            raise ConfigError(f"--schema-location {template!r}: only local paths are supported (yamlkit is offline)")


def location_vars(api_version: str, kind: str, version: str, strict: bool) -> dict[str, str]:
    """The kubeconform template variables for one resource."""
    group, _, ver = api_version.rpartition("/")
    first = group.split(".", 1)[0].lower() if group else ""
    return {
        "ResourceKind": kind.lower(),
        "ResourceAPIVersion": ver,
        "Group": api_version.split("/")[0],  # as kubeconform: "v1" for the core group
        "KindSuffix": (f"-{first}" if first else "") + f"-{ver.lower()}",
        "NormalizedKubernetesVersion": f"v{version}.0",
        "StrictSuffix": "-strict" if strict else "",
    }


def render(template: str, values: dict[str, str]) -> str:
    out = template
    for name, value in values.items():
        for spelling in ("{{.%s}}" % name, "{{ .%s }}" % name):
            out = out.replace(spelling, value)
    return out


def location_schema(templates: tuple[str, ...], version: str, strict: bool, api_version: str,
                    kind: str) -> Compiled | None:
    values = location_vars(api_version, kind, version, strict)
    file = f"{values['ResourceKind']}{values['KindSuffix']}.json"
    for template in templates:
        if "{{" in template:
            candidates = [render(template, values)]
        else:  # a folder: kubeconform's layout, then a flat folder
            standalone = f"{values['NormalizedKubernetesVersion']}-standalone{values['StrictSuffix']}"
            candidates = [os.path.join(template, standalone, file), os.path.join(template, file)]
        for path in candidates:
            compiled = _load_location(path)
            if compiled is not None:
                return compiled
    return None


@functools.lru_cache(maxsize=256)
def _load_location(path: str) -> Compiled | None:
    if not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8") as fh:
        schema = json.load(fh)
    draft = "4" if "draft-04" in str(schema.get("$schema", "")) else "2020-12"
    return Compiled(schema, draft=draft, origin=path)
