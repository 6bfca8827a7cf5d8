"""A0xx: object metadata (ValidateObjectMeta and the label/annotation helpers).

Rows of docs/apiserver-rules.md: META-NAME-REQ, META-NAME-SUBDOMAIN, META-NAME-DNS1035 (SVC-NAME,
DEP-NAME), META-GENNAME, META-NAMESPACE, META-LABEL-KEY, META-LABEL-VALUE, META-ANNOT-KEY,
META-ANNOT-SIZE, META-FINALIZER, META-OWNERREF, and the label maps validated the same way:
DEP-TEMPLATE-LABELS (``spec.template.labels``), POD-NODESELECTOR, SVC-SELECTOR,
DEP-SELECTOR-SYNTAX's matchLabels.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..base import Resource, RuleContext, Violation
from . import validators as v
from ._common import api_rule, as_dict, as_list, as_str, fmt_fixed, invalid, required, violation
from .examples import pod, service
from .workloads import ALL_KINDS, in_scope, pod_site, resource_memo, template_validated

KINDS = ALL_KINDS


def _name_check(kind: str) -> tuple[str, Any]:
    if kind == "Service":
        return "DNS-1035 label", v.dns1035_label
    if kind == "StatefulSet":
        return "DNS-1123 label", v.dns1123_label
    return "DNS-1123 subdomain", v.dns1123_subdomain


@api_rule(
    "A001", "metadata-name-required", kinds=KINDS,
    summary="`metadata.name` (or `generateName`) is missing.",
    what="Reports objects with neither `metadata.name` nor `metadata.generateName`.",
    why="The API server answers `metadata.name: Required value: name or generateName is required`.",
    bad="""
        apiVersion: v1
        kind: Pod
        metadata:
          labels:
            app: web
        spec:
          containers:
            - name: web
              image: nginx:1.27
        """,
    good=pod(),
)
def name_required(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    if not in_scope(resource, ctx):
        return
    meta = resource.data.get("metadata")
    if meta is not None and not isinstance(meta, dict):
        return
    meta = meta or {}
    if meta.get("name") in (None, "") and meta.get("generateName") in (None, ""):
        yield violation(required("name or generateName is required"),
                        "every object needs a name; kubectl does not invent one",
                        "add `metadata.name`", ("metadata", "name"))


@api_rule(
    "A002", "metadata-name-invalid", kinds=KINDS,
    summary="`metadata.name` is not a valid name for this kind.",
    what="""
        Checks `metadata.name`: Services need a DNS-1035 label (at most 63 characters, lowercase
        letters, digits and '-', starting with a letter); StatefulSets a DNS-1123 label; Pods,
        Deployments and the other workloads a DNS-1123 subdomain (at most 253 characters, dots
        allowed). CronJob names are limited to 52 characters.
        """,
    why="The API server rejects the object with `metadata.name: Invalid value: ...`.",
    bad=service(name="Web_API"),
    good=service(name="web-api"),
)
def name_invalid(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    if not in_scope(resource, ctx):
        return
    name = as_str(resource.metadata.get("name"))
    if not name:
        return
    label, check = _name_check(resource.kind)
    errs = check(name)
    if resource.kind == "CronJob" and len(name) > 52:
        errs = ["must be no more than 52 characters"] + errs
    if errs:
        yield violation(invalid(name, "; ".join(errs)),
                        f"a {resource.kind} name must be a {label}",
                        "use lowercase letters, digits and '-'", ("metadata", "name"))


def _mask_trailing_dash(name: str) -> str:
    return name[:-1] + "a" if len(name) > 1 and name.endswith("-") else name


@api_rule(
    "A003", "metadata-generate-name-invalid", kinds=KINDS, when_keys={"generateName"},
    summary="`metadata.generateName` is not a valid name prefix.",
    what="Checks `metadata.generateName` with the kind's name rule; a trailing '-' is allowed.",
    why="The API server rejects the object with `metadata.generateName: Invalid value: ...`.",
    bad=pod(meta="generateName: Web_"),
    good=pod(meta="generateName: web-"),
)
def generate_name_invalid(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    if not in_scope(resource, ctx):
        return
    gen = as_str(resource.metadata.get("generateName"))
    if not gen:
        return
    label, check = _name_check(resource.kind)
    errs = check(_mask_trailing_dash(gen))
    if errs:
        yield violation(invalid(gen, "; ".join(errs)), f"the generated name must be a {label}",
                        "use lowercase letters, digits and '-'", ("metadata", "generateName"))


@api_rule(
    "A004", "metadata-namespace-invalid", kinds=KINDS, when_keys={"namespace"},
    summary="`metadata.namespace` is not a DNS-1123 label.",
    what="Checks that `metadata.namespace` is a DNS-1123 label (lowercase, digits, '-', at most 63).",
    why="The API server rejects the object with `metadata.namespace: Invalid value: ...`.",
    bad=pod(meta="namespace: My_Team"),
    good=pod(meta="namespace: my-team"),
)
def namespace_invalid(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    if not in_scope(resource, ctx):
        return
    ns = as_str(resource.metadata.get("namespace"))
    if not ns:
        return
    errs = v.dns1123_label(ns)
    if errs:
        yield violation(invalid(ns, "; ".join(errs)), "namespace names are DNS-1123 labels",
                        "use lowercase letters, digits and '-'", ("metadata", "namespace"))


# -- label maps ---------------------------------------------------------------------------

def label_maps(resource: Resource) -> list[tuple[tuple[Any, ...], str, dict[str, Any]]]:
    """(data path, API path, map) of every label-syntax map of a resource, strict syntax."""
    return resource_memo(resource, "metadata.label_maps", _label_maps)


def _label_maps(resource: Resource) -> list[tuple[tuple[Any, ...], str, dict[str, Any]]]:
    found = []
    meta = resource.data.get("metadata")
    if isinstance(meta, dict) and isinstance(meta.get("labels"), dict):
        found.append((("metadata", "labels"), "metadata.labels", meta["labels"]))
    site = pod_site(resource) if template_validated(resource) else None
    if site is not None:
        if not site.is_pod and isinstance(site.meta.get("labels"), dict):
            found.append((site.meta_path + ("labels",), fmt_fixed(site.template_path + ("labels",)), site.meta["labels"]))
        if isinstance(site.spec.get("nodeSelector"), dict):
            found.append((site.p("nodeSelector"), fmt_fixed(site.p("nodeSelector")), site.spec["nodeSelector"]))
    kind = resource.kind
    if kind == "Service":
        spec = as_dict(resource.data.get("spec"))
        if isinstance(spec.get("selector"), dict):
            found.append((("spec", "selector"), "spec.selector", spec["selector"]))
    if kind in ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"):
        sel = as_dict(as_dict(resource.data.get("spec")).get("selector"))
        if isinstance(sel.get("matchLabels"), dict):
            found.append((("spec", "selector", "matchLabels"), "spec.selector.matchLabels", sel["matchLabels"]))
    return found


@api_rule(
    "A005", "label-key-invalid", kinds=KINDS, when_keys={"labels", "nodeSelector", "selector"},
    summary="A label key is not a qualified name.",
    what="""
        Checks every key of `metadata.labels`, pod template labels, `nodeSelector`, a Service's
        `selector` and a selector's `matchLabels`: an optional DNS-1123 subdomain prefix and '/',
        then a name of at most 63 characters of `[A-Za-z0-9._-]` starting and ending with a letter
        or digit. The API server reports the map path (`metadata.labels`), not the key; the
        position shown is the key itself. Pod template labels print as `spec.template.labels`.
        """,
    why="The API server rejects the object with `metadata.labels: Invalid value: \"<key>\": ...`.",
    bad=pod(meta="labels:\n  app name: web"),
    good=pod(meta="labels:\n  app-name: web"),
)
def label_key_invalid(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    if not in_scope(resource, ctx):
        return
    for path, api, labels in label_maps(resource):
        if v.all_accepted(v.qualified_name, labels):
            continue
        for key in labels:
            if not isinstance(key, str):
                continue
            errs = v.qualified_name(key)
            if errs:
                yield violation(invalid(key, "; ".join(errs)),
                                "label keys are an optional DNS prefix and '/' plus a name of letters, digits, '-', '_' and '.'",
                                "rename the key, e.g. `app.kubernetes.io/name`", path + (key,), api_path=api, at="key")


@api_rule(
    "A006", "label-value-invalid", kinds=KINDS, when_keys={"labels", "nodeSelector", "selector"},
    summary="A label value is not a valid label value.",
    what="""
        Checks every value of the label maps listed under `label-key-invalid`: empty, or at most
        63 characters of `[A-Za-z0-9._-]` starting and ending with a letter or digit (no spaces,
        no '/'). The API server reports the map path.
        """,
    why="The API server rejects the object with `metadata.labels: Invalid value: \"<value>\": ...`.",
    bad=pod(meta="labels:\n  app: my web"),
    good=pod(meta="labels:\n  app: my-web"),
)
def label_value_invalid(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    if not in_scope(resource, ctx):
        return
    for path, api, labels in label_maps(resource):
        if v.all_accepted(v.label_value, labels.values()):
            continue
        for key, value in labels.items():
            if not isinstance(value, str):
                continue  # wrong type: the schema validator reports it
            errs = v.label_value(value)
            if errs:
                yield violation(invalid(value, "; ".join(errs)),
                                "label values are at most 63 letters, digits, '-', '_' or '.' without spaces or '/'",
                                "shorten the value or move free text to an annotation", path + (key,),
                                api_path=api)


def annotation_maps(resource: Resource) -> list[tuple[tuple[Any, ...], str, dict[str, Any]]]:
    """(data path, API path, map) of the object's and the pod template's annotations."""
    return resource_memo(resource, "metadata.annotation_maps", lambda r: list(_annotation_maps(r)))


def _annotation_maps(resource: Resource) -> Iterator[tuple[tuple[Any, ...], str, dict[str, Any]]]:
    meta = resource.data.get("metadata")
    if isinstance(meta, dict) and isinstance(meta.get("annotations"), dict):
        yield ("metadata", "annotations"), "metadata.annotations", meta["annotations"]
    site = pod_site(resource) if template_validated(resource) else None
    if site is not None and not site.is_pod and isinstance(site.meta.get("annotations"), dict):
        yield site.meta_path + ("annotations",), fmt_fixed(site.template_path + ("annotations",)), site.meta["annotations"]


@api_rule(
    "A007", "annotation-key-invalid", kinds=KINDS, when_keys={"annotations"},
    summary="An annotation key is not a qualified name.",
    what="""
        Checks annotation keys (after lower-casing, so `MyCorp.io/Key` is fine) with the label key
        rule. Values are free text. Template annotations print as `spec.template.annotations`.
        """,
    why="The API server rejects the object with `metadata.annotations: Invalid value: \"<key>\": ...`.",
    bad=pod(meta="annotations:\n  build date: today"),
    good=pod(meta="annotations:\n  build-date: today"),
)
def annotation_key_invalid(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    if not in_scope(resource, ctx):
        return
    for path, api, annotations in annotation_maps(resource):
        for key in annotations:
            if not isinstance(key, str):
                continue
            errs = v.qualified_name(key.lower())
            if errs:
                yield violation(invalid(key, "; ".join(errs)),
                                "annotation keys follow the label key format (case does not matter)",
                                "use letters, digits, '-', '_', '.' and one optional 'prefix/'", path + (key,),
                                api_path=api, at="key")


@api_rule(
    "A008", "annotations-too-long", kinds=KINDS, when_keys={"annotations"},
    summary="The annotations of an object exceed 256 KiB.",
    what="Adds up the bytes of every annotation key and value and reports totals above 262144.",
    why="The API server rejects the object with `metadata.annotations: Too long: must have at most 262144 bytes`.",
    bad=pod(meta="annotations:\n  big: " + "x" * 262200),
    good=pod(meta="annotations:\n  small: x"),
)
def annotations_too_long(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    if not in_scope(resource, ctx):
        return
    for path, api, annotations in annotation_maps(resource):
        total = 0
        for key, value in annotations.items():
            total += len(str(key).encode()) + (len(value.encode()) if isinstance(value, str) else 0)
        if total > 262144:
            yield violation("Too long: must have at most 262144 bytes",
                            f"the annotations hold {total} bytes; etcd objects are size-limited",
                            "store large data in a ConfigMap", path, api_path=api, at="key")


_STANDARD_FINALIZERS = {"kubernetes", "orphan", "foregroundDeletion"}


@api_rule(
    "A009", "finalizer-invalid", kinds=KINDS, when_keys={"finalizers"},
    summary="A finalizer name is neither standard nor fully qualified.",
    what="""
        Checks `metadata.finalizers[i]`: a qualified name; names without '/' must be one of the
        standard finalizers `kubernetes`, `orphan`, `foregroundDeletion`.
        """,
    why="The API server rejects the object with `metadata.finalizers[0]: Invalid value: ...`.",
    bad=pod(meta="finalizers:\n  - cleanup"),
    good=pod(meta="finalizers:\n  - example.com/cleanup"),
)
def finalizer_invalid(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    if not in_scope(resource, ctx):
        return
    for i, name in enumerate(as_list(resource.metadata.get("finalizers"))):
        if not isinstance(name, str):
            continue
        errs = v.qualified_name(name)
        if not errs and "/" not in name and name not in _STANDARD_FINALIZERS:
            errs = ["name is neither a standard finalizer name nor is it fully qualified"]
        if errs:
            yield violation(invalid(name, "; ".join(errs)),
                            "custom finalizers need a domain prefix such as `example.com/`",
                            "prefix the finalizer with your domain", ("metadata", "finalizers", i))


@api_rule(
    "A010", "owner-reference-invalid", kinds=KINDS, when_keys={"ownerReferences"},
    summary="An owner reference lacks apiVersion, kind, name or uid, or several are controllers.",
    what="""
        Checks `metadata.ownerReferences`: each entry needs a non-empty apiVersion (with a version),
        kind, name and uid, and at most one may have `controller: true`. The API server prints the
        list path without the index (`metadata.ownerReferences.uid`).
        """,
    why="The API server rejects the object; owner references are normally set by controllers.",
    bad=pod(meta="ownerReferences:\n  - apiVersion: apps/v1\n    kind: ReplicaSet\n    name: web-1"),
    good=pod(meta="ownerReferences:\n  - apiVersion: apps/v1\n    kind: ReplicaSet\n    name: web-1\n"
                  "    uid: 3b1f0c4e-8f4e-4b8a-9a59-2f0f4c7a9d11"),
)
def owner_reference_invalid(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    if not in_scope(resource, ctx):
        return
    refs = as_list(resource.metadata.get("ownerReferences"))
    controllers = 0
    for i, ref in enumerate(refs):
        if not isinstance(ref, dict):
            continue
        api_version = ref.get("apiVersion")
        checks = [
            ("apiVersion", api_version, "version must not be empty",
             isinstance(api_version, str) and (api_version == "" or api_version.endswith("/"))
             or api_version is None),
            ("kind", ref.get("kind"), "kind must not be empty", ref.get("kind") in (None, "")),
            ("name", ref.get("name"), "name must not be empty", ref.get("name") in (None, "")),
            ("uid", ref.get("uid"), "uid must not be empty", ref.get("uid") in (None, "")),
        ]
        for field, value, detail, bad in checks:
            if bad:
                yield violation(invalid(value if isinstance(value, str) else "", detail),
                                "owner references must identify the owner completely",
                                "let the controller set owner references, or fill in every field",
                                ("metadata", "ownerReferences", i, field),
                                api_path=f"metadata.ownerReferences.{field}")
        if ref.get("controller") is True:
            controllers += 1
    if controllers > 1:
        yield violation("Invalid value: []v1.OwnerReference{...}: Only one reference can have Controller set to true",
                        f"{controllers} owner references have `controller: true`",
                        "keep `controller: true` on one reference", ("metadata", "ownerReferences"),
                        api_path="metadata.ownerReferences")
