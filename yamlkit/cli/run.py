"""Running a check from the command line: read, check, render, choose the exit code."""

from __future__ import annotations

import sys
from typing import Any

from .common import fail


def run_check(paths: list[str], settings: Any, *, output_format: str | None, statistics: bool,
              quiet: bool, color: str, jobs: int | None) -> int:
    from ..discovery import MissingPath, iter_sources
    from ..engine import check_sources
    from ..report import FORMATS, RenderOptions, renderer
    from ..source import SourceFile

    fmt = output_format or "text"
    if fmt not in FORMATS:
        fail(f"unknown output format {fmt!r}", "choose one of: " + ", ".join(FORMATS))
    sources: dict[str, SourceFile] = {}

    def remember(items: Any) -> Any:
        for item in items:
            if isinstance(item, SourceFile):
                sources[item.name] = item
            yield item

    try:
        report = check_sources(remember(iter_sources(paths, settings)), settings)
    except MissingPath as exc:
        fail(f"no such file or directory: {exc}", "check the path; use '-' to read standard input")
    options = RenderOptions(color=False, statistics=statistics, quiet=quiet, show_summary=not quiet)
    sys.stdout.write(renderer(fmt)(report, sources, options))
    sys.stdout.flush()
    return report.exit_code(settings.fail_level)
