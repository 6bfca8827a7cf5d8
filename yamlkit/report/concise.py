"""``concise``: ``file:line:col: CODE [severity] message (name)``, one line per finding.

The default when standard output is not a terminal (pipes, pre-commit, CI logs): easy to grep
and understood by editors' problem matchers. The summary line is added only on a terminal.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator

from . import RenderOptions, text_batches
from .common import paint, summary_line


def line_of(f: Any, color: bool = False) -> str:
    where = paint(f"{f.file}:{f.line}:{f.column}:", "bold", color)
    code = paint(f"{f.code} [{f.severity.value}]", f.severity.value, color)
    return f"{where} {code} {f.message} {paint(f'({f.rule})', 'dim', color)}"


def render(report: Any, sources: dict[str, Any], options: RenderOptions) -> str:
    return "".join(pieces(report, sources, options))


def pieces(report: Any, sources: dict[str, Any], options: RenderOptions) -> Iterator[str]:
    """The lines of :func:`render`, a batch at a time."""
    for batch in text_batches(report.findings, finding_renderer(options), options):
        yield "\n".join(batch) + "\n"
    if options.show_summary and not options.quiet:
        yield paint(summary_line(report), "bold", options.color) + "\n"


def finding_renderer(options: RenderOptions) -> Callable[[Any], str]:
    """One finding's line, without its newline (see :func:`yamlkit.report.finding_renderer`)."""
    color = options.color
    return lambda f: line_of(f, color)
