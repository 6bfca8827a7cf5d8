"""The Kubernetes JSON schemas bundled with kubernetes-validate, read lazily and cached.

Layout: ``kubernetes-json-schema/v1.XX.0-local[-strict]/<kind>-<group>-<version>.json`` plus one
``_definitions.json`` per directory that the kind files ``$ref``. What is derived from the large
``_definitions.json`` is also kept on disk between runs (:mod:`.cache`).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import re
from typing import Callable

from ..config import ConfigError
from . import cache

_DIR_RE = re.compile(r"^v(\d+)\.(\d+)\.0-local$")
_VERSION_RE = re.compile(r"^v?(\d+)\.(\d+)(?:\.\d+)?$")


@functools.cache
def root() -> str:
    """The ``kubernetes-json-schema`` folder of the installed kubernetes-validate."""
    spec = importlib.util.find_spec("kubernetes_validate")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError("kubernetes-validate is not installed: yamlkit needs its bundled schemas")
    return os.path.join(list(spec.submodule_search_locations)[0], "kubernetes-json-schema")


@functools.cache
def versions() -> tuple[str, ...]:
    """Bundled Kubernetes versions, oldest first: ``("1.25", ..., "1.37")``."""
    found = []
    for name in os.listdir(root()):
        match = _DIR_RE.match(name)
        if match:
            found.append((int(match[1]), int(match[2])))
    return tuple(f"{major}.{minor}" for major, minor in sorted(found))


def resolve_version(text: str | float | None) -> str:
    """``"1.30.2"`` -> ``"1.30"``; None -> the newest bundled. Unsupported -> ConfigError."""
    known = versions()
    if not text:
        return known[-1]
    match = _VERSION_RE.match(str(text).strip())
    version = f"{int(match[1])}.{int(match[2])}" if match else None
    if version not in known:
        quote = " (quote it in the configuration file: YAML reads 1.30 as the number 1.3)" \
            if isinstance(text, float) else ""
        raise ConfigError(
            f"unsupported Kubernetes version {str(text)!r}: yamlkit bundles schemas for "
            f"{known[0]} to {known[-1]} (use e.g. --kubernetes-version {known[-1]}){quote}"
        )
    return version


def directory(version: str, strict: bool) -> str:
    return os.path.join(root(), f"v{version}.0-local" + ("-strict" if strict else ""))


def file_name(api_version: str, kind: str) -> str:
    """``apps/v1`` Deployment -> ``deployment-apps-v1.json``; the group keeps its first label."""
    group, _, version = api_version.rpartition("/")
    prefix = group.split(".", 1)[0] + "-" if group else ""
    return f"{kind.lower()}-{prefix}{version}.json"


def _definitions_path(version: str, strict: bool) -> str:
    return os.path.join(directory(version, strict), "_definitions.json")


def definitions(version: str, strict: bool) -> dict:
    """The ``$defs`` of ``_definitions.json`` (1.8 MB; parsed once per version and strictness)."""
    return _definitions_read(version, strict)[1]


@functools.lru_cache(maxsize=None)
def _definitions_read(version: str, strict: bool) -> tuple[dict[str, str | None], dict]:
    """``{path: signature just before it was read}`` of ``_definitions.json`` (``read_as`` for
    ``cache.cached``: the parse is kept for the whole process), and its ``$defs``."""
    path = _definitions_path(version, strict)
    read_as = {path: cache.signature(path)}
    with open(path, "rb") as fh:
        return read_as, json.loads(fh.read())["$defs"]


def _definitions_read_as(version: str, strict: bool) -> Callable[[], dict[str, str | None]]:
    """``read_as`` for a value computed from :func:`definitions`."""
    return lambda: _definitions_read(version, strict)[0]


def _kind_path(version: str, strict: bool, api_version: str, kind: str) -> str:
    return os.path.join(directory(version, strict), file_name(api_version, kind))


def _kind_file(version: str, strict: bool, api_version: str, kind: str) -> bytes | None:
    try:
        with open(_kind_path(version, strict, api_version, kind), "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        return None


def _is_schema_of(schema: dict, api_version: str, kind: str) -> bool:
    """The file name drops the group's domain and the kind's case: check the real identity."""
    group, _, ver = api_version.rpartition("/")
    gvks = schema.get("x-kubernetes-group-version-kind") or ()
    return any(g.get("group", "") == group and g.get("version") == ver and g.get("kind") == kind for g in gvks)


def kind_schema(version: str, strict: bool, api_version: str, kind: str) -> dict | None:
    """The top-level schema of a kind, or None when this version does not serve it."""
    raw = _kind_file(version, strict, api_version, kind)
    if raw is None:
        return None
    schema = json.loads(raw)
    return schema if _is_schema_of(schema, api_version, kind) else None


@functools.lru_cache(maxsize=256)  # resolve.bundled_schema (compiling) and traps (field types) both read it
def inlined_schema(version: str, strict: bool, api_version: str, kind: str) -> dict | None:
    """The schema of a kind with the definitions it uses inlined (``compiled.inline_refs``), or
    None when this version does not serve it. From the disk cache when it holds it."""
    from .compiled import inline_refs

    top = kind_schema(version, strict, api_version, kind)
    if top is None:
        return None
    inputs = [_kind_path(version, strict, api_version, kind), _definitions_path(version, strict)]
    return cache.cached("inlined-schema", inputs, lambda: inline_refs(top, definitions(version, strict)),
                        read_as=_definitions_read_as(version, strict))


@functools.lru_cache(maxsize=None)
def served(version: str) -> dict[str, tuple[str, ...]]:
    """kind -> the apiVersions that serve it in ``version`` (from the definitions' GVK lists)."""
    lists = cache.cached("served", [_definitions_path(version, True)], lambda: _served_lists(version),
                         read_as=_definitions_read_as(version, True))
    return {kind: tuple(apis) for kind, apis in lists.items()}


def _served_lists(version: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for definition in definitions(version, True).values():
        for gvk in definition.get("x-kubernetes-group-version-kind") or ():
            api = f"{gvk['group']}/{gvk['version']}" if gvk.get("group") else gvk["version"]
            kind = gvk["kind"]
            if api not in out.setdefault(kind, []):
                out[kind].append(api)
    return out


def versions_serving(api_version: str, kind: str) -> list[str]:
    """Bundled versions whose schema files include this (apiVersion, kind) (by file name)."""
    name = file_name(api_version, kind)
    return [v for v in versions() if os.path.exists(os.path.join(directory(v, True), name))]
