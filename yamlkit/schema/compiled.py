"""Compiled schemas: a fast yes/no first, detailed errors only for invalid documents.

``is_valid`` uses jsonschema-rs when it is installed (about 300x faster than pure jsonschema on a
Deployment). The detailed errors come from jsonschema-rs too, rebuilt as pure jsonschema reports
them (:mod:`.fast_errors`), or from pure jsonschema when they cannot be rebuilt exactly: messages
and paths do not depend on the backend, and a run whose documents are all valid, or explained by
jsonschema-rs, never imports pure jsonschema. ``YAMLKIT_PURE_JSONSCHEMA=1`` disables jsonschema-rs.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, Any, Iterable

from . import fast_errors

if TYPE_CHECKING:  # pragma: no cover
    from jsonschema.exceptions import ValidationError

#: draft -> (pure jsonschema class name, jsonschema-rs class name); pure jsonschema is imported
#: only when it is needed (no fast backend, or a document to explain), which keeps start-up fast.
_DRAFTS = {
    "2020-12": ("Draft202012Validator", "Draft202012Validator"),
    "4": ("Draft4Validator", "Draft4Validator"),
}


def _pure_class(draft: str) -> Any:
    import jsonschema

    return getattr(jsonschema, _DRAFTS[draft][0])


_META_URIS = {"2020-12": "https://json-schema.org/draft/2020-12/schema", "4": "http://json-schema.org/draft-04/schema#"}


@functools.cache
def _rs_module() -> Any:
    """jsonschema-rs, the optional accelerator (pip install jsonschema-rs), or None.

    Imported on the first schema, not with this module: its import costs ~10 ms, which a run of
    files without Kubernetes objects need not pay.
    """
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - depends on the environment
        return None
    return jsonschema_rs


def fast_backend_available() -> bool:
    return os.environ.get("YAMLKIT_PURE_JSONSCHEMA", "") in ("", "0") and _rs_module() is not None


class Compiled:
    """One schema, compiled once; reused for every document of its kind."""

    __slots__ = ("schema", "draft", "_full", "fast", "origin")

    def __init__(self, schema: dict, draft: str = "2020-12", origin: str = "", fast: bool | None = None):
        rs_name = _DRAFTS[draft][1]
        self.schema = schema
        self.draft = draft
        self.origin = origin
        self._full: Any = None
        self.fast = None
        if fast if fast is not None else fast_backend_available():
            try:
                self.fast = getattr(_rs_module(), rs_name)(schema, validate_formats=False)
            except Exception:  # a pattern the Rust regex engine rejects: stay pure
                self.fast = None

    @property
    def full(self) -> Any:
        """The pure-jsonschema validator (compiled on first use)."""
        if self._full is None:
            self._full = _pure_class(self.draft)(self.schema)
        return self._full

    def is_valid(self, data: Any) -> bool:
        if self.fast is not None:
            try:
                return self.fast.is_valid(data)
            except Exception:  # values jsonschema-rs cannot convert (e.g. huge ints)
                pass
        return self.full.is_valid(data)

    def errors(self, data: Any) -> Iterable[ValidationError | fast_errors.SchemaError]:
        """The errors of an invalid document, in pure jsonschema's shape and order."""
        if self.fast is not None:
            try:
                translated = fast_errors.translate(self.fast.iter_errors(data), self.schema, data)
            except Exception:  # values jsonschema-rs cannot convert (e.g. huge ints)
                translated = None
            if translated is not None:
                return translated
        return self.full.iter_errors(data)


def check_schema(schema: dict, draft: str = "2020-12") -> str | None:
    """None if ``schema`` is a valid schema, else the reason."""
    if fast_backend_available():
        try:
            if _rs_module().meta.is_valid({**schema, "$schema": _META_URIS[draft]}):
                return None
        except Exception:  # fall back to the pure check
            pass
    import jsonschema

    cls = _pure_class(draft)
    error = jsonschema.exceptions.best_match(cls(cls.META_SCHEMA).iter_errors(schema))
    if error is None:
        return None
    where = "/".join(str(p) for p in error.absolute_path)
    return f"at {where or '(top)'}: " + (error.message if len(error.message) < 160 else error.message[:150] + "...")


def inline_refs(root: dict, defs: dict) -> dict:
    """``root`` with every ``$ref`` into ``defs`` rewritten to a local ``#/$defs/...``.

    Only the definitions reachable from ``root`` are copied; descriptions are dropped.
    """
    needed: dict[str, Any] = {}

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if key == "description" and isinstance(value, str):
                    continue
                if key == "$ref" and isinstance(value, str) and "/$defs/" in value:
                    name = value.rsplit("/", 1)[1]
                    out[key] = "#/$defs/" + name
                    if name not in needed and name in defs:
                        needed[name] = {}
                        needed[name] = walk(defs[name])
                else:
                    out[key] = walk(value)
            return out
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    schema = walk(root)
    schema.pop("$id", None)
    schema["$defs"] = needed
    return schema
