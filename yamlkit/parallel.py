"""``--jobs N``: check files in worker processes, with output identical to ``--jobs 1``.

Design
------
* The parent expands the paths (cheap, and it fixes the file order), then hands *chunks* of
  paths to a process pool (``concurrent.futures.ProcessPoolExecutor``) and collects the chunks'
  results in the order it submitted them, so results arrive in file order whatever the
  scheduling.
* On Linux the workers are forked from a parent that has already built the
  :class:`~yamlkit.engine.Engine` (so they inherit it and every imported rule module; the
  parent's heap is frozen for the fork so the workers' garbage collector leaves it alone);
  elsewhere each worker builds its own in the pool initializer. A worker runs the per-file
  pipeline: read -> parse -> TEXT/DOCUMENT/RESOURCE rules -> suppressions. It returns
  :class:`~yamlkit.engine.FileResult` values: the file's sorted findings, its counts and its
  :class:`~yamlkit.source.SourceFile` (the parent needs it for source excerpts).
* RUN-scope (cross-resource) rules need every resource of the run. When any is enabled, the
  workers keep each file's resources in the result; the parent then feeds all results to
  :func:`yamlkit.engine.check_sources`, which runs the RUN rules over the resources exactly as
  it does in-process and merges and sorts their findings the same way.
* A resource travels as its plain data plus a :class:`LazyDocument`: the document's data, index
  and lines, but not its node tree (the node trees were most of the bytes, and unpickling them
  was the parent's main cost); the file's ``parsed`` (kept so that suppressions also cover
  cross-resource findings) travels as a :class:`LazyParsed`. Rules read the data; only when
  one needs a *position* (a finding, or a message naming another resource's line), or a file
  gets a cross-resource finding, does the parent re-parse that file, once, and the re-parsed
  document answers (parsing is deterministic, so positions are the same). On the real-world
  corpus that is about one file in five.
* Anything that goes wrong in a worker (an exception, a worker killed by the OS, a result that
  cannot be pickled) makes the parent redo that chunk in-process, so a failure behaves exactly
  as with ``--jobs 1``; workers ignore Ctrl-C, which the parent handles.
* Processes pay off only for many files: below :data:`MIN_FILES` files (or with one job) the
  files are checked in-process and no pool is started.

Rules must not carry state from one file to the next through ``ctx.cache`` other than caches
(compiled schemas and the like): each worker has its own. Cross-file logic belongs in RUN rules.
"""

from __future__ import annotations

import collections

import dataclasses
import multiprocessing
import os
import sys
from typing import Any, Iterable, Iterator

from .document import Document, ParsedFile
from .engine import Engine, FileResult
from .rules.base import Scope
from .settings import Settings
from .source import STDIN, SourceFile

#: fewer files than this are checked in-process: starting processes would cost more than it saves
MIN_FILES = 32


class _Reparse:
    """The one re-parse of a file, shared by its stand-ins (in the parent, on first need)."""

    __slots__ = ("source", "yaml12", "limits", "parsed", "documents")

    def __init__(self, source: SourceFile, yaml12: bool, limits: Any) -> None:
        self.source = source
        self.yaml12 = yaml12
        self.limits = limits
        self.parsed: ParsedFile | None = None
        self.documents: dict[int, Document] = {}

    def file(self) -> ParsedFile:
        if self.parsed is None:
            from .parse import parse

            self.parsed = parse(self.source, yaml12=self.yaml12, limits=self.limits)
            self.documents = {doc.index: doc for doc in self.parsed.documents}
            _remember(self)
        return self.parsed

    def document(self, index: int) -> Document:
        self.file()
        return self.documents[index]

    def release(self) -> None:
        self.parsed = None
        self.documents = {}


#: Re-parsed files whose node trees are kept, oldest first. Findings of one file are located
#: together, so a short list bounds memory (on 100k documents every file was kept before: 4.5 GB)
#: and a file evicted too early is simply parsed again.
_KEPT: "collections.OrderedDict[int, _Reparse]" = collections.OrderedDict()
KEEP_REPARSED = 64


def _remember(reparse: _Reparse) -> None:
    _KEPT[id(reparse)] = reparse
    while len(_KEPT) > KEEP_REPARSED:
        _key, oldest = _KEPT.popitem(last=False)
        oldest.release()



class LazyParsed:
    """A :class:`~yamlkit.document.ParsedFile` of a file checked in a worker, in the parent:
    re-parsed on first use (suppressions need it only for files with cross-resource findings)."""

    __slots__ = ("source", "_reparse")

    def __init__(self, reparse: _Reparse) -> None:
        self.source = reparse.source
        self._reparse = reparse

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # pickle's probes (__setstate__, ...) and unset slots
            raise AttributeError(name)
        return getattr(self._reparse.file(), name)


class LazyDocument:
    """A :class:`~yamlkit.document.Document` of a file checked in a worker, in the parent.

    ``source``, ``index``, ``data`` and the line numbers are here; everything else (``root``,
    ``locate``, ``keys``, ...) comes from re-parsing the file on first use.
    """

    __slots__ = ("source", "index", "data", "line_offset", "start_line", "end_line", "_reparse")

    def __init__(self, doc: Document, reparse: _Reparse) -> None:
        self.source = doc.source
        self.index = doc.index
        self.data = doc.data
        self.line_offset = doc.line_offset
        self.start_line = doc.start_line
        self.end_line = doc.end_line
        self._reparse = reparse

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # pickle's probes (__setstate__, ...) and unset slots
            raise AttributeError(name)
        return getattr(self._reparse.document(self.index), name)


def _portable(result: FileResult, settings: Settings) -> FileResult:
    """``result`` without node trees: its documents and parsed file become lazy stand-ins."""
    if result.source is None or not (result.resources or result.parsed is not None):
        return result
    reparse = _Reparse(result.source, settings.yaml12, settings.limits)
    lazy: dict[int, LazyDocument] = {}
    resources = []
    for resource in result.resources:
        doc = resource.document
        if id(doc) not in lazy:
            lazy[id(doc)] = LazyDocument(doc, reparse)
        resources.append(dataclasses.replace(resource, document=lazy[id(doc)]))  # type: ignore[arg-type]
    parsed = LazyParsed(reparse) if result.parsed is not None else None
    return dataclasses.replace(result, resources=resources, parsed=parsed)  # type: ignore[arg-type]


#: chunks redone in-process because a worker failed (for tests and --debug)
fallbacks = 0

_worker_engine: Engine | None = None
_worker_settings: Settings | None = None
_worker_keep = False


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
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


def _init_worker(settings: Settings, inherited: bool = False) -> None:
    global _worker_engine, _worker_settings, _worker_keep
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if inherited and _worker_engine is not None:
        return  # forked from a parent that built the engine (and imported every rule) already
    _worker_settings = settings
    try:
        _worker_engine = Engine(settings)
    except Exception:  # noqa: BLE001 - _work then fails and the parent redoes the work itself
        _worker_engine = None
        return
    _worker_keep = _keeps_resources(_worker_engine)


def _check_item(engine: Engine, settings: Settings, item: str | SourceFile | FileResult, keep: bool) -> FileResult:
    from .discovery import read_source

    source = item if isinstance(item, (SourceFile, FileResult)) else read_source(item, settings)
    if isinstance(source, FileResult):
        return source
    return engine.check_source(source, keep_resources=keep)


def _work(chunk: list[Any]) -> list[FileResult]:
    if _worker_engine is None or _worker_settings is None:
        raise RuntimeError("the worker could not set up its engine")
    settings = _worker_settings
    return [_portable(_check_item(_worker_engine, settings, item, _worker_keep), settings) for item in chunk]


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
    from concurrent.futures import ProcessPoolExecutor

    global _worker_engine, _worker_settings, _worker_keep
    chunks = _chunks(items, jobs)
    local: Engine | None = None
    context = _context()
    forked = context.get_start_method() == "fork"
    if forked:
        # Build the engine here, before the workers are forked: they inherit it, with every rule
        # module imported, instead of each importing and building its own.
        _worker_settings = settings
        _worker_engine = Engine(settings)
        _worker_keep = _keeps_resources(_worker_engine)
    executor = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker,
                                   initargs=(settings, forked))
    try:
        import gc

        # The forked workers inherit the parent's heap; freezing it keeps their garbage collector
        # from walking (and so copying, page by page) every inherited object.
        freeze = forked and gc.get_freeze_count() == 0  # never undo a freeze the caller made
        if freeze:
            gc.freeze()
        try:
            futures = [executor.submit(_work, chunk) for chunk in chunks]  # forks the workers
        finally:
            if freeze:
                gc.unfreeze()
        for chunk, future in zip(chunks, futures):  # in submission order: the file order
            try:
                batch = future.result()
            except Exception:  # noqa: BLE001 - a crash, a dead worker (BrokenProcessPool), pickling
                # redo in-process: the same results, or the same exception, as with --jobs 1
                global fallbacks
                fallbacks += 1
                if local is None:
                    local = Engine(settings)
                keep = _keeps_resources(local)
                batch = [_check_item(local, settings, item, keep) for item in chunk]
            yield from batch
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
        if forked:
            _worker_engine = _worker_settings = None


def iter_results(paths: Iterable[str], settings: Settings, jobs: int | None) -> tuple[int, int, Iterator[Any]]:
    """``(file count, jobs used, items for check_sources)`` for the files under ``paths``."""
    from .discovery import expand_paths

    files = list(expand_paths(paths, settings))
    used = effective_jobs(jobs, len(files))
    return len(files), used, check_files(files, settings, used)


__all__ = ["MIN_FILES", "LazyDocument", "LazyParsed", "check_files", "default_jobs", "effective_jobs", "iter_results"]
