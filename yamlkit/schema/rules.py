"""The S0xx rules: every Kubernetes object validated against its schema, offline.

One RESOURCE check (S001, emitting S002-S006 and S008) validates each object against the bundled
schema of the target Kubernetes version, a ``--crd`` or a ``--schema-location``. Custom resources
whose CRD is among the inputs are validated by the RUN check (S007), which sees every file.
A DOCUMENT check (S005) reports documents that are not Kubernetes objects.
"""

from __future__ import annotations

from typing import Iterator

from ..document import Document
from ..engine import resources_of
from ..findings import Severity
from ..rules.base import Resource, RuleContext, Scope, Violation, emitted, rule
from . import bundled, crds, messages, resolve
from .compiled import Compiled, check_schema

_CATEGORY = "schema"


def _target(ctx: RuleContext) -> tuple[str, bool]:
    key = ("schema.target", ctx.kubernetes_version, ctx.strict)
    target = ctx.cache.get(key)
    if target is None:
        target = ctx.cache[key] = (bundled.resolve_version(ctx.kubernetes_version or None), ctx.strict)
    return target


_UNKNOWN = object()  # a kind not looked up yet (None: looked up, no schema)


def find_schema(ctx: RuleContext, api_version: str, kind: str) -> Compiled | None:
    """Bundled schema, then ``--crd``, then ``--schema-location``; None when there is none.

    Remembered for the run per (apiVersion, kind): the lookup through the target version and the
    three sources took ~1.5 µs, as long as validating a small resource.
    """
    found = ctx.cache.setdefault(("schema.by-kind", ctx.kubernetes_version, ctx.strict), {})
    ident = (api_version, kind)
    compiled = found.get(ident, _UNKNOWN)
    if compiled is _UNKNOWN:
        compiled = found[ident] = _lookup_schema(ctx, api_version, kind)
    return compiled  # type: ignore[return-value]


def _lookup_schema(ctx: RuleContext, api_version: str, kind: str) -> Compiled | None:
    version, strict = _target(ctx)
    compiled = resolve.bundled_schema(version, strict, api_version, kind)
    if compiled is None and ctx.settings is not None:
        settings = ctx.settings
        if settings.crds:
            compiled = resolve.crd_store(tuple(settings.crds)).get(api_version, kind, strict)
        if compiled is None and settings.schema_locations:
            compiled = resolve.location_schema(tuple(settings.schema_locations), version, strict, api_version, kind)
    return compiled


def _identity(resource: Resource) -> tuple[str, str] | None:
    """(apiVersion, kind) when both are non-empty strings. From the resource's attributes: a
    resource kept for the RUN rules rebuilds its ``data`` on every access."""
    api, kind = resource.api_version, resource.kind
    return (api, kind) if api and kind else None


def validate(resource: Resource, compiled: Compiled, strict: bool) -> list[Violation]:
    """Schema violations of one resource (none when the fast check passes)."""
    if compiled.is_valid(resource.data):
        return []
    doc, prefix = resource.document, resource.prefix

    def node_text(path: tuple) -> str | None:
        _key, node, found = doc.node_at(prefix + tuple(path))
        if found == len(prefix) + len(path) and node is not None and node.id == "scalar":
            return node.value
        return None

    return messages.violations(compiled.errors(resource.data), strict, node_text, prefix, compiled.schema)


@rule("S001", "schema-type-mismatch", severity=Severity.ERROR, scope=Scope.RESOURCE, category=_CATEGORY)
def check(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    """A value has the wrong type for its field in the Kubernetes schema.

    ## What it does
    Validates every Kubernetes object (List items included) against the OpenAPI schema of the
    target Kubernetes version (`--kubernetes-version`, default: the newest bundled), offline, and
    reports a value whose type is not the one the field takes, at the value. Other schema
    problems are reported under S002-S006 and S008.

    ## Why is this bad?
    The API server rejects the object (`cannot unmarshal string into Go struct field
    DeploymentSpec.spec.replicas of type int32`), or a YAML 1.1 surprise (`yes` is a boolean)
    changes what you meant.

    ## Example
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
    spec:
      replicas: "3"
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers: [{name: web, image: nginx}]
    ```

    Use instead:
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
    spec:
      replicas: 3
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers: [{name: web, image: nginx}]
    ```
    """
    ident = _identity(resource)
    if ident is None:
        return  # S005 (document check)
    api_version, kind = ident
    compiled = find_schema(ctx, api_version, kind)
    if compiled is None:
        version = _target(ctx)[0]
        missing = resolve.explain_missing(version, api_version, kind)
        if not missing.builtin:
            return  # a custom resource: the RUN check looks for its CRD among the inputs
        if ctx.settings is not None and ctx.settings.ignore_missing_schemas:
            yield Violation(missing.message, hint=missing.hint, code="S007", path=("kind",))
        else:
            wrong_api = bool(bundled.served(version).get(kind)) or (api_version, kind) in resolve.REMOVED
            yield Violation(missing.message, hint=missing.hint, code="S006",
                            path=("apiVersion",) if wrong_api else ("kind",))
        return
    yield from validate(resource, compiled, ctx.strict)
    if crds.is_crd(resource.data):
        yield from _crd_problems(resource.data)


check.emits = ("S001", "S002", "S003", "S004", "S006", "S007", "S008")  # type: ignore[attr-defined]


def _crd_problems(data: dict) -> Iterator[Violation]:
    for version in crds.versions_of(data):
        if version.schema is None:
            continue
        reason = check_schema(crds.to_json_schema(version.schema, True), "4")
        if reason is not None:
            yield Violation(f"the openAPIV3Schema of {version.kind} {version.api_version} is not a valid schema: "
                            f"{reason}",
                            hint="fix the schema; custom resources of this version cannot be validated",
                            code="S008", path=version.path)


@rule("S005", "missing-apiversion-or-kind", severity=Severity.ERROR, scope=Scope.DOCUMENT, category=_CATEGORY)
def check_identity(ctx: RuleContext, document: Document) -> Iterator[Violation]:
    """A document is not a Kubernetes object: `apiVersion` or `kind` is missing.

    ## What it does
    Reports a YAML document (or an item of a `kind: List`) that lacks `apiVersion` or `kind`, or
    whose top level is not a mapping.

    ## Why is this bad?
    kubectl refuses it (`Object 'Kind' is missing`), and it cannot be validated.

    ## Example
    ```yaml
    metadata:
      name: web
    spec: {}
    ```

    Use instead:
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec: {}
    ```
    """
    data = document.data
    if _is_plain_object(data):
        return  # the common case, answered without building the document's Resource
    if not isinstance(data, dict):
        shape = "a list" if isinstance(data, list) else "a single value"
        yield Violation(f"the document is {shape}, not a Kubernetes object (a mapping with apiVersion and kind)",
                        hint="a manifest starts with `apiVersion:` and `kind:`", path=())
        return
    if not any(True for _ in resources_of(document)):
        items = data.get("items")
        if not (isinstance(items, list) and str(data.get("kind", "")).endswith("List")):
            if _OBJECT_KEYS.isdisjoint(data):
                # No apiVersion, no kind, nothing of an object: a CI workflow, a Helm values file...
                yield Violation(
                    "this YAML has no `apiVersion` and no `kind` and does not look like a Kubernetes "
                    "object; it was checked as plain YAML only",
                    hint="if it is a manifest, add `apiVersion:` and `kind:`; to skip such files, add them "
                    "to `exclude` in .yamlkit.yaml",
                    path=(),
                    severity=Severity.INFO,
                )
            else:
                yield _missing(data, ())
        return
    for resource in resources_of(document):
        if _identity(resource) is None:
            yield _missing(resource.data, resource.prefix)


def _is_plain_object(data: object) -> bool:
    """An object that is not a ``*List``, with non-empty string apiVersion and kind: its only
    resource is itself, with an identity."""
    if not isinstance(data, dict):
        return False
    api, kind = data.get("apiVersion"), data.get("kind")
    return isinstance(api, str) and api != "" and isinstance(kind, str) and kind != "" and not kind.endswith("List")


#: top-level keys that make a mapping look like a Kubernetes object
_OBJECT_KEYS = frozenset({
    "metadata", "spec", "status", "data", "stringData", "binaryData", "items", "rules", "subjects",
    "roleRef", "webhooks", "template", "type", "selector", "containers",
})


def _missing(data: dict, prefix: tuple) -> Violation:
    problems, bad = [], None
    for key in ("apiVersion", "kind"):
        value = data.get(key)
        if isinstance(value, str) and value:
            continue
        if key not in data:
            problems.append(f"`{key}` is missing")
        else:
            problems.append(f"`{key}` is empty" if value in (None, "") else f"`{key}` must be a string")
            bad = bad or key
    return Violation(" and ".join(problems) + ": this is not a valid Kubernetes object",
                     hint="every object needs both, e.g. `apiVersion: apps/v1` and `kind: Deployment`",
                     path=prefix + ((bad,) if bad else ()))


def _custom_or_crd(resource: Resource) -> bool:
    """What S007 looks at: custom resources and the CRDs that may describe them."""
    ident = _identity(resource)
    return (ident is not None and not resolve.is_builtin_group(ident[0])) or crds.is_crd(resource.data)


@rule("S007", "schema-skipped", severity=Severity.INFO, scope=Scope.RUN, category=_CATEGORY,
      wants=_custom_or_crd)
def check_custom(ctx: RuleContext, resources: list[Resource]) -> Iterator[Violation]:
    """An object was not validated: no schema is known for its kind.

    ## What it does
    Custom resources are validated against a CustomResourceDefinition found among the inputs,
    given with `--crd`, or a `--schema-location` file. A custom resource with none of these is
    reported here as skipped (info); with `--require-schemas` it is an error. With
    `--ignore-missing-schemas`, unknown built-in kinds are reported here too instead of S006.

    ## Why is this bad?
    Nothing checked this object: a typo in it reaches the cluster.

    ## Example
    ```yaml
    apiVersion: example.com/v1
    kind: Backup   # no CRD given
    metadata: {name: nightly}
    ```

    Use instead:
    ```yaml
    # the CRD among the inputs (or given with --crd)
    apiVersion: apiextensions.k8s.io/v1
    kind: CustomResourceDefinition
    metadata: {name: backups.example.com}
    spec:
      group: example.com
      scope: Namespaced
      names: {kind: Backup, plural: backups}
      versions:
        - name: v1
          served: true
          storage: true
          schema:
            openAPIV3Schema:
              type: object
              properties:
                spec:
                  type: object
                  properties:
                    schedule: {type: string, enum: [Daily, Weekly]}
    ---
    apiVersion: example.com/v1
    kind: Backup
    metadata: {name: nightly}
    ```
    """
    version, strict = _target(ctx)
    store: resolve.CrdStore | None = None
    require = bool(ctx.settings is not None and ctx.settings.require_schemas)
    for resource in resources:
        ident = _identity(resource)
        if ident is None or resolve.is_builtin_group(ident[0]) or find_schema(ctx, *ident) is not None:
            continue
        if store is None:
            store = resolve.CrdStore({}, {})
            for other in resources:
                if other.kind == "CustomResourceDefinition" and crds.is_crd(other.data):
                    store.add(other.data)
        compiled = store.get(ident[0], ident[1], strict)
        if compiled is not None:
            for violation in validate(resource, compiled, strict):
                violation.resource = resource
                yield violation
            continue
        missing = resolve.explain_missing(version, *ident)
        yield Violation(missing.message, hint=missing.hint, path=("kind",), resource=resource,
                        severity=Severity.ERROR if require else None)


check_custom.emits = ("S001", "S002", "S003", "S004")  # type: ignore[attr-defined]


for _code, _name, _doc in (
    ("S002", "unknown-field", """A field that the Kubernetes schema does not define.

    ## What it does
    In strict mode (the default; `--no-strict` turns it off), reports every field that the schema
    of its object does not know, at the key, with the closest valid name (`replcas` -> `replicas`).

    ## Why is this bad?
    The API server drops unknown fields silently (or rejects them with `kubectl apply
    --validate=strict`): a misspelt or mis-indented field never takes effect.

    ## Example
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
    spec:
      replcas: 3
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers: [{name: web, image: nginx}]
    ```

    Use instead:
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
    spec:
      replicas: 3
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers: [{name: web, image: nginx}]
    ```
    """),
    ("S003", "missing-required-field", """A field the schema requires is absent.

    ## What it does
    Reports a required field that is missing, at the mapping that should hold it (for example a
    Deployment without `spec.selector`).

    ## Why is this bad?
    The API server rejects the object (`spec.selector: Required value`).

    ## Example
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    spec:
      template: {}
    ```

    Use instead:
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    spec:
      selector:
        matchLabels: {app: web}
      template: {}
    ```
    """),
    ("S004", "invalid-schema-value", """A value the schema does not allow (enum, pattern, range, ...).

    ## What it does
    Reports a value outside the allowed set (an enum such as `Always`/`Never`), or one breaking
    another schema constraint (pattern, minimum, length, several shapes at once).

    ## Why is this bad?
    The API server rejects it, or the field does not mean what you think.

    ## Example
    ```yaml
    apiVersion: apiextensions.k8s.io/v1
    kind: CustomResourceDefinition
    metadata: {name: backups.example.com}
    spec:
      group: example.com
      scope: Namespaced
      names: {kind: Backup, plural: backups}
      versions:
        - name: v1
          served: true
          storage: true
          schema:
            openAPIV3Schema:
              type: object
              properties:
                spec:
                  type: object
                  properties:
                    schedule: {type: string, enum: [Daily, Weekly]}
    ---
    apiVersion: example.com/v1
    kind: Backup
    metadata: {name: nightly}
    spec:
      schedule: daily
    ```

    Use instead:
    ```yaml
    apiVersion: apiextensions.k8s.io/v1
    kind: CustomResourceDefinition
    metadata: {name: backups.example.com}
    spec:
      group: example.com
      scope: Namespaced
      names: {kind: Backup, plural: backups}
      versions:
        - name: v1
          served: true
          storage: true
          schema:
            openAPIV3Schema:
              type: object
              properties:
                spec:
                  type: object
                  properties:
                    schedule: {type: string, enum: [Daily, Weekly]}
    ---
    apiVersion: example.com/v1
    kind: Backup
    metadata: {name: nightly}
    spec:
      schedule: Daily
    ```
    """),
    ("S006", "unknown-api-version-or-kind", """The target Kubernetes version does not serve this apiVersion and kind.

    ## What it does
    Reports an object whose apiVersion/kind pair is not part of the target Kubernetes version,
    and says where it exists: e.g. `extensions/v1beta1` Deployment was removed in 1.16, use
    `apps/v1`; or suggests the kind you probably meant.

    ## Why is this bad?
    `kubectl apply` fails with `no matches for kind "Deployment" in version "extensions/v1beta1"`.

    ## Example
    ```yaml
    apiVersion: extensions/v1beta1
    kind: Deployment
    ```

    Use instead:
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    ```
    """),
    ("S008", "invalid-crd-schema", """A CustomResourceDefinition's openAPIV3Schema is not a valid schema.

    ## What it does
    Reports a CRD version whose `schema.openAPIV3Schema` cannot be used as a schema, so its
    custom resources cannot be validated.

    ## Why is this bad?
    The API server rejects the CRD, and nothing validates its custom resources.

    ## Example
    ```yaml
    apiVersion: apiextensions.k8s.io/v1
    kind: CustomResourceDefinition
    metadata: {name: backups.example.com}
    spec:
      group: example.com
      scope: Namespaced
      names: {kind: Backup, plural: backups}
      versions:
        - name: v1
          served: true
          storage: true
          schema:
            openAPIV3Schema:
              type: object
              properties:
                spec:
                  type: object
                  properties:
                    schedule: {type: strin, enum: [Daily, Weekly]}
    ```

    Use instead:
    ```yaml
    apiVersion: apiextensions.k8s.io/v1
    kind: CustomResourceDefinition
    metadata: {name: backups.example.com}
    spec:
      group: example.com
      scope: Namespaced
      names: {kind: Backup, plural: backups}
      versions:
        - name: v1
          served: true
          storage: true
          schema:
            openAPIV3Schema:
              type: object
              properties:
                spec:
                  type: object
                  properties:
                    schedule: {type: string, enum: [Daily, Weekly]}
    ```
    """),
):
    emitted(_code, _name, _doc, severity=Severity.ERROR, category=_CATEGORY)
