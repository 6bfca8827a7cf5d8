"""Values derived from kubernetes-validate's schema files, kept on disk between runs.

Parsing a Kubernetes version's 1.8 MB ``_definitions.json`` takes ~10 ms, more than checking a
small file. What a run needs from it (a kind's schema with its references inlined, the served
kinds) is small, so it is stored in ``$YAMLKIT_CACHE_DIR`` (default ``$XDG_CACHE_HOME/yamlkit``
or ``~/.cache/yamlkit``; set it empty to turn the cache off).

An entry is named by a SHA-256 of everything its value is computed from: the bytes of the input
files and the source of the code that derives it (the modules in :data:`DERIVING_MODULES`). An
entry therefore never goes stale: changed schema files or a changed yamlkit name another entry.
A missing or unreadable entry is computed as if there were no cache; failing to write is ignored.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from typing import Any, Callable, Iterable

#: the modules whose code derives cached values; their source is part of every entry's name
DERIVING_MODULES = ("cache.py", "bundled.py", "compiled.py")
#: an entry's file name: ``<what>-<SHA-256 of the inputs>.json``
_FOLDER = "schemas"


def cache_dir() -> str | None:
    """The cache folder, or None when ``YAMLKIT_CACHE_DIR`` is set empty."""
    configured = os.environ.get("YAMLKIT_CACHE_DIR")
    if configured is not None:
        return configured or None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "yamlkit")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@functools.cache
def code_fingerprint() -> str | None:
    """SHA-256 of the deriving modules' source, or None when it cannot be read (no cache then)."""
    folder = os.path.dirname(os.path.abspath(__file__))
    hasher = hashlib.sha256()
    try:
        for name in DERIVING_MODULES:
            with open(os.path.join(folder, name), "rb") as fh:
                hasher.update(fh.read())
    except OSError:
        return None
    return hasher.hexdigest()


def cached(what: str, inputs: Iterable[str], compute: Callable[[], Any]) -> Any:
    """``compute()``, or the value stored for the same ``what`` and input digests.

    ``inputs`` are SHA-256 digests of every file the value is computed from; ``compute`` must
    return plain JSON data.
    """
    folder, code = cache_dir(), code_fingerprint()
    if folder is None or code is None:
        return compute()
    key = hashlib.sha256("\n".join([what, code, *inputs]).encode()).hexdigest()
    path = os.path.join(folder, _FOLDER, f"{what}-{key}.json")
    try:
        with open(path, "rb") as fh:
            return json.loads(fh.read())
    except (OSError, ValueError):  # no entry yet, or an unreadable one: compute it
        pass
    value = compute()
    _store(path, value)
    return value


def _store(path: str, value: Any) -> None:
    """Write an entry atomically (a reader sees the whole entry or none); errors are ignored."""
    partial = f"{path}.{os.getpid()}.{os.urandom(4).hex()}.tmp"  # unique per writer, threads too
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(partial, "w", encoding="utf-8") as fh:
            json.dump(value, fh, separators=(",", ":"))
        os.replace(partial, path)
    except (OSError, TypeError, ValueError):
        try:
            os.remove(partial)
        except OSError:
            pass
