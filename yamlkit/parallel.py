"""``--jobs N``: check files in worker processes, with output identical to ``--jobs 1``.

Design
------
* The parent expands the paths (cheap, and it fixes the file order), then hands *chunks* of
  paths, in order, to a process pool. ``Pool.imap`` returns the chunks in the order they were
  given, so results arrive in file order whatever the scheduling.
* Each worker builds one :class:`~yamlkit.engine.Engine` (in the pool initializer) and runs the
  per-file pipeline: read -> parse -> TEXT/DOCUMENT/RESOURCE rules -> suppressions. It returns
  :class:`~yamlkit.engine.FileResult` values: the file's sorted findings, its counts and its
  :class:`~yamlkit.source.SourceFile` (the parent needs it for source excerpts).
* RUN-scope (cross-resource) rules need every resource of the run. When any is enabled, the
  workers keep each file's resources in the result (documents with their node trees, so the
  parent can still locate paths); the parent then feeds all results to
  :func:`yamlkit.engine.check_sources`, which runs the RUN rules over the resources exactly as
  it does in-process and merges and sorts their findings the same way.
* Resources travel with their node trees, which makes pickling the main cost of a parallel run;
  compact reducers for libyaml's marks and nodes (registered only with multiprocessing's
  pickler) make unpickling in the parent about four times faster.
* Anything that goes wrong in a worker (a crash, a result that cannot be pickled) makes the
  parent redo that chunk in-process, so a failure behaves exactly as with ``--jobs 1``.
* Processes pay off only for many files: below :data:`MIN_FILES` files (or with one job) the
  files are checked in-process and no pool is started.

Rules must not carry state from one file to the next through ``ctx.cache`` other than caches
(compiled schemas and the like): each worker has its own. Cross-file logic belongs in RUN rules.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from typing import Any, Iterable, Iterator

from .engine import Engine, FileResult
from .rules.base import Scope
from .settings import Settings
from .source import STDIN, SourceFile

#: fewer files than this are checked in-process: starting processes would cost more than it saves
MIN_FILES = 32

_STANDARD_NODE_ATTRS = frozenset({"tag", "value", "start_mark", "end_mark", "style", "flow_style"})


def _rebuild_mark(cls: Any, name: Any, index: int, line: int, column: int, buffer: Any, pointer: Any) -> Any:
    return cls(name, index, line, column, buffer, pointer)


def _reduce_mark(mark: Any) -> tuple[Any, ...]:
    return _rebuild_mark, (type(mark), mark.name, mark.index, mark.line, mark.column, mark.buffer, mark.pointer)


def _rebuild_node(cls: Any, tag: Any, value: Any, start: Any, end: Any, style: Any, extra: Any) -> Any:
    node = cls(tag, value, start, end, style)
    if extra:
        node.__dict__.update(extra)
    return node


def _reduce_node(node: Any) -> tuple[Any, ...]:
    attrs = node.__dict__
    style = attrs.get("style") if "style" in attrs else attrs.get("flow_style")
    extra = {k: v for k, v in attrs.items() if k not in _STANDARD_NODE_ATTRS} or None
    return _rebuild_node, (type(node), node.tag, node.value, node.start_mark, node.end_mark, style, extra)


def _register_reducers() -> None:
    """Compact pickling of libyaml marks and nodes, for multiprocessing's pickler only."""
    from multiprocessing.reduction import ForkingPickler

    import yaml.error
    import yaml.nodes

    marks = [yaml.error.Mark]
    try:
        from yaml._yaml import Mark as CMark  # the C extension's mark (what the parser uses)

        marks.append(CMark)
    except ImportError:  # pragma: no cover - PyYAML without libyaml
        pass
    for cls in marks:
        ForkingPickler.register(cls, _reduce_mark)
    for cls in (yaml.nodes.ScalarNode, yaml.nodes.MappingNode, yaml.nodes.SequenceNode):
        ForkingPickler.register(cls, _reduce_node)


_register_reducers()

_worker_engine: Engine | None = None
_worker_settings: Settings | None = None
_worker_keep = False


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))  # type: ignore[attr-defined]
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def effective_jobs(jobs: int | None, files: int) -> int:
    """How many processes to use for ``files`` files (1 = in-process)."""
    wanted = default_jobs() if not jobs else jobs
    if wanted <= 1 or files < MIN_FILES:
        return 1
    return min(wanted, files)


def _keeps_resources(engine: Engine) -> bool:
    return bool(engine._by_scope[Scope.RUN])


def _init_worker(settings: Settings) -> None:
    global _worker_engine, _worker_settings, _worker_keep
    _worker_settings = settings
    _worker_engine = Engine(settings)
    _worker_keep = _keeps_resources(_worker_engine)


def _check_item(engine: Engine, settings: Settings, item: str | SourceFile | FileResult, keep: bool) -> FileResult:
    from .discovery import read_source

    source = item if isinstance(item, (SourceFile, FileResult)) else read_source(item, settings)
    if isinstance(source, FileResult):
        return source
    return engine.check_source(source, keep_resources=keep)


def _work(chunk: list[Any]) -> list[FileResult]:
    assert _worker_engine is not None and _worker_settings is not None
    return [_check_item(_worker_engine, _worker_settings, item, _worker_keep) for item in chunk]


def _context() -> Any:
    # fork is by far the cheapest start on Linux (the rule registry is already imported);
    # elsewhere use the platform's default (spawn).
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _chunks(items: list[Any], jobs: int) -> list[list[Any]]:
    # Small enough to balance the load and show progress, big enough to amortize the IPC.
    size = max(1, min(32, len(items) // (jobs * 8) or 1))
    return [items[i:i + size] for i in range(0, len(items), size)]


def check_files(paths: list[str], settings: Settings, jobs: int) -> Iterator[FileResult | SourceFile]:
    """Per-file results for ``paths`` (already expanded), in order, for ``check_sources``.

    With ``jobs == 1`` this yields what :func:`yamlkit.discovery.read_source` returns (the engine
    then checks each source in-process); otherwise :class:`FileResult` values from the pool.
    """
    from .discovery import read_source

    if jobs <= 1:
        for path in paths:
            yield read_source(path, settings)
        return
    # standard input is read here, in the parent, and travels to a worker as text
    items: list[str | SourceFile | FileResult] = [
        read_source(path, settings) if path == STDIN else path for path in paths
    ]
    yield from _pooled(items, settings, jobs)


def _pooled(items: list[Any], settings: Settings, jobs: int) -> Iterator[FileResult]:
    chunks = _chunks(items, jobs)
    local: Engine | None = None
    with _context().Pool(processes=jobs, initializer=_init_worker, initargs=(settings,)) as pool:
        results = pool.imap(_work, chunks)
        for chunk in chunks:
            try:
                batch = next(results)
            except StopIteration:  # pragma: no cover - imap yields one batch per chunk
                batch = None
            except Exception:
                batch = None
            if batch is None:
                # redo in-process: same results, or the same exception as with --jobs 1
                if local is None:
                    local = Engine(settings)
                keep = _keeps_resources(local)
                batch = [_check_item(local, settings, item, keep) for item in chunk]
            yield from batch


def iter_results(paths: Iterable[str], settings: Settings, jobs: int | None) -> tuple[int, int, Iterator[Any]]:
    """``(file count, jobs used, items for check_sources)`` for the files under ``paths``."""
    from .discovery import expand_paths

    files = list(expand_paths(paths, settings))
    used = effective_jobs(jobs, len(files))
    return len(files), used, check_files(files, settings, used)


__all__ = ["MIN_FILES", "check_files", "default_jobs", "effective_jobs", "iter_results"]
