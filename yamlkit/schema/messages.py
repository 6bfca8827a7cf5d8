"""jsonschema errors -> one plain-words :class:`Violation` per problem, at the exact node.

A wrong type is reported at the value, an unknown field at its key, a missing required field at
the parent mapping; alternatives (``oneOf``/``anyOf``, e.g. int-or-string) give one error, never
one per branch.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from ..rules.base import Violation

if TYPE_CHECKING:  # pragma: no cover - jsonschema is imported only when a document is invalid
    from jsonschema.exceptions import ValidationError

TYPE_MISMATCH, UNKNOWN_FIELD, MISSING_REQUIRED, INVALID_VALUE = "S001", "S002", "S003", "S004"
_NUMBER = r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$"  # compiled by ``re`` when a type is wrong
_YAML11_BOOLS = {"y", "yes", "n", "no", "on", "off", "true", "false"}
_TYPE_NAMES = {"object": "mapping", "array": "list"}


def type_of(value: Any) -> str:
    """The JSON type name of a value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def show(value: Any) -> str:
    """``string "3"``, ``boolean true``, ``integer 5``, ``object``: what was found, in words."""
    kind = type_of(value)
    if kind in ("object", "array"):
        return _TYPE_NAMES[kind] if kind == "object" else "list"
    if kind == "null":
        return "null"
    text = json.dumps(value, ensure_ascii=False)
    if len(text) > 60:
        text = text[:57] + '..."' if kind == "string" else text[:60] + "..."
    return f"{kind} {text}"


def _types(schema_types: Any) -> list[str]:
    types = [schema_types] if isinstance(schema_types, str) else list(schema_types or ())
    real = [t for t in types if t != "null"]
    return real or types


_ORDER = {"integer": 0, "number": 1, "string": 2, "boolean": 3, "object": 4, "array": 5, "null": 6}


def _expected(types: Iterable[str]) -> str:
    names = []
    for t in sorted(types, key=lambda t: _ORDER.get(t, 9)):
        name = _TYPE_NAMES.get(t, t)
        if name not in names:
            names.append(name)
    return " or ".join(names)


def violations(errors: Iterable[ValidationError], strict: bool, node_text: Any, prefix: tuple = (),
               root: dict | None = None) -> list[Violation]:
    """Violations for the top-level errors of one resource; ``node_text(path)`` gives raw YAML text.

    ``prefix`` is the resource's place in its document (List items), for printed paths; ``root``
    the whole schema, to resolve ``$ref`` when suggesting where a misplaced field belongs.
    """
    out: list[Violation] = []
    seen: set[tuple[str, tuple, str]] = set()
    for error in errors:
        for v in _from_error(error, strict, node_text, prefix):
            if v.code == UNKNOWN_FIELD and v.hint is None:
                v.hint = _better_home(v.path[-1], error.schema, root) or suggest_field(v.path[-1], [])
            if v.api_path is not None:  # a missing field: shown at its parent, named in the path
                v.api_path = _field_name(prefix + tuple(v.path or ()) + (v.api_path,))
            key = (v.code or "", tuple(v.path or ()), v.message)
            if key not in seen:
                seen.add(key)
                out.append(v)
    return out


def _from_error(e: ValidationError, strict: bool, node_text: Any, prefix: tuple = ()) -> Iterator[Violation]:
    path = tuple(e.absolute_path)
    kind = e.validator
    if kind == "type":
        yield type_violation(path, _types(e.validator_value), e.instance, node_text)
    elif kind in ("additionalProperties", "unevaluatedProperties"):
        if strict or kind == "unevaluatedProperties":
            yield from _unknown_fields(e, path, prefix)
    elif kind == "required":
        for name in e.validator_value:
            if isinstance(e.instance, dict) and name not in e.instance:
                where = f" in {_field_name(prefix + path)}" if prefix + path else ""
                under = f" under `{path[-1]}:`" if path and isinstance(path[-1], str) else ""
                yield Violation(f'missing required field "{name}"{where}', code=MISSING_REQUIRED,
                                hint=f"add `{name}:`{under}", path=path, at="key", api_path=name)
    elif kind in ("enum", "const"):
        allowed = e.validator_value if kind == "enum" else [e.validator_value]
        yield _enum_violation(path, allowed, e.instance)
    elif kind in ("oneOf", "anyOf"):
        yield from _alternatives(e, path, strict, node_text, prefix)
    else:
        yield Violation(f"invalid value {show(e.instance)}: {_reason(e)}", code=INVALID_VALUE, path=path)


def _field_name(path: tuple) -> str:
    from ..document import format_path

    return format_path(path)


def type_violation(path: tuple, expected: list[str], instance: Any, node_text: Any) -> Violation:
    found = type_of(instance)
    raw = node_text(path)
    hint = None
    if found == "string" and ("integer" in expected or "number" in expected) and re.match(_NUMBER, instance.strip()):
        hint = f"remove the quotes: {instance.strip()}"
    elif found == "string" and "boolean" in expected and instance.lower() in ("true", "false"):
        hint = f"remove the quotes: {instance.lower()}"
    elif found == "string" and "boolean" in expected and instance.lower() in _YAML11_BOOLS:
        hint = "write true or false"
    elif found == "number" and "integer" in expected:
        hint = "use a whole number"
    elif "string" in expected and found in ("boolean", "integer", "number"):
        text = raw if isinstance(raw, str) else json.dumps(instance)
        why = " (YAML 1.1, which Kubernetes uses, reads it as a boolean)" if found == "boolean" and \
            text.lower() in _YAML11_BOOLS - {"true", "false"} else ""
        hint = f'quote it: "{text}"{why}'
    elif "string" in expected and found == "null":
        hint = 'give it a value, or write "" for an empty string'
    elif expected == ["object"] and found == "array":
        hint = "this field takes a mapping (key: value lines), not a list: remove the leading '- '"
    elif expected == ["array"] and found == "object":
        hint = "this field takes a list: start each item with '- '"
    elif expected == ["array"] and found == "string":
        hint = f"this field takes a list, e.g. [{json.dumps(instance)}]"
    elif found == "object" and ("string" in expected or "integer" in expected):
        hint = "a `{{ placeholder }}` or a `key: value` here is read as a mapping: quote the value"
    elif "object" in expected and found not in ("object", "null"):
        hint = "this field takes a mapping of fields; check the indentation"
    else:
        hint = f"this field takes a value of type {_expected(expected)}: replace this one"
    return Violation(f"expected {_expected(expected)}, got {show(instance)}", hint=hint, code=TYPE_MISMATCH, path=path)


def _unknown_fields(e: ValidationError, path: tuple, prefix: tuple) -> Iterator[Violation]:
    schema = e.schema if isinstance(e.schema, dict) else {}
    known = list((schema.get("properties") or {}).keys())
    patterns = [re.compile(p) for p in (schema.get("patternProperties") or {})]
    instance = e.instance if isinstance(e.instance, dict) else {}
    for key in instance:
        if key in known or any(p.search(key) for p in patterns):
            continue
        where = f" in {_field_name(prefix + path)}" if prefix + path else ""
        hint = suggest_field(key, known)
        yield Violation(f'unknown field "{key}"{where}', hint=None if hint.startswith("remove it") else hint,
                        code=UNKNOWN_FIELD, path=path + (key,), at="key")


def _resolve(schema: Any, root: dict | None) -> dict:
    for _ in range(8):  # $ref chains are short
        ref = schema.get("$ref") if isinstance(schema, dict) else None
        if not (isinstance(ref, str) and ref.startswith("#/$defs/") and root):
            break
        schema = root.get("$defs", {}).get(ref[len("#/$defs/"):], {})
    return schema if isinstance(schema, dict) else {}


def _better_home(key: str, schema: Any, root: dict | None) -> str | None:
    """``runAsUser`` in a container: 'it belongs under `securityContext:`' (one level down)."""
    properties = _resolve(schema, root).get("properties") or {}
    homes = [name for name, sub in properties.items() if key in (_resolve(sub, root).get("properties") or {})
             or key in (_resolve(_resolve(sub, root).get("items"), root).get("properties") or {})]
    if homes:
        return f"`{key}` belongs under `{homes[0]}:` (check the indentation)"
    known = list(properties)
    return suggest_field(key, known) if known else None


def suggest_field(key: str, known: list[str]) -> str:
    import difflib  # here, not at import: only invalid documents need it (~1 ms of every start)

    lower = {k.lower(): k for k in known}
    match = lower.get(key.lower())
    if match is None:
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.7)
        match = close[0] if close else None
    if match is not None:
        return f'did you mean "{match}"?'
    if not known:
        return "this mapping takes no fields; remove it"
    listed = ", ".join(sorted(known)[:12]) + (", ..." if len(known) > 12 else "")
    return f"remove it, or check its indentation; fields allowed here: {listed}"


def _enum_violation(path: tuple, allowed: list[Any], instance: Any) -> Violation:
    shown = [json.dumps(a) for a in allowed if a is not None]
    listing = ", ".join(shown[:10]) + (", ..." if len(shown) > 10 else "")
    hint = None
    if isinstance(instance, str):
        import difflib

        strings = [a for a in allowed if isinstance(a, str)]
        lower = {a.lower(): a for a in strings}
        close = difflib.get_close_matches(instance, strings, n=1, cutoff=0.6)
        match = lower.get(instance.lower()) or (close[0] if close else None)
        if match is not None:
            hint = f'did you mean "{match}"?'
    if hint is None:
        hint = "use one of the values listed (they are case-sensitive)"
    return Violation(f"unsupported value {show(instance)}: expected one of {listing}", hint=hint,
                     code=INVALID_VALUE, path=path)


def _branch_types(branch: Any) -> list[str] | None:
    """The types of a branch that is only a type check (``{"type": [...]}``), else None."""
    if isinstance(branch, dict) and "type" in branch and set(branch) <= {"type", "format", "description", "nullable"}:
        return _types(branch["type"])
    return None


def _alternatives(e: ValidationError, path: tuple, strict: bool, node_text: Any, prefix: tuple) -> Iterator[Violation]:
    branches = e.validator_value if isinstance(e.validator_value, list) else []
    simple = [_branch_types(b) for b in branches]
    found = type_of(e.instance)
    if e.instance is None or (simple and all(t is not None for t in simple)):
        expected: list[str] = []
        for types in simple:
            for t in types or ():
                if t not in expected:
                    expected.append(t)
        if expected and not (found in expected or (found == "integer" and "number" in expected)):
            yield type_violation(path, expected, e.instance, node_text)
            return
    # One branch has the instance's type: its errors are the useful ones.
    by_branch: dict[int, list[ValidationError]] = {}
    for sub in e.context or ():
        by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)
    matching = [i for i, sub in by_branch.items()
                if not any(x.validator == "type" and not x.relative_path for x in sub)]
    if len(matching) == 1:
        for sub in by_branch[matching[0]]:
            yield from _from_error(sub, strict, node_text, prefix)
        return
    if e.validator == "oneOf" and not by_branch:
        yield Violation(f"{show(e.instance)} matches more than one allowed shape", code=INVALID_VALUE, path=path)
        return
    yield Violation(f"invalid value {show(e.instance)}: it matches none of the allowed shapes", code=INVALID_VALUE,
                    path=path)


#: what a violation of these keywords means, ``{}`` being the keyword's value
_REASONS = {
    "minimum": "must be at least {}",
    "maximum": "must be at most {}",
    "exclusiveMinimum": "must be greater than {}",
    "exclusiveMaximum": "must be less than {}",
    "minLength": "must be at least {} characters long",
    "maxLength": "must be at most {} characters long",
    "minItems": "must have at least {} items",
    "maxItems": "must have at most {} items",
    "minProperties": "must have at least {} fields",
    "maxProperties": "must have at most {} fields",
    "pattern": "must match the pattern {!s}",
    "uniqueItems": "items must be unique",
    "multipleOf": "must be a multiple of {}",
    "format": "must be a valid {}",
    "not": "this value is not allowed here",
}
#: the keywords whose violations are worded from the keyword and its value alone (the branches
#: of :func:`_from_error`, then :data:`_REASONS`); any other keeps jsonschema's own message
WORDED = frozenset({
    "type", "additionalProperties", "unevaluatedProperties", "required", "enum", "const", "oneOf", "anyOf",
    *_REASONS,
})


def _reason(e: ValidationError) -> str:
    reason = _REASONS.get(str(e.validator))  # (rebuilt jsonschema-rs errors have no message)
    return e.message if reason is None else reason.format(e.validator_value)
