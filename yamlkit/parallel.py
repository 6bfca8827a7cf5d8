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
  :class:`~yamlkit.engine.FileResult` values: the file's sorted findings and its counts.
* RUN-scope (cross-resource) rules need every resource of the run. When any is enabled, the
  workers keep what those rules declare they need of each file (:mod:`yamlkit.retain`: the
  resources they want, pruned to the data they read, with the positions they report at; no node
  tree) in the result; the parent then feeds all results to
  :func:`yamlkit.engine.check_sources`, which runs the RUN rules over the resources exactly as
  it does in-process and merges and sorts their findings the same way.
* A result carries the file's text only when the caller asks for it (``keep_sources``: a report
  format that shows source lines); the parent's share of the work stays small.
* With ``render`` (the report's format and options) the workers also render their findings
  as that format writes each one (:func:`yamlkit.report.finding_renderer`), in the time the
  parent spends waiting for results anyway: after the RUN rules, the parent only renders theirs.
* The parent keeps at most a few chunks per worker in flight and drops each result once it has
  handed it on, so memory does not grow with results waiting to be consumed.
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
import os
import sys
from typing import Any, Callable, Iterable, Iterator

from .engine import Engine, FileResult
from .settings import Settings
from .source import STDIN, SourceFile

#: fewer files than this are checked in-process: starting processes would cost more than it saves
MIN_FILES = 32


#: chunks redone in-process because a worker failed (for tests and --debug)
fallbacks = 0

_worker_engine: Engine | None = None
_worker_settings: Settings | None = None
_worker_keep = False
_worker_sources = False
_worker_render: Callable[[Any], str] | None = None


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
    return engine.plan is not None


def _renderer(render: tuple[str, Any] | None) -> Callable[[Any], str] | None:
    """The function that renders one finding for ``render`` (format, options), if there is one."""
    if render is None:
        return None
    from .report import finding_renderer

    return finding_renderer(*render)


def _init_worker(settings: Settings, inherited: bool = False, keep_sources: bool = False,
                 render: tuple[str, Any] | None = None) -> None:
    global _worker_engine, _worker_settings, _worker_keep, _worker_sources, _worker_render
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if inherited and _worker_engine is not None:
        return  # forked from a parent that built the engine (and imported every rule) already
    _worker_settings = settings
    _worker_sources = keep_sources
    try:
        _worker_render = _renderer(render)
        _worker_engine = Engine(settings)
    except Exception:  # noqa: BLE001 - _work then fails and the parent redoes the work itself
        _worker_engine = None
        return
    _worker_keep = _keeps_resources(_worker_engine)


def _check_item(engine: Engine, settings: Settings, item: str | SourceFile | FileResult, keep: bool,
                keep_source: bool) -> FileResult:
    from .discovery import read_source

    source = item if isinstance(item, (SourceFile, FileResult)) else read_source(item, settings)
    if isinstance(source, FileResult):
        return source
    result = engine.check_source(source, keep_resources=keep)
    if keep_source:
        result.source = source
    return result


def _work(chunk: list[Any]) -> list[FileResult]:
    if _worker_engine is None or _worker_settings is None:
        raise RuntimeError("the worker could not set up its engine")
    results = [_check_item(_worker_engine, _worker_settings, item, _worker_keep, _worker_sources) for item in chunk]
    if _worker_render is not None:
        for result in results:
            result.texts = list(map(_worker_render, result.findings))
    return results


def _context() -> Any:
    # fork is by far the cheapest start on Linux (the rule registry is already imported);
    # elsewhere use the platform's default (spawn). (Imported here: a one-file run never needs it.)
    import multiprocessing

    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


#: most files in one chunk: big enough to amortize the IPC, small enough to show progress. Each
#: chunk's result costs the parent a message (a wake-up of the pool's thread, a future): on the
#: 10k corpus (3,291 files) 64 instead of 32 took the parent's CPU while the workers run from
#: ~140 to ~115 ms, CPU the two workers then have for themselves on two cores
MAX_CHUNK = 64


def _chunks(items: list[Any], jobs: int) -> list[list[Any]]:
    """Chunks that shrink towards the end (guided scheduling): each is at most 1/(4 x jobs) of the
    files left, so the workers run out of work within a file or two of each other instead of one
    finishing a whole chunk while the others wait."""
    out = []
    start = 0
    while start < len(items):
        size = max(1, min(MAX_CHUNK, (len(items) - start) // (jobs * 4)))
        out.append(items[start:start + size])
        start += size
    return out


def check_files(paths: list[str], settings: Settings, jobs: int, keep_sources: bool = False,
                render: tuple[str, Any] | None = None) -> Iterator[FileResult | SourceFile]:
    """Per-file results for ``paths`` (already expanded), in order, for ``check_sources``.

    With ``jobs == 1`` this yields what :func:`yamlkit.discovery.read_source` returns (the engine
    then checks each source in-process); otherwise :class:`FileResult` values from the pool,
    with their ``source`` when ``keep_sources`` is true and, with ``render`` (a report format
    and its :class:`~yamlkit.report.RenderOptions`), their findings' ``texts`` when that format
    renders findings one by one.
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
    yield from _pooled(items, settings, jobs, keep_sources, render)


#: chunks per worker submitted ahead of the one the parent waits for
AHEAD = 4


def _pooled(items: list[Any], settings: Settings, jobs: int, keep_sources: bool,
            render: tuple[str, Any] | None = None) -> Iterator[FileResult]:
    from concurrent.futures import ProcessPoolExecutor

    global _worker_engine, _worker_settings, _worker_keep, _worker_sources, _worker_render
    chunks = collections.deque(_chunks(items, jobs))
    context = _context()
    forked = context.get_start_method() == "fork"
    if forked:
        # Build the engine here, before the workers are forked: they inherit it, with every rule
        # module imported, instead of each importing and building its own.
        _worker_settings = settings
        _worker_engine = Engine(settings)
        _worker_keep = _keeps_resources(_worker_engine)
        _worker_sources = keep_sources
        _worker_render = _renderer(render)
    executor = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker,
                                   initargs=(settings, forked, keep_sources, render))
    pending: collections.deque[tuple[list[Any], Any]] = collections.deque()
    local: list[Engine] = []  # the in-process engine for chunks the pool failed on, built once

    def submit(count: int) -> None:
        while chunks and count > 0:
            chunk = chunks.popleft()
            pending.append((chunk, executor.submit(_work, chunk)))
            count -= 1

    try:
        import gc

        # The forked workers inherit the parent's heap; freezing it keeps their garbage collector
        # from walking (and so copying, page by page) every inherited object.
        freeze = forked and gc.get_freeze_count() == 0  # never undo a freeze the caller made
        if freeze:
            gc.freeze()
        try:
            submit(jobs * AHEAD)  # forks the workers
        finally:
            if freeze:
                gc.unfreeze()
        while pending:  # in submission order: the file order
            chunk, future = pending.popleft()
            submit(1)
            yield from _batch(chunk, future, settings, keep_sources, local)
            del chunk, future  # the consumer owns the results now
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
        if forked:
            _worker_engine = _worker_settings = _worker_render = None


def _batch(chunk: list[Any], future: Any, settings: Settings, keep_sources: bool,
           local: list[Engine]) -> list[FileResult]:
    """The results of one chunk; a chunk the pool failed on is redone in-process (with the
    engine in ``local``, built on the first failure: a broken pool fails every chunk left)."""
    try:
        batch: list[FileResult] = future.result()
        return batch
    except Exception:  # noqa: BLE001 - a crash, a dead worker (BrokenProcessPool), pickling
        # redo in-process: the same results, or the same exception, as with --jobs 1
        global fallbacks
        fallbacks += 1
        if not local:
            local.append(Engine(settings))
        engine = local[0]
        keep = _keeps_resources(engine)
        return [_check_item(engine, settings, item, keep, keep_sources) for item in chunk]


def iter_results(paths: Iterable[str], settings: Settings, jobs: int | None, keep_sources: bool = False,
                 render: tuple[str, Any] | None = None) -> tuple[int, int, Iterator[Any]]:
    """``(file count, jobs used, items for check_sources)`` for the files under ``paths`` (see
    :func:`check_files` for ``keep_sources`` and ``render``)."""
    from .discovery import expand_paths

    files = list(expand_paths(paths, settings))
    used = effective_jobs(jobs, len(files))
    return len(files), used, check_files(files, settings, used, keep_sources, render)


__all__ = ["MIN_FILES", "check_files", "default_jobs", "effective_jobs", "iter_results"]
