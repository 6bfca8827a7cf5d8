"""Paths -> sources. Directories are walked for ``*.yaml``/``*.yml``; ``-`` reads stdin.

A file that cannot be read still produces a result (a finding), never an exception, so one
unreadable file does not hide the others. Only a path that does not exist is a usage error.
"""

from __future__ import annotations

import fnmatch
import io
import os
import sys
from typing import Iterable, Iterator

from .engine import FileResult
from .findings import Finding, Severity
from .settings import Settings
from .source import STDIN, STDIN_NAME, DecodeProblem, SourceFile, decode

YAML_SUFFIXES = (".yaml", ".yml")
#: folders never walked into: version control, virtual environments, caches, dependencies
SKIPPED_DIRS = frozenset({
    ".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", "node_modules", "__pycache__",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", ".terraform", ".idea", ".vscode",
})


class MissingPath(Exception):
    """A path given on the command line does not exist (exit code 2)."""


def _excluded(path: str, patterns: list[str], base: str = ".") -> bool:
    """Whether ``path`` matches an exclude glob, as a whole or by one of its parts below ``base``
    (so ``exclude: [tmp]`` skips ``./tmp/`` but not everything under an absolute ``/tmp``)."""
    if not patterns:
        return False
    from pathlib import PurePath  # only here: its import costs a one-file check ~3 ms

    path = os.path.relpath(path, base) if os.path.isabs(path) == os.path.isabs(base) else path
    parts = PurePath(path).parts
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        if fnmatch.fnmatch(path, pattern) or any(fnmatch.fnmatch(part, pattern) for part in parts):
            return True
    return False


def expand_paths(paths: Iterable[str], settings: Settings | None = None) -> Iterator[str]:
    """Files to check, in a stable order; directories recursively, symlink loops skipped.

    With settings, the configuration's ``exclude`` globs (relative to the configuration file)
    and, in a git repository, ``.gitignore`` (``respect-gitignore``) drop files found by walking
    directories (see :func:`yamlkit.config.filter_paths`).
    """
    if settings is None:
        yield from _expand_paths(paths, None)
        return
    from .config import filter_paths

    given = list(paths)
    yield from filter_paths(list(_expand_paths(given, settings)), settings, explicit=given)


def _expand_paths(paths: Iterable[str], settings: Settings | None = None) -> Iterator[str]:
    exclude = settings.exclude if settings else []
    for raw in paths:
        if raw == STDIN:
            yield STDIN
            continue
        if not os.path.lexists(raw):
            raise MissingPath(raw)
        if os.path.isdir(raw):
            seen: set[tuple[int, int]] = set()
            for root, dirs, files in os.walk(raw, followlinks=True):
                try:
                    st = os.stat(root)
                except OSError:
                    dirs[:] = []
                    continue
                key = (st.st_dev, st.st_ino)
                if key in seen:  # a symlink loop
                    dirs[:] = []
                    continue
                seen.add(key)
                dirs[:] = sorted(
                    d for d in dirs if d not in SKIPPED_DIRS and not _excluded(os.path.join(root, d), exclude, raw)
                )
                for name in sorted(files):
                    if name.endswith(YAML_SUFFIXES):
                        full = os.path.join(root, name)
                        if not _excluded(full, exclude, raw):
                            yield full
        else:
            if not _excluded(raw, exclude):
                yield raw


def _problem(name: str, code: str, rule: str, message: str, hint: str, line: int = 1, column: int = 1) -> FileResult:
    return FileResult(
        file=name,
        findings=[
            Finding(code=code, rule=rule, severity=Severity.ERROR, file=name, line=line, column=column,
                    message=message, hint=hint)
        ],
    )


def _read_bytes(path: str, size: int, limit: int) -> bytes:
    """The bytes of ``path``, at most ``limit + 1`` of them; ``size`` is what ``stat`` said.

    A regular file that has not changed since ``stat`` comes in one unbuffered read (a buffered
    ``read(limit + 1)`` would map and unmap a buffer of the whole limit for every file).
    """
    with open(path, "rb", buffering=0) as raw:
        data = raw.read(size + 1)
        if len(data) != size:  # it grew or shrank, a short read, a pipe or a device: read on to the end
            data += io.BufferedReader(raw).read(max(0, limit + 1 - len(data)))
    return data


def read_source(path: str, settings: Settings | None = None, stdin: bytes | None = None) -> SourceFile | FileResult:
    """Read and decode one file; problems come back as a :class:`FileResult` with one finding."""
    limit = settings.limits.max_file_size if settings else 50 * 1024 * 1024
    name = STDIN_NAME if path == STDIN else path
    try:
        if path == STDIN:
            data = stdin if stdin is not None else sys.stdin.buffer.read(limit + 1)
        else:
            size = os.path.getsize(path)
            if size > limit:
                return _problem(name, "Y014", "file-too-large",
                                f"the file is {size / 1048576:.1f} MiB, larger than the limit of {limit / 1048576:.0f} MiB; it was not checked",
                                "raise `max-file-size` in the configuration, or exclude the file")
            data = _read_bytes(path, size, limit)
    except PermissionError:
        return _problem(name, "Y015", "unreadable-file", "permission denied: yamlkit cannot read this file",
                        "check the file's permissions")
    except IsADirectoryError:
        return _problem(name, "Y015", "unreadable-file", "this is a directory, not a file", "pass the directory itself to check its YAML files")
    except OSError as exc:
        return _problem(name, "Y015", "unreadable-file", f"cannot read the file: {exc.strerror or exc}",
                        "check that the path exists and is a regular file (a broken or looping symlink?)")
    if len(data) > limit:
        return _problem(name, "Y014", "file-too-large",
                        f"the input is larger than the limit of {limit / 1048576:.0f} MiB; it was not checked",
                        "raise `max-file-size` in the configuration")
    try:
        return decode(name, data)
    except DecodeProblem as exc:
        rule = "invalid-encoding" if exc.code == "Y002" else "binary-file"
        return _problem(name, exc.code, rule, exc.message, exc.hint, exc.line, exc.column)


def iter_sources(paths: Iterable[str], settings: Settings | None = None) -> Iterator[SourceFile | FileResult]:
    for path in expand_paths(paths, settings):
        yield read_source(path, settings)
