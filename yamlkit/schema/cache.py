"""Values derived from kubernetes-validate's schema files, kept on disk between runs.

Parsing a Kubernetes version's 1.8 MB ``_definitions.json`` takes ~10 ms, more than checking a
small file. What a run needs from it (a kind's schema with its references inlined, the served
kinds) is small, so it is stored in ``$YAMLKIT_CACHE_DIR`` (default ``$XDG_CACHE_HOME/yamlkit``
or ``~/.cache/yamlkit``; set it empty to turn the cache off).

An entry records the :func:`signature` of every file its value is computed from: the input
schema files and the modules that derive it (:data:`DERIVING_MODULES`). It is used only while
every one of them still matches, so a changed schema file or a changed (reinstalled, edited)
yamlkit is never answered from an old entry. Signatures come from ``stat``, not from hashing
the contents: hashing ``_definitions.json`` and importing :mod:`hashlib` cost a one-file check
~5 ms. A missing, unreadable or foreign entry is computed as if there were no cache; failing to
write is ignored.
"""

from __future__ import annotations

import functools
import json
import os
import time
import zlib
from typing import Any, Callable, Sequence

#: the modules whose code derives cached values; their signatures are part of every entry's key
DERIVING_MODULES = ("cache.py", "bundled.py", "compiled.py")
#: a file changed more recently than this (nanoseconds) gets no signature (see :func:`signature`)
SETTLED_NS = 2_000_000_000
_FOLDER = "schemas"


def cache_dir() -> str | None:
    """The cache folder, or None when ``YAMLKIT_CACHE_DIR`` is set empty."""
    configured = os.environ.get("YAMLKIT_CACHE_DIR")
    if configured is not None:
        return configured or None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "yamlkit")


def signature(path: str) -> str | None:
    """What identifies this version of a file: its absolute path, device, inode, size and
    modification and change times in nanoseconds (the test git uses to trust its index).

    Writing a file sets its change time to the current time, which no program can set back (a
    restored modification time does not hide an edit). None, and so no caching, when the file
    cannot be read, or when it changed in the last :data:`SETTLED_NS`: a second write within the
    file system's timestamp granularity could then leave the signature unchanged (git's "racy
    clean" files).
    """
    try:
        st = os.stat(path)
    except OSError:
        return None
    if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) < SETTLED_NS:
        return None
    return f"{os.path.abspath(path)}:{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}"


@functools.cache
def code_signature() -> str | None:
    """The signatures of the deriving modules, or None when one cannot be taken (no cache then)."""
    folder = os.path.dirname(os.path.abspath(__file__))
    parts = [signature(os.path.join(folder, name)) for name in DERIVING_MODULES]
    return None if None in parts else "\n".join(parts)  # type: ignore[arg-type]


def cached(what: str, inputs: Sequence[str], compute: Callable[[], Any],
           read_as: Callable[[], dict[str, str | None]] | None = None) -> Any:
    """``compute()``, or the value stored for the same ``what``, input files and deriving code.

    ``inputs`` are the paths of every file the value is computed from; ``compute`` must return
    plain JSON data. When ``compute`` may use a file read earlier in the process (and kept in
    memory), ``read_as`` tells, after ``compute``, the signature each such file had when it was
    read: the value is stored only if they are the current ones, so a file changed since (a
    package upgraded under a long-running process) never files an old value under its new
    signature.
    """
    folder, code = cache_dir(), code_signature()
    signatures = [signature(path) for path in inputs]
    if folder is None or code is None or None in signatures:
        return compute()
    key = "\n".join([what, code, *signatures])  # type: ignore[list-item]
    path = os.path.join(folder, _FOLDER, _entry_name(what, inputs))
    entry = _load(path)
    if isinstance(entry, dict) and entry.get("key") == key and "value" in entry:
        return entry["value"]
    value = compute()
    current = dict(zip(inputs, signatures))
    if read_as is None or all(current.get(file) == sig for file, sig in read_as().items()):
        _store(path, {"key": key, "value": value})
    return value


def _entry_name(what: str, inputs: Sequence[str]) -> str:
    """The file of an entry, named after *where* its inputs and this yamlkit are, not their
    versions: a reinstalled package or an edited file replaces its entry instead of adding one.
    The key stored inside decides whether an entry is used (a checksum clash costs a recompute)."""
    here = os.path.dirname(os.path.abspath(__file__))
    where = "\n".join([here, *(os.path.abspath(path) for path in inputs)])
    return f"{what}-{zlib.crc32(where.encode()):08x}.json"


def _load(path: str) -> Any:
    """The entry stored at ``path``, or None when there is none or it cannot be read."""
    try:
        with open(path, "rb") as fh:
            return json.loads(fh.read())
    except (OSError, ValueError):
        return None


def _store(path: str, entry: Any) -> None:
    """Write an entry atomically (a reader sees the whole entry or none); errors are ignored."""
    partial = f"{path}.{os.getpid()}.{os.urandom(4).hex()}.tmp"  # unique per writer, threads too
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(partial, "w", encoding="utf-8") as fh:
            json.dump(entry, fh, separators=(",", ":"))
        os.replace(partial, path)
    except (OSError, TypeError, ValueError):
        try:
            os.remove(partial)
        except OSError:
            pass
