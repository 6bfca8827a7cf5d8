"""Running a check from the command line: read, check, render, choose the exit code.

Everything that depends on the terminal is decided here, once: the output format (``full`` on
a terminal, ``concise`` in a pipe), colour (``--color``, ``NO_COLOR``), the summary line and the
progress bar. The renderers in :mod:`yamlkit.report` only format.

Exit codes: 0 = no finding at or above the fail level, 1 = such findings, 2 = usage,
configuration or internal error (see docs/usage.md, "Exit codes").
"""

from __future__ import annotations

import collections
import os
import sys
import time
import zlib
from typing import Any, Iterable, Iterator, Mapping, TextIO

from .common import EXIT_USAGE, fail

#: more files than this show a progress bar (on a terminal, outside CI)
PROGRESS_MIN_FILES = 50

COLOR_MODES = ("auto", "always", "never")


def use_color(mode: str, stream: TextIO) -> bool:
    """``always``/``never`` win; ``auto`` means a terminal (or ``FORCE_COLOR``), unless ``NO_COLOR``
    is set or ``TERM=dumb``."""
    mode = (mode or "auto").lower()
    if mode not in COLOR_MODES:
        fail(f"unknown --color value {mode!r}", "use auto, always or never")
    if mode != "auto":
        return mode == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return _isatty(stream)


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def in_ci() -> bool:
    """CI systems set ``CI`` (GitHub, GitLab, Travis, CircleCI, Buildkite, ...)."""
    value = os.environ.get("CI", "")
    return bool(value) and value.lower() not in ("0", "false", "no")


def wants_progress(total: int, quiet: bool, stream: TextIO) -> bool:
    return total > PROGRESS_MIN_FILES and not quiet and not in_ci() and _isatty(stream)


class Progress:
    """``checking [##########..........] 450/900 files`` on one stderr line, redrawn in place."""

    def __init__(self, total: int, stream: TextIO, width: int = 30) -> None:
        self.total = total
        self.stream = stream
        self.width = width
        self.done = 0
        self._last = 0.0

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if now - self._last >= 0.1 or self.done >= self.total:
            self._last = now
            filled = self.width * self.done // max(1, self.total)
            bar = "#" * filled + "." * (self.width - filled)
            self.stream.write(f"\rchecking [{bar}] {self.done}/{self.total} files")
            self.stream.flush()

    def close(self) -> None:
        self.stream.write("\r\x1b[2K")  # erase the line: nothing is left in the terminal
        self.stream.flush()


def _counted(items: Iterable[Any], progress: Progress | None) -> Iterator[Any]:
    for item in items:
        yield item
        if progress is not None:
            progress.advance()


def run_check(paths: list[str], settings: Any, *, output_format: str | None, statistics: bool,
              quiet: bool, color: str, jobs: int | None) -> int:
    from ..report import HUMAN_FORMATS, SOURCE_FORMATS, RenderOptions, format_names, render_pieces, resolve_format

    stdout_tty = _isatty(sys.stdout)
    try:
        fmt = resolve_format(output_format, stdout_tty)
    except KeyError:
        fail(f"unknown output format {output_format!r}", "choose one of: " + ", ".join(format_names()))
    if jobs is not None and jobs < 0:
        fail(f"--jobs must be 0 (one per CPU) or more, not {jobs}")
    human = fmt in HUMAN_FORMATS
    colored = use_color(color, sys.stdout) if human else False
    options = RenderOptions(
        color=colored,
        statistics=statistics,
        quiet=quiet,
        # the summary line: always in `full`; in `concise` only on a terminal (pipes stay greppable)
        show_summary=not quiet and (fmt == "full" or stdout_tty or statistics),
        fail_level=settings.fail_level,
    )
    try:
        report, sources, options.ahead = _check(paths, settings, jobs, quiet,
                                                keep_sources=fmt in SOURCE_FORMATS and not statistics,
                                                render=(fmt, options))
        if report.summary.files == 0:
            sys.stderr.write(
                "yamlkit: warning: no YAML files (*.yaml, *.yml) found in: " + ", ".join(paths) + "\n"
            )
        _write(render_pieces(report, sources, fmt, options))
    except SystemExit:  # an error exit (common.fail)
        raise
    except Exception as exc:  # an internal error: exit 2, never a bare traceback with exit 1
        if getattr(settings, "debug", False):
            import traceback

            traceback.print_exc()
        sys.stderr.write(f"yamlkit: internal error: {type(exc).__name__}: {exc}\n")
        sys.stderr.write("  hint: run again with --debug for the traceback, and please report it\n")
        return EXIT_USAGE
    code: int = report.exit_code(settings.fail_level)
    return code


def _write(pieces: Iterable[str]) -> None:
    """Write the report as it is rendered; a reader that left (``| head``) is not an error."""
    try:
        for piece in pieces:
            sys.stdout.write(piece)
        sys.stdout.flush()
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:  # pragma: no cover
            pass


class SourceStore(Mapping[str, Any]):
    """The checked files' sources for a format that quotes them, kept compressed (a fraction of
    the text) and decompressed on demand; the last few used stay decompressed."""

    RECENT = 8

    def __init__(self) -> None:
        self._packed: dict[str, tuple[bytes, str, bool]] = {}
        self._recent: collections.OrderedDict[str, Any] = collections.OrderedDict()

    def add(self, source: Any) -> None:
        text = source.text.encode("utf-8", "surrogatepass")
        self._packed[source.name] = (zlib.compress(text, 1), source.encoding, source.had_bom)

    def __getitem__(self, name: str) -> Any:
        source = self._recent.get(name)
        if source is None:
            from ..source import SourceFile

            packed, encoding, had_bom = self._packed[name]
            text = zlib.decompress(packed).decode("utf-8", "surrogatepass")
            source = self._recent[name] = SourceFile(name=name, text=text, encoding=encoding, had_bom=had_bom)
            while len(self._recent) > self.RECENT:
                self._recent.popitem(last=False)
        else:
            self._recent.move_to_end(name)
        return source

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


def _check(paths: list[str], settings: Any, jobs: int | None, quiet: bool, keep_sources: bool,
           render: tuple[str, Any]) -> tuple[Any, Mapping[str, Any], Any]:
    """The report, the checked files' sources (with ``keep_sources``) and the findings' texts
    the workers rendered for ``render`` (format, options)."""
    from ..discovery import MissingPath
    from ..engine import check_sources
    from ..parallel import iter_results
    from ..report import RenderedAhead

    try:
        total, _used, items = iter_results(paths, settings, jobs, keep_sources, render)
    except MissingPath as exc:
        fail(f"no such file or directory: {exc}", "check the path; use '-' to read standard input")
    sources = SourceStore()
    ahead = RenderedAhead()
    progress = Progress(total, sys.stderr) if wants_progress(total, quiet, sys.stderr) else None
    try:
        stream = _collected(items, sources if keep_sources else None, ahead)
        report = check_sources(_counted(stream, progress), settings)
    finally:
        if progress is not None:
            progress.close()
    return report, sources, ahead


def _collected(items: Iterable[Any], sources: SourceStore | None, ahead: Any) -> Iterator[Any]:
    """``items``, after moving what they carry for the report into ``sources`` (the files' text,
    when given) and ``ahead`` (the texts a worker rendered)."""
    from ..engine import FileResult
    from ..source import SourceFile

    for item in items:
        if isinstance(item, FileResult):
            if item.source is not None and sources is not None:
                sources.add(item.source)
                item.source = None  # the store has it
            if item.texts is not None:
                ahead.add(item.findings, item.texts)
                item.texts = None
        elif sources is not None and isinstance(item, SourceFile):
            sources.add(item)
        yield item
