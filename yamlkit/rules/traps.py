"""T0xx: Kubernetes scalar traps.

Kubernetes reads YAML with YAML 1.1-style rules (sigs.k8s.io/yaml on go-yaml v2): an unquoted
``yes`` is the boolean true, ``1.10`` is the number 1.1, ``0777`` is the octal number 511. In a
field that wants a string (label and annotation values, env values, ConfigMap data, container
args, port names, image references...) the API server then rejects the manifest, or a tool that
converted it on the way silently changes the value.

Only plain (unquoted) scalars in the Kubernetes string fields listed below are flagged, so a
GitHub workflow's ``on:`` or a Helm values file never raises an alarm: those documents are not
Kubernetes resources (no ``apiVersion`` and ``kind``).
"""

from __future__ import annotations

import math
from typing import Any, Iterator

from .. import scalars
from ..document import Path, format_path
from ..findings import Edit, Fix, Severity
from ..parse import PLAIN_TAG, may_alias
from .base import Fixability, Resource, RuleContext, Scope, Violation, rule

CONTAINER_LISTS = frozenset({"containers", "initContainers", "ephemeralContainers"})
#: Words go-yaml v2 reads as booleans besides true/false.
YES_NO_WORDS = frozenset(w for w in scalars.K8S_BOOL_WORDS if w.lower() not in ("true", "false"))
#: Boolean fields of the built-in API (their key names are distinctive enough to match anywhere
#: inside a built-in resource, outside free-form maps such as labels and ConfigMap data).
BOOL_FIELDS = frozenset({
    # PodSpec
    "hostNetwork", "hostPID", "hostIPC", "hostUsers", "shareProcessNamespace",
    "automountServiceAccountToken", "enableServiceLinks", "setHostnameAsFQDN",
    # Container
    "stdin", "stdinOnce", "tty",
    # SecurityContext
    "privileged", "readOnlyRootFilesystem", "runAsNonRoot", "allowPrivilegeEscalation",
    # volumes and mounts
    "readOnly", "optional",
    # workloads
    "paused", "suspend", "manualSelector",
    # ConfigMap, Secret
    "immutable",
    # Service
    "publishNotReadyAddresses", "allocateLoadBalancerNodePorts",
    # StorageClass
    "allowVolumeExpansion",
})
_FREE_FORM = frozenset({"labels", "annotations", "data", "stringData", "binaryData", "matchLabels",
                        "nodeSelector", "selector", "parameters", "openAPIV3Schema"})
_BUILTIN_GROUPS = frozenset({
    "", "apps", "batch", "policy", "autoscaling", "extensions", "networking.k8s.io",
    "rbac.authorization.k8s.io", "storage.k8s.io", "scheduling.k8s.io", "node.k8s.io",
    "coordination.k8s.io", "discovery.k8s.io", "admissionregistration.k8s.io",
    "certificates.k8s.io", "events.k8s.io", "flowcontrol.apiserver.k8s.io", "resource.k8s.io",
})


def _is_builtin(resource: Resource) -> bool:
    return resource.group in _BUILTIN_GROUPS


def _string_field(kind: str, path: Path) -> str | None:
    n = len(path)
    if n < 1:
        return None
    last = path[-1]
    if n >= 3 and path[-3] == "metadata" and isinstance(last, str):
        if path[-2] == "labels":
            return "label values"
        if path[-2] == "annotations":
            return "annotation values"
    if n >= 2 and path[-2] == "metadata" and last in ("name", "namespace", "generateName"):
        return f"metadata.{last}"
    if n >= 2 and path[-2] in ("matchLabels", "nodeSelector") and isinstance(last, str):
        return "label values"
    if kind == "Service" and n == 3 and path[:2] == ("spec", "selector"):
        return "label values"
    if kind == "ConfigMap" and n == 2 and path[0] == "data":
        return "ConfigMap data values"
    if kind == "Secret" and n == 2 and path[0] == "stringData":
        return "Secret stringData values"
    if n >= 3 and path[-3] in CONTAINER_LISTS and isinstance(path[-2], int):
        if last == "image":
            return "image references"
        if last in ("name", "workingDir"):
            return f"container {last}s"
    if n >= 5 and path[-5] in CONTAINER_LISTS and path[-3] == "env" and isinstance(path[-2], int):
        if last == "value":
            return "env values"
        if last == "name":
            return "env names"
    if n >= 4 and path[-4] in CONTAINER_LISTS and path[-2] in ("args", "command") and isinstance(last, int):
        return f"container {path[-2]}"
    if n >= 3 and path[-3] == "ports" and isinstance(path[-2], int) and last == "name":
        return "port names"
    if kind == "Kustomization" and n == 3 and path[0] == "images" and last in ("newTag", "newName", "digest"):
        return f"image {last} values"
    return None


def _bool_field(group: str, path: Path) -> bool:
    if not path or not isinstance(path[-1], str) or path[-1] not in BOOL_FIELDS:
        return False
    if group not in _BUILTIN_GROUPS or group == "apiextensions.k8s.io":
        return False
    return not any(isinstance(p, str) and p in _FREE_FORM for p in path[:-1])


# -- the Kubernetes JSON schema (kubernetes-validate's bundled files), for built-in kinds -----------
class _KindTypes:
    """Scalar type (``string``, ``boolean`` or None) of each field path of one built-in kind."""

    def __init__(self, top: dict | None, defs: dict) -> None:
        self.top, self.defs = top, defs
        self.memo: dict[tuple[Any, ...], str | None] = {}

    def _resolve(self, node: Any) -> Any:
        for _ in range(50):
            if not isinstance(node, dict):
                return None
            ref = node.get("$ref")
            if isinstance(ref, str):
                node = self.defs.get(ref.rsplit("/", 1)[-1])
                continue
            all_of = node.get("allOf")
            if isinstance(all_of, list) and len(all_of) == 1:
                node = all_of[0]
                continue
            return node
        return None

    def type_of(self, path: Path) -> str | None:
        key = tuple(0 if isinstance(p, int) else p for p in path)
        if key in self.memo:
            return self.memo[key]
        node: Any = self.top
        for item in key:
            node = self._resolve(node)
            if node is None:
                break
            if isinstance(item, int):
                node = node.get("items")
            else:
                props = node.get("properties")
                if isinstance(props, dict) and item in props:
                    node = props[item]
                elif isinstance(node.get("additionalProperties"), dict):
                    node = node["additionalProperties"]
                else:
                    node = None
        result = None
        node = self._resolve(node)
        if node is not None:
            kind = node.get("type")
            kinds = set(kind) if isinstance(kind, list) else {kind}
            kinds.discard("null")
            if kinds == {"string"} and "oneOf" not in node and "anyOf" not in node:
                result = "string"
            elif kinds == {"boolean"}:
                result = "boolean"
        self.memo[key] = result
        return result


def _kind_types(ctx: RuleContext, resource: Resource) -> _KindTypes | None:
    """The schema of a built-in kind (cached per run), or None (custom resources, no schema)."""
    if not _is_builtin(resource):
        return None
    cache = ctx.cache.setdefault("traps-schema", {})
    key = (resource.api_version, resource.kind)
    if key not in cache:
        types_ = None
        try:
            from ..schema import bundled

            version = bundled.resolve_version(ctx.kubernetes_version or None)
            top = bundled.inlined_schema(version, bool(ctx.strict), resource.api_version, resource.kind)
            if top is not None:
                types_ = _KindTypes(top, top["$defs"])
        except Exception:  # no bundled schemas, an unsupported version: the built-in table only
            types_ = None
        cache[key] = types_
    return cache[key]


#: A field no trap can be reported at: neither a string nor a boolean field.
_NO_TRAP_FIELD: tuple[str | None, bool, bool] = (None, False, False)


class _FieldTable(dict):
    """What the field at each path of one (apiVersion, kind) wants, memoized per path.

    ``table[path]`` is (``what``, ``from_schema``, ``wants_bool``): the "... must be strings" text
    of a string field (None otherwise), whether that came from the schema rather than the built-in
    table, and whether the field is a boolean; :data:`_NO_TRAP_FIELD` when it is neither. A dict
    with ``__missing__``: a path met before costs one C-level lookup.
    """

    MAX_PATHS = 20_000  # bounded: free-form maps (ConfigMap data) have endless distinct keys

    def __init__(self, kind: str, group: str, schema: _KindTypes | None) -> None:
        super().__init__()
        self.kind, self.group, self.schema = kind, group, schema

    def __missing__(self, path: Path) -> tuple[str | None, bool, bool]:
        found = self._compute(path)
        if len(self) < self.MAX_PATHS:
            self[path] = found
        return found

    def _compute(self, path: Path) -> tuple[str | None, bool, bool]:
        schema_type = self.schema.type_of(path) if self.schema is not None else None
        what = _string_field(self.kind, path)
        from_schema = False
        if what is not None:
            what = f"{what} must be strings"
        elif schema_type == "string":
            what, from_schema = f"`{_field_name(path)}` must be a string", True
        wants_bool = schema_type == "boolean" if self.schema is not None else _bool_field(self.group, path)
        if what is None and not wants_bool:
            return _NO_TRAP_FIELD
        return what, from_schema, wants_bool


def _field_table(ctx: RuleContext, resource: Resource) -> _FieldTable:
    """The field table of a resource's (apiVersion, kind), cached per run."""
    cache = ctx.cache.setdefault("traps-fields", {})
    key = (resource.api_version, resource.kind)
    table = cache.get(key)
    if table is None:
        table = cache[key] = _FieldTable(resource.kind, resource.group, _kind_types(ctx, resource))
    return table


#: A plain scalar that is not a trap candidate (see :func:`_candidates`).
_NOT_CANDIDATE = object()
#: A plain scalar whose resolution raises (an integer too long for ``int()``): resolved again
#: only where a string is expected, which raises as before (an internal error, not a silent skip).
_UNRESOLVED = object()
#: Plain scalar text -> its value, or _NOT_CANDIDATE; per resolution rules, bounded.
_RESOLVED: dict[bool, dict[str, Any]] = {False: {}, True: {}}
_RESOLVED_MAX = 50_000
#: Deeper documents are walked with an explicit stack instead of recursion.
_MAX_RECURSION = 200


def _candidate_value(text: str, yaml12: bool) -> Any:
    """The value of a plain scalar if it could be a trap, else _NOT_CANDIDATE.

    A candidate does not resolve to a string, or is a yes/no word. Every other plain scalar
    resolves to its own text, which no trap rule reports.
    """
    memo = _RESOLVED[yaml12]
    try:
        return memo[text]
    except KeyError:
        pass
    try:
        value = scalars.resolve_yaml12(text) if yaml12 else scalars.resolve_k8s(text)
    except ValueError:
        return _UNRESOLVED
    if value.__class__ is str and text not in YES_NO_WORDS:
        value = _NOT_CANDIDATE
    if len(memo) < _RESOLVED_MAX:
        memo[text] = value
    return value


class _TooDeep(Exception):
    pass


def _candidates(root: Any, yaml12: bool, aliases: bool) -> list[tuple[Path, Any, Any]]:
    """(path, node, value) of each plain, non-empty scalar that could be a trap, in file order.

    Paths are built only for the candidates and for the collections on the way to them. Merge
    keys are skipped; with ``aliases`` a node reached twice is visited once (at its first path).
    """
    found: list[tuple[Path, Any, Any]] = []
    seen: set[int] = set()
    memo = _RESOLVED[yaml12]

    def consider(node: Any, here: Path) -> None:
        text = node.value
        if node.tag == PLAIN_TAG and text:
            value = _candidate_value(text, yaml12)
            if value is not _NOT_CANDIDATE:
                found.append((here, node, value))

    def visit(node: Any, here: Path, depth: int) -> None:
        if aliases:
            if id(node) in seen:
                return
            seen.add(id(node))
        kind = node.id
        if kind == "scalar":
            consider(node, here)
            return
        if depth > _MAX_RECURSION:
            raise _TooDeep
        if kind == "mapping":
            for key, value in node.value:
                if key.id != "scalar" or (key.value == "<<" and key.tag == PLAIN_TAG):
                    continue
                if value.id == "scalar" and not aliases:  # inline: most nodes are scalars
                    text = value.value
                    if value.tag == PLAIN_TAG and text:
                        found_value = memo.get(text, _UNRESOLVED)
                        if found_value is _UNRESOLVED:  # not memoized
                            found_value = _candidate_value(text, yaml12)
                        if found_value is not _NOT_CANDIDATE:
                            found.append((here + (key.value,), value, found_value))
                else:
                    visit(value, here + (key.value,), depth + 1)
        else:
            for index, value in enumerate(node.value):
                visit(value, here + (index,), depth + 1)

    try:
        visit(root, (), 0)
    except _TooDeep:  # the same walk without recursion
        found.clear()
        for path, node in _walk(root, ()):
            consider(node, path)
    return found


def _walk(node: Any, path: Path) -> Iterator[tuple[Path, Any]]:
    """(path, scalar node) pairs under ``node`` (merge keys skipped, aliases visited once)."""
    stack: list[tuple[Any, Path]] = [(node, path)]
    seen: set[int] = set()
    while stack:
        current, here = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if current.id == "scalar":
            yield here, current
        elif current.id == "mapping":
            for key, value in reversed(current.value):
                if key.id != "scalar" or (key.value == "<<" and key.tag == PLAIN_TAG):
                    continue
                stack.append((value, here + (key.value,)))
        else:
            for index in range(len(current.value) - 1, -1, -1):
                stack.append((current.value[index], here + (index,)))


class _Misaligned(Exception):
    """A mapping with duplicate keys: its data holds one value per key, its node tree every pair."""


def _candidates_typed(typed_scalars: list[tuple[Path, Any]], prefix: Path) -> list[tuple[Path, Any, Any]]:
    """:func:`_candidates` (Kubernetes' YAML 1.1 rules) from ``Document.typed_scalars``: the plain
    scalars under ``prefix`` whose value is not a string, which are exactly the ones
    :func:`_candidates_along_data` would find, in the same order, with the same paths."""
    memo = _RESOLVED[False]
    cut = len(prefix)
    found: list[tuple[Path, Any, Any]] = []
    for path, node in typed_scalars:
        if cut and path[:cut] != prefix:
            continue
        text = node.value
        value = memo.get(text, _UNRESOLVED)
        if value is _UNRESOLVED:  # not memoized
            value = _candidate_value(text, False)
        if value is not _NOT_CANDIDATE:
            found.append((path[cut:] if cut else path, node, value))
    return found


def _candidates_along_data(root: Any, data: dict[str, Any]) -> list[tuple[Path, Any, Any]]:
    """:func:`_candidates` (Kubernetes' YAML 1.1 rules) of an alias-free node tree without merge
    or complex keys, guided by the value built from it.

    Such a mapping's dict holds its pairs' values in the same order (unless a key repeats: then
    :class:`_Misaligned` is raised) and a sequence's list its items, so the walk looks at a node
    only where the value is not a string: a plain scalar that resolved to a string is no candidate
    and needs no look-up (about a quarter of the node walk's instructions saved on the benchmark corpus).
    """
    found: list[tuple[Path, Any, Any]] = []
    memo = _RESOLVED[False]
    append = found.append

    def scalar(node: Any, here: Path) -> None:
        text = node.value
        if text and node.tag == PLAIN_TAG:
            value = memo.get(text, _UNRESOLVED)
            if value is _UNRESOLVED:  # not memoized
                value = _candidate_value(text, False)
            if value is not _NOT_CANDIDATE:
                append((here, node, value))

    def mapping(pairs: list[tuple[Any, Any]], values: dict[str, Any], here: Path) -> None:
        if len(pairs) != len(values):
            raise _Misaligned
        index = -1
        for value in values.values():
            index += 1
            kind = type(value)
            if kind is str:
                continue
            key, node = pairs[index]
            if kind is dict:
                mapping(node.value, value, here + (key.value,))
            elif kind is list:
                sequence(node.value, value, here + (key.value,))
            else:  # :func:`scalar` inlined: mapping values hold nearly every candidate (-5% of the walk)
                text = node.value
                if text and node.tag == PLAIN_TAG:
                    found_value = memo.get(text, _UNRESOLVED)
                    if found_value is _UNRESOLVED:  # not memoized
                        found_value = _candidate_value(text, False)
                    if found_value is not _NOT_CANDIDATE:
                        append((here + (key.value,), node, found_value))

    def sequence(items: list[Any], values: list[Any], here: Path) -> None:
        index = -1
        for value in values:
            index += 1
            kind = type(value)
            if kind is str:
                continue
            node = items[index]
            if kind is dict:
                mapping(node.value, value, here + (index,))
            elif kind is list:
                sequence(node.value, value, here + (index,))
            else:
                scalar(node, here + (index,))

    mapping(root.value, data, ())
    return found


def _scan(ctx: RuleContext, resource: Resource) -> list[tuple[str, Path, Any, Any, str]]:
    """Every trap of a resource: (kind, path, node, value, field); cached for the sibling rules."""
    data = resource.data
    cached = ctx.cache.get("traps")
    if cached is not None and cached[0] is data:
        return cached[1]
    found: list[tuple[str, Path, Any, Any, str]] = []
    if isinstance(data.get("apiVersion"), str) and isinstance(data.get("kind"), str):
        doc = resource.document
        _key, root, depth = doc.node_at(resource.prefix)
        if root is not None and depth == len(resource.prefix):
            yaml12 = bool(getattr(ctx.settings, "yaml12", False))
            candidates = _candidates_of(doc, root, data, yaml12, resource.prefix)
            if candidates:
                fields = _field_table(ctx, resource)
                for path, node, value in candidates:
                    field = fields[path]
                    if field is not _NO_TRAP_FIELD:
                        trap = _classify(field, path, node, value, yaml12)
                        if trap is not None:
                            found.append(trap)
    ctx.cache["traps"] = (data, found)
    return found


def _candidates_of(doc: Any, root: Any, data: Any, yaml12: bool, prefix: Path) -> list[tuple[Path, Any, Any]]:
    """:func:`_candidates` of the resource at ``prefix`` in ``doc``, whose node tree is ``root``
    and whose value is ``data``.

    Where the parser's C builder listed the document's typed scalars, the candidates are those
    (:func:`_candidates_typed`: no walk at all). Other documents the parser built with its fast
    builder (``doc.key_names`` is set only by ``parse._fast_build``: no anchors, merge keys or
    complex keys, at most ``parse._FAST_MAX_DEPTH`` deep, so the recursion needs no depth guard)
    are walked along their data, which skips string values without touching their nodes
    (:func:`_candidates_along_data`); the others, and YAML 1.2 mode (where ``yes`` stays a string
    but is still a candidate), walk the node tree.
    """
    if not yaml12 and doc.key_names is not None:
        if doc.typed_scalars is not None:
            return _candidates_typed(doc.typed_scalars, prefix)
        try:
            return _candidates_along_data(root, data)
        except _Misaligned:
            pass
    return _candidates(root, yaml12, may_alias(doc.source))  # parse's one-entry memo of the last file it read


def _classify(field: tuple[str | None, bool, bool], path: Path, node: Any, value: Any,
              yaml12: bool) -> tuple[str, Path, Any, Any, str] | None:
    """The trap a candidate scalar falls into at ``path`` (whose field table entry is ``field``), or None."""
    what, from_schema, wants_bool = field
    text = node.value
    if what is not None:
        if value is _UNRESOLVED:
            value = scalars.resolve_yaml12(text) if yaml12 else scalars.resolve_k8s(text)
        if isinstance(value, bool):
            return ("bool", path, node, value, what)
        if value is None:
            # `creationTimestamp: null` and friends are normal in generated manifests
            return None if from_schema else ("null", path, node, value, what)
        if isinstance(value, (int, float)):
            return ("number", path, node, value, what)
        return None
    if text in YES_NO_WORDS and wants_bool:
        return ("yes-no", path, node, text.lower() in ("y", "yes", "on"), path[-1])
    return None


def _field_name(path: Path) -> str:
    """``spec.hostname`` -> ``hostname``; ``spec.rules[0].host`` -> ``host``."""
    for item in reversed(path):
        if isinstance(item, str):
            return item
    return format_path(path)


def _replace(resource: Resource, node: Any, replacement: str, title: str) -> Fix | None:
    """A fix replacing the plain scalar ``node`` (single line, text as in the file)."""
    doc = resource.document
    source = doc.source
    span = doc.span_of(node)
    if span.line != span.end_line:
        return None
    start, end = source.offset(span.line, span.column), source.offset(span.end_line, span.end_column)
    original = source.text[start:end]
    if original != node.value:
        # an anchor or tag before the value (`&v 1.10`): replace only the value's own text
        if not original.endswith(" " + node.value):
            return None
        start = end - len(node.value)
    return Fix(title=title, edits=(Edit(start, end, replacement),), safe=True)


def _quote(resource: Resource, node: Any) -> Fix | None:
    return _replace(resource, node, f'"{node.value}"', f'Quote it: "{node.value}"')


def _number_text(value: Any) -> str:
    value = scalars.normalize_number(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN (not a number)"
        if math.isinf(value):
            return "infinity" if value > 0 else "minus infinity"
        return repr(value)
    return str(value)


@rule("T001", "boolean-in-string-field", severity=Severity.ERROR, scope=Scope.RESOURCE,
      fixable=Fixability.ALWAYS, category="traps", supersedes=("S001",))
def boolean_in_string_field(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    """An unquoted `yes`, `no`, `on`, `off`, `y`, `n`, `true` or `false` where Kubernetes wants a string.

    ## What it does
    Flags plain (unquoted) boolean words in Kubernetes string fields: label and annotation
    values, `env[].value`, ConfigMap `data`, Secret `stringData`, container `args` and
    `command` items, port names, image references, names.

    ## Why is this bad?
    Kubernetes reads YAML with YAML 1.1 rules, so `yes` becomes the boolean true. The API server
    rejects a boolean where a string is expected (`cannot unmarshal bool into Go struct field
    EnvVar.value of type string`); tools that convert the manifest on the way write `"true"`
    instead of `"yes"`.

    ## Example
    ```yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: flags
    data:
      FEATURE_X: yes
    ```

    Use instead:
    ```yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: flags
    data:
      FEATURE_X: "yes"
    ```

    ## Fix safety
    Safe: the fix wraps the original text in double quotes, which is what was meant.
    """
    for kind, path, node, value, what in _scan(ctx, resource):
        if kind != "bool":
            continue
        word = "true" if value else "false"
        yield Violation(
            f"`{node.value}` becomes the boolean {word}, but {what}: "
            "Kubernetes rejects it",
            hint=f'quote it: "{node.value}"',
            path=path,
            fix=_quote(resource, node),
        )


@rule("T002", "number-in-string-field", severity=Severity.ERROR, scope=Scope.RESOURCE,
      fixable=Fixability.ALWAYS, category="traps", supersedes=("S001",))
def number_in_string_field(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    """An unquoted number (`1.10`, `8080`, `0777`, `1e3`) where Kubernetes wants a string.

    ## What it does
    Flags plain (unquoted) numbers in Kubernetes string fields: label and annotation values,
    `env[].value`, ConfigMap `data`, Secret `stringData`, container `args` and `command` items,
    port names, image references, Kustomization image tags.

    ## Why is this bad?
    YAML reads `1.10` as the number 1.1 and `0777` as the octal number 511. The API server rejects
    a number where a string is expected (`cannot unmarshal number into Go struct field ... of type
    string`), and tools that convert the manifest on the way (Helm, kustomize, JSON converters)
    silently write `"1.1"` or `"511"`: version `1.10` becomes `1.1`.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
      labels:
        version: 1.10
    spec:
      containers:
        - name: web
          image: nginx:1.25
    ```

    Use instead:
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
      labels:
        version: "1.10"
    spec:
      containers:
        - name: web
          image: nginx:1.25
    ```

    ## Fix safety
    Safe: the fix wraps the original text in double quotes, keeping every digit as written.
    """
    for kind, path, node, value, what in _scan(ctx, resource):
        if kind != "number":
            continue
        text = node.value
        shown = _number_text(value)
        if isinstance(value, int) and text.lstrip("+-").startswith("0") and text.strip("+-") not in ("0",) \
                and not text.lstrip("+-")[:2].lower() in ("0x", "0b"):
            became = f"the octal number {text} ({shown} in decimal)"
        elif text.lstrip("+-")[:2].lower() in ("0x", "0b", "0o"):
            became = f"the number {shown}"
        elif shown != text:
            became = f'the number {shown} (written back as "{shown}", not "{text}")'
        else:
            became = f"the number {shown}"
        yield Violation(
            f"`{text}` becomes {became}, but {what}: Kubernetes rejects it",
            hint=f'quote it: "{text}"',
            path=path,
            fix=_quote(resource, node),
        )


@rule("T003", "null-in-string-field", severity=Severity.WARNING, scope=Scope.RESOURCE,
      fixable=Fixability.ALWAYS, category="traps", supersedes=("S001",))
def null_in_string_field(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    """An unquoted `null` or `~` where Kubernetes wants a string.

    ## What it does
    Flags the plain words `null`, `Null`, `NULL` and `~` in Kubernetes string fields (label and
    annotation values, `env[].value`, ConfigMap `data`...). An empty value is not flagged.

    ## Why is this bad?
    YAML reads `null` as "no value": the field ends up empty (or is dropped), not the four
    letters `null` you wrote. An env var meant to say `null` is set to the empty string.

    ## Example
    ```yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: settings
    data:
      CACHE_BACKEND: null
    ```

    Use instead:
    ```yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: settings
    data:
      CACHE_BACKEND: "null"
    ```

    ## Fix safety
    Safe: the fix quotes the word; write `""` yourself if you meant an empty value.
    """
    for kind, path, node, _value, what in _scan(ctx, resource):
        if kind != "null":
            continue
        yield Violation(
            f"`{node.value}` becomes null (no value), not the text \"{node.value}\": {what}",
            hint=f'quote it: "{node.value}" (or write "" for an empty value)',
            path=path,
            fix=_quote(resource, node),
        )


@rule("T004", "yes-no-boolean", severity=Severity.WARNING, scope=Scope.RESOURCE,
      fixable=Fixability.ALWAYS, category="traps")
def yes_no_boolean(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    """A boolean field written as `yes`, `no`, `on`, `off`, `y` or `n` instead of `true`/`false`.

    ## What it does
    Flags YAML 1.1 boolean words in boolean fields of the built-in Kubernetes API
    (`readOnly`, `privileged`, `hostNetwork`, `runAsNonRoot`, `immutable`, `suspend`...).

    ## Why is this bad?
    Kubernetes happens to read `yes` as true, but YAML 1.2 tools (yq, many linters and editors,
    most non-Go parsers) read it as the string "yes", which the API schema rejects; the same
    file means different things to different tools.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.25
          securityContext:
            readOnlyRootFilesystem: yes
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
          image: nginx:1.25
          securityContext:
            readOnlyRootFilesystem: true
    ```

    ## Fix safety
    Safe: `yes`/`on`/`y` become `true`, `no`/`off`/`n` become `false`, as Kubernetes reads them.
    """
    for kind, path, node, value, _what in _scan(ctx, resource):
        if kind != "yes-no":
            continue
        word = "true" if value else "false"
        yield Violation(
            f"`{node.value}` in {path[-1]} is read as {word} by Kubernetes but as the string \"{node.value}\" "
            f"by YAML 1.2 tools: write {word}",
            hint=f"write true/false: {word}",
            path=path,
            fix=_replace(resource, node, word, f"Write {word}"),
        )


__all__ = ["BOOL_FIELDS"]
