"""CustomResourceDefinitions as schemas: ``spec.versions[].schema.openAPIV3Schema`` -> JSON schema.

The OpenAPI v3 dialect of CRDs differs from JSON schema in a few keywords, converted here:
``nullable`` adds ``null`` to the type, ``x-kubernetes-int-or-string`` becomes
``type: [integer, string]``, and in strict mode every object with ``properties`` (and without
``x-kubernetes-preserve-unknown-fields``) rejects unknown fields, as ``kubectl --validate=strict``
does. Validation uses Draft 4, the draft OpenAPI v3 schemas follow.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Iterator, NamedTuple

_ENVELOPE = {"apiVersion": {"type": "string"}, "kind": {"type": "string"}, "metadata": {"type": "object"}}


class CrdVersion(NamedTuple):
    """One served version of a CRD: ``api_version``, ``kind`` and its raw OpenAPI schema.

    A named tuple rather than a frozen dataclass: that one generates six methods from source
    at import (~3 M instructions of every start-up)."""

    api_version: str
    kind: str
    schema: dict | None
    path: tuple  # data path of the openAPIV3Schema inside the CRD (for S008)


def is_crd(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and data.get("kind") == "CustomResourceDefinition"
        and str(data.get("apiVersion", "")).startswith("apiextensions.k8s.io/")
    )


def versions_of(data: dict) -> Iterator[CrdVersion]:
    """Each version a CRD defines (v1 ``spec.versions`` or v1beta1 ``spec.validation``)."""
    spec = data.get("spec")
    if not isinstance(spec, dict):
        return
    group = spec.get("group")
    names = spec.get("names")
    kind = names.get("kind") if isinstance(names, dict) else None
    if not isinstance(group, str) or not isinstance(kind, str):
        return
    shared = spec.get("validation")  # apiextensions.k8s.io/v1beta1
    shared_schema = shared.get("openAPIV3Schema") if isinstance(shared, dict) else None
    versions = spec.get("versions")
    if isinstance(versions, list) and versions:
        for index, entry in enumerate(versions):
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                continue
            holder = entry.get("schema")
            schema = holder.get("openAPIV3Schema") if isinstance(holder, dict) else None
            path: tuple = ("spec", "versions", index, "schema", "openAPIV3Schema")
            if schema is None and shared_schema is not None:
                schema, path = shared_schema, ("spec", "validation", "openAPIV3Schema")
            yield CrdVersion(f"{group}/{entry['name']}", kind, schema if isinstance(schema, dict) else None, path)
    elif isinstance(spec.get("version"), str):
        yield CrdVersion(f"{group}/{spec['version']}", kind, shared_schema if isinstance(shared_schema, dict) else None,
                         ("spec", "validation", "openAPIV3Schema"))


def to_json_schema(openapi: dict, strict: bool) -> dict:
    """A Draft 4 JSON schema for a CR, from the CRD's openAPIV3Schema."""
    schema = _convert(openapi, strict)
    props = schema.setdefault("properties", {})
    for key, value in _ENVELOPE.items():
        props.setdefault(key, value)
    if strict and "additionalProperties" not in schema and not openapi.get("x-kubernetes-preserve-unknown-fields"):
        schema["additionalProperties"] = False
    return schema


def _convert(node: Any, strict: bool) -> Any:
    if isinstance(node, list):
        return [_convert(item, strict) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("description", "example", "x-kubernetes-validations"):
            continue
        if key in ("properties", "patternProperties", "definitions") and isinstance(value, dict):
            out[key] = {name: _convert(sub, strict) for name, sub in value.items()}
        elif key in ("items", "additionalProperties", "not", "allOf", "anyOf", "oneOf"):
            out[key] = _convert(value, strict)
        elif key == "pattern" and isinstance(value, str) and not _python_regex(value):
            continue  # RE2 syntax Python cannot run (e.g. a mid-pattern "(?i)"): not checked
        else:
            out[key] = value
    if node.get("x-kubernetes-int-or-string"):
        out.pop("anyOf", None)
        out.pop("oneOf", None)
        out["type"] = ["integer", "string"]
    if node.get("nullable") and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    preserve = node.get("x-kubernetes-preserve-unknown-fields") or node.get("x-kubernetes-embedded-resource")
    if strict and "properties" in out and "additionalProperties" not in out and not preserve:
        out["additionalProperties"] = False
    return out


@functools.lru_cache(maxsize=4096)
def _python_regex(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except (re.error, OverflowError):
        return False
    return True
