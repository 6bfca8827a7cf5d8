"""jsonschema-rs errors in the shape, and the order, in which :mod:`.messages` gets pure jsonschema's.

Explaining an invalid Deployment with pure jsonschema takes ~1 ms, and importing it (with
referencing and attrs) a few hundred ms per process; jsonschema-rs lists the same errors in ~30
µs. :func:`translate` rebuilds from them exactly what the message builder reads of an error:
keyword, keyword value, the subschema holding it, the instance, paths, and the alternatives'
branches. Values are taken from the schema and the document themselves, so they are the very
objects pure jsonschema would report.

Order matters too (the first of two equal findings keeps its hint; findings at the same place sort
stably), and jsonschema-rs walks some keywords in another order (a mapping's fields in the
document's order, for instance). Pure jsonschema walks the schema depth first: a schema's keywords
in their order, ``properties`` in the schema's order, list items and other fields in the
document's order. :meth:`_Translation.walk` follows each error's evaluation path through the schema to give it
that rank, and finds the subschema on the way.

Anything outside what is mapped here (a keyword the builder words with jsonschema's own message,
a reference outside the schema, ``if``/``then``, ``prefixItems``...) makes :func:`translate`
return None: the caller asks pure jsonschema then. ``tests/schema/test_backends.py`` compares the
findings of both on every fixture, sample and corpus document.
"""

from __future__ import annotations

from typing import Any, Iterable

from ..rules.base import walk_path
from .messages import WORDED

#: keywords whose errors are rebuilt: those :mod:`.messages` words from the keyword and its value
#: alone (it uses jsonschema's own message, which jsonschema-rs errors lack, for any other), but
#: ``format`` (neither backend checks formats here) and ``unevaluatedProperties`` (no bundled or
#: CRD schema uses it: the backends' errors for it were never compared)
_WORDED = WORDED - {"format", "unevaluatedProperties"}
_BRANCHING = ("allOf", "anyOf", "oneOf")


class Untranslatable(Exception):
    """An error pure jsonschema may report differently: explain the document with it instead."""


class SchemaError:
    """The attributes of ``jsonschema.exceptions.ValidationError`` that :mod:`.messages` reads."""

    __slots__ = ("absolute_path", "relative_path", "relative_schema_path", "validator", "validator_value",
                 "schema", "instance", "context")

    def __init__(self, path: tuple, relative_path: tuple, branch: int | None, keyword: str, schema: dict,
                 instance: Any, context: list[SchemaError]):
        self.absolute_path = path
        self.relative_path = relative_path
        self.relative_schema_path = (branch, keyword)  # only [0] is read: the branch of an alternative
        self.validator = keyword
        self.validator_value = schema[keyword]
        self.schema = schema
        self.instance = instance
        self.context = context


def translate(errors: Iterable[Any], root: dict, data: Any) -> list[SchemaError] | None:
    """jsonschema-rs ``errors`` of ``data`` against ``root`` as pure jsonschema reports them, or
    None when that cannot be guaranteed."""
    try:
        return _Translation(root, data).errors(errors, (), None)
    except Untranslatable:
        return None


class _Translation:
    """The errors of one document (``data``) against one schema (``root``)."""

    __slots__ = ("root", "data")

    def __init__(self, root: dict, data: Any):
        self.root = root
        self.data = data

    def errors(self, errors: Iterable[Any], base: tuple, fork: int | None) -> list[SchemaError]:
        """Errors in pure jsonschema's order. For the branches' errors of an alternative, ``base``
        is its instance path and ``fork`` the length of its evaluation path (a branch index
        follows it)."""
        ranked: list[tuple[tuple, SchemaError]] = []
        merged: set[tuple] = set()
        for error in errors:
            path, steps = tuple(error.instance_path), tuple(error.evaluation_path)
            rank, schema, keyword, instance = self.walk(steps, path)
            if keyword == "required":  # jsonschema-rs: one error per missing field; pure: one per keyword
                if (path, steps) in merged:
                    continue
                merged.add((path, steps))
            context = self.alternatives(error, keyword, path, steps)
            branch = None if fork is None else steps[fork]
            ranked.append((rank, SchemaError(path, path[len(base):], branch, keyword, schema, instance, context)))
        ranked.sort(key=lambda pair: pair[0])
        return [error for _rank, error in ranked]

    def alternatives(self, error: Any, keyword: str, path: tuple, steps: tuple) -> list[SchemaError]:
        """The branches' errors of a failed ``anyOf``/``oneOf`` (pure jsonschema gives "valid
        under several branches" none)."""
        if keyword not in ("oneOf", "anyOf") or type(error.kind).__name__ == "OneOfMultipleValid":
            return []
        return self.errors((sub for branch in error.kind.context for sub in branch), path, len(steps))

    def walk(self, steps: tuple, path: tuple) -> tuple[tuple, dict, str, Any]:
        """(pure jsonschema's rank of the error, the subschema holding its keyword, the keyword,
        the value it failed on).

        ``steps`` is the error's evaluation path (keywords, field names, branch indexes,
        ``$ref``), ``path`` its instance path; the rank lists, level by level, the position pure
        jsonschema reaches the next step at.
        """
        if not steps:
            raise Untranslatable("an error without a keyword")
        rank: list[int] = []
        schema: Any = self.root
        instance, consumed = self.data, 0
        index, last = 0, len(steps) - 1
        while index < last:
            keyword = steps[index]
            rank.append(_position(schema, keyword))
            value = schema[keyword]
            if keyword == "$ref":
                schema = _deref(self.root, value)
            elif keyword in ("properties", "patternProperties") and isinstance(value, dict):
                index += 1
                rank.append(_position(value, steps[index]))
                schema, field = value[steps[index]], _next(path, consumed)
                if keyword == "patternProperties":  # pure: each pattern, then the fields in the document's order
                    rank.append(_position(instance, field))
                instance, consumed = _child(instance, field), consumed + 1
            elif keyword == "additionalProperties" and isinstance(value, dict):
                # pure jsonschema visits these fields in a set's (arbitrary) order; the document's will do
                field = _next(path, consumed)
                rank.append(_position(instance, field))
                schema, instance, consumed = value, _child(instance, field), consumed + 1
            elif keyword == "items" and isinstance(value, dict):
                item = _next(path, consumed)
                rank.append(item)
                schema, instance, consumed = value, _child(instance, item), consumed + 1
            elif keyword in _BRANCHING and isinstance(value, list):
                index += 1
                branch = steps[index]
                if not (isinstance(branch, int) and 0 <= branch < len(value)):
                    raise Untranslatable(keyword)
                rank.append(branch)
                schema = value[branch]
            else:
                raise Untranslatable(keyword)
            index += 1
        keyword = steps[last]
        if keyword not in _WORDED or consumed != len(path):
            raise Untranslatable(keyword)
        rank.append(_position(schema, keyword))
        return tuple(rank), schema, keyword, instance


def _position(mapping: Any, key: Any) -> int:
    """Where ``key`` comes in ``mapping``'s order (the order pure jsonschema iterates it in)."""
    if not isinstance(mapping, dict) or key not in mapping:
        raise Untranslatable(key)
    return list(mapping).index(key)


def _next(path: tuple, consumed: int) -> Any:
    if consumed >= len(path):
        raise Untranslatable("instance path shorter than its evaluation path")
    return path[consumed]


def _child(instance: Any, item: Any) -> Any:
    if isinstance(instance, dict) and item in instance:
        return instance[item]
    if isinstance(instance, list) and isinstance(item, int) and 0 <= item < len(instance):
        return instance[item]
    raise Untranslatable(item)


def _deref(root: dict, ref: Any) -> Any:
    """A ``$ref`` inside the schema (``#/$defs/...``, ``#/definitions/...``); others are refused."""
    if not (isinstance(ref, str) and ref.startswith("#/")):
        raise Untranslatable(ref)
    parts = [part.replace("~1", "/").replace("~0", "~") for part in ref[2:].split("/")]
    target = walk_path(root, tuple(parts))
    if not isinstance(target, dict):
        raise Untranslatable(ref)
    return target
